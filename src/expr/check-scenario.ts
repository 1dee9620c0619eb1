// The scenario checks of expressions and templates, as one pipeline stage: every site from the
// table in sites.ts is parsed and analysed against the variable table; then duplicate branch
// conditions and definite assignment. Positions point inside the string (locateInString).
import type { Code } from '../diagnostics/codes.js';
import { diagnosticAt, type Extras } from '../diagnostics/make.js';
import type { Diagnostic, DocPath, SourceLocator } from '../diagnostics/types.js';
import type { Scenario } from '../model/scenario.js';
import { analyzeExpression, type Analysis } from './analyze.js';
import { memoFor } from './memo.js';
import { findMaybeUnset } from './check-assignment.js';
import { sitesOf } from './sites.js';
import { splitTemplate } from './template-parts.js';
import { savedBefore, variableTable, type VariableSpec } from './variables.js';

export interface ExpressionCheckOptions {
  /** The config's `variables:`: names the platform sets, with their types. */
  variables?: ReadonlyMap<string, VariableSpec>;
  /** Steps with schema errors: skipped, their errors are reported already. */
  unchecked?: ReadonlySet<string>;
}

/** Spacing outside string literals removed. */
function normalised(source: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (quote) {
      out += c;
      if (c === '\\') out += source[++i] ?? '';
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      out += c;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') out += c;
  }
  return out;
}

export function checkExpressions(
  scenario: Scenario,
  locators: ReadonlyMap<string, SourceLocator>,
  options: ExpressionCheckOptions = {},
): Diagnostic[] {
  const table = variableTable(scenario, options.variables ?? new Map());
  const memo = memoFor(table.types);
  const cache = memo.analyses;
  const analyze = (source: string, kind: 'condition' | 'template'): Analysis => {
    const key = `${kind}\u0000${source}`;
    let found = cache.get(key);
    if (!found) {
      found = analyzeExpression(source, kind, table.types, memo.environment);
      if (kind === 'condition' && found.compiled) found.shape = normalised(source);
      cache.set(key, found);
    }
    return found;
  };

  const diagnostics: Diagnostic[] = [];
  const report = (
    code: Code,
    message: string,
    file: string,
    path: DocPath,
    start: number,
    end: number,
    extras: Extras = {},
  ): Diagnostic => {
    const locator = locators.get(file);
    const range = locator?.locateInString?.(path, start, end) ??
      locator?.locate(path) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const d = diagnosticAt(code, message, file, range, path, extras);
    diagnostics.push(d);
    return d;
  };
  const reads = new Map<string, Set<string>>();
  const readAt = new Map<string, { file: string; path: DocPath; start: number; end: number }>();

  for (const step of scenario.steps.values()) {
    if (options.unchecked?.has(step.key)) continue;
    const file = step.origin.file;
    const conditions: { shape: string; path: DocPath }[] = [];
    const before = new Map<string, Set<string>>();
    const ownSaves = (field: string): Set<string> => {
      let names = before.get(field);
      if (!names) {
        names = savedBefore(step, field);
        before.set(field, names);
      }
      return names;
    };
    for (const site of sitesOf(step)) {
      const parts: { source: string; offset: number }[] = [];
      if (site.kind === 'condition') parts.push({ source: site.text, offset: 0 });
      else {
        const split = splitTemplate(site.text);
        if (!split.ok) {
          report(
            'expression-syntax',
            `Template: ${split.message}.`,
            file,
            site.path,
            split.start,
            split.end,
            { hint: 'Write literal braces as {{ "{{" }}.' },
          );
          continue;
        }
        for (const part of split.parts)
          if (part.kind === 'expression') parts.push({ source: part.source, offset: part.offset });
      }
      for (const part of parts) {
        const analysis = analyze(part.source, site.kind);
        for (const f of analysis.findings) {
          report(
            f.code,
            f.message,
            file,
            site.path,
            part.offset + f.start,
            part.offset + f.end,
            f.hint ? { hint: f.hint } : {},
          );
        }
        for (const r of analysis.reads) {
          if (table.alwaysSet.has(r.name) || !table.savers.has(r.name)) continue;
          // Set by this step before it says this (a form's answers in its success_text).
          if (ownSaves(site.field).has(r.name)) continue;
          const set = reads.get(step.key) ?? new Set<string>();
          set.add(r.name);
          reads.set(step.key, set);
          const at = `${step.key}\u0000${r.name}`;
          if (!readAt.has(at))
            readAt.set(at, {
              file,
              path: site.path,
              start: part.offset + r.start,
              end: part.offset + r.end,
            });
        }
        if (site.kind === 'condition' && analysis.findings.length === 0) {
          const shape = analysis.shape;
          const earlier =
            shape === undefined ? undefined : conditions.find((c) => c.shape === shape);
          if (earlier && shape !== undefined) {
            const first = locators.get(file)?.locate(earlier.path);
            report(
              'duplicate-branch-condition',
              `This branch can never be taken: an earlier branch of "${step.key}" has the same condition.`,
              file,
              site.path,
              0,
              site.text.length,
              {
                hint: 'Remove the branch, or change one of the conditions.',
                ...(first
                  ? {
                      related: [
                        {
                          file,
                          line: first.line,
                          column: first.column,
                          message: 'the same condition, checked first',
                        },
                      ],
                    }
                  : {}),
              },
            );
          } else if (shape !== undefined) conditions.push({ shape, path: site.path });
        }
      }
    }
  }

  for (const unset of findMaybeUnset(scenario, reads)) {
    const at = readAt.get(`${unset.step}\u0000${unset.name}`);
    if (!at) continue;
    const savers = table.savers.get(unset.name) ?? [];
    report(
      'variable-maybe-unset',
      `"${unset.name}" may not be set here: on the path ${unset.path.join(' → ')} no step saves it.`,
      at.file,
      at.path,
      at.start,
      at.end,
      {
        hint: `It is saved by ${savers.map((s) => `"${s}"`).join(', ')}; make every path pass one of them first, or check it with has().`,
      },
    );
  }
  return diagnostics;
}
