// Property: whatever a scenario is mutated into, validation never throws, and every diagnostic
// has a known code and a place (file, line, column, an end not before the start).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compileSources } from '../../src/compile/index.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { isCode } from '../../src/diagnostics/codes.js';
import type { Diagnostic } from '../../src/diagnostics/types.js';
import { DEFAULT_LIMITS } from '../../src/load/limits.js';
import { parseYamlSource } from '../../src/load/yaml-source.js';
import { REPO } from '../helpers/fixtures.js';
import {
  badExpressionArbitrary,
  expressionArbitrary,
  templateArbitrary,
} from '../helpers/gen-expressions.js';

const EXAMPLE_DIR = path.join(REPO, 'scenarios', 'pizza-shop');
const EXAMPLE = readdirSync(EXAMPLE_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((name) => ({ name, text: readFileSync(path.join(EXAMPLE_DIR, name), 'utf8') }));
const config = { ...defaultConfig(REPO), channels: ['telegram', 'whatsapp'] };

// Parsing is pure: unmutated files are parsed once, so each case pays only for what changed.
const parseCache = new Map<string, ReturnType<typeof parseYamlSource>>();
function parseCached(name: string, text: string) {
  const key = `${name}\u0000${text}`;
  let parsed = parseCache.get(key);
  if (!parsed) {
    parsed = parseYamlSource(name, text, DEFAULT_LIMITS);
    if (parseCache.size < 64) parseCache.set(key, parsed);
  }
  return parsed;
}

function compileTexts(files: { name: string; text: string }[]): Diagnostic[] {
  const sources = files.map((f) => parseCached(f.name, f.text));
  const loadDiagnostics = sources.flatMap((s) => s.diagnostics);
  return compileSources(sources, loadDiagnostics, config).diagnostics;
}

/** Plain checks rather than expect(): this runs for thousands of diagnostics. */
function assertWellFormed(diagnostics: Diagnostic[], names: Set<string>): void {
  for (const d of diagnostics) {
    const problems = [
      !isCode(d.code) && `unknown code ${d.code}`,
      !names.has(d.file) && `unknown file ${d.file}`,
      !(d.line >= 1 && d.column >= 1) && `no position`,
      !(d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column)) &&
        'end before start',
      d.message.length === 0 && 'empty message',
    ].filter(Boolean);
    if (problems.length > 0) throw new Error(`${problems.join(', ')}: ${JSON.stringify(d)}`);
  }
}

const SNIPPETS = [
  ':',
  ': ',
  '-',
  '- ',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '\n',
  '  ',
  '\t',
  '&a ',
  '*a',
  '!tag ',
  '#',
  '|',
  '>',
  '?',
  ',',
  '%',
  '@',
  '`',
  '__proto__',
  'goto: nowhere',
  'type: x',
  '\u0000',
  '😀',
  'ä',
  '\r\n',
  '---\n',
  '...\n',
];

const textMutation = fc.record({
  file: fc.nat({ max: EXAMPLE.length - 1 }),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat({ max: 40 }),
  insert: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 12 })),
});

type Json = unknown;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every [path] into a value, to pick mutation targets from. */
function paths(
  value: Json,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) for (const [i, v] of value.entries()) paths(v, [...prefix, i], out);
  else if (isRecord(value))
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function mutate(
  value: Json,
  target: (string | number)[],
  op: 'delete' | 'replace' | 'rename',
  replacement: Json,
  newKey: string,
): Json {
  if (target.length === 0) return op === 'replace' ? replacement : value;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const segment of target.slice(0, -1))
    parent = parent[segment] as Record<string | number, unknown>;
  const last = target[target.length - 1] as string | number;
  if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (op === 'replace') {
    parent[last] = replacement;
  } else if (!Array.isArray(parent)) {
    const moved = parent[last];
    delete parent[last];
    Object.defineProperty(parent, newKey, {
      value: moved,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

const structuralMutation = fc.record({
  file: fc.nat({ max: EXAMPLE.length - 1 }),
  pick: fc.double({ min: 0, max: 1, noNaN: true }),
  op: fc.constantFrom('delete' as const, 'replace' as const, 'rename' as const),
  replacement: fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom('welcome', 'main_menu', 'nowhere', 'message', 'condition', '', -1, 1e9),
  ),
  newKey: fc.oneof(
    fc.constantFrom(
      'welcome',
      'main_menu',
      'type',
      'goto',
      'url',
      '__proto__',
      'constructor',
      'next',
      'menu',
      'x y',
      '',
    ),
    fc.string({ maxLength: 8 }),
  ),
});

describe('validate never throws on mutated scenarios', () => {
  const names = new Set(EXAMPLE.map((f) => f.name));

  it('the unmutated example is valid', () => {
    expect(compileTexts(EXAMPLE).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('text mutations (1,000 cases)', () => {
    fc.assert(
      fc.property(fc.array(textMutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const files = EXAMPLE.map((f) => ({ ...f }));
        for (const m of mutations) {
          const file = files[m.file] as { name: string; text: string };
          const at = Math.floor(m.at * file.text.length);
          file.text = file.text.slice(0, at) + m.insert + file.text.slice(at + m.remove);
        }
        assertWellFormed(compileTexts(files), names);
      }),
      { numRuns: 1000, seed: 20261122 },
    );
  });

  it('structural mutations (1,000 cases)', () => {
    const values = EXAMPLE.map((f) => parseYamlSource(f.name, f.text, DEFAULT_LIMITS).value);
    fc.assert(
      fc.property(fc.array(structuralMutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const current = [...values];
        for (const m of mutations) {
          const all = paths(current[m.file]);
          const target = all[Math.floor(m.pick * all.length)] ?? [];
          current[m.file] = mutate(current[m.file], target, m.op, m.replacement, m.newKey);
        }
        const files = EXAMPLE.map((f, i) => ({ name: f.name, text: stringify(current[i]) }));
        assertWellFormed(compileTexts(files), names);
      }),
      { numRuns: 1000, seed: 11222026 },
    );
  });

  it('generated expressions and templates, in every YAML string style (1,200 cases)', () => {
    const EXPRESSION_CODES = new Set([
      'expression-syntax',
      'expression-unsupported',
      'unknown-variable',
      'unknown-variable-field',
      'expression-type',
      'condition-not-bool',
      'variable-maybe-unset',
      'duplicate-branch-condition',
    ]);
    const main = EXAMPLE.findIndex((f) => f.name === 'main.yaml');
    const orders = EXAMPLE.findIndex((f) => f.name === 'orders.yaml');
    const conditionLine = 'if: user.is_subscriber == true';
    const templateLine =
      'text: Your order is confirmed. It will be ready in about {{kitchen.eta_minutes}} minutes.';
    const lineOf = (text: string, needle: string) =>
      text.slice(0, text.indexOf(needle)).split('\n').length;
    const quote = (value: string, style: number): string => {
      switch (style) {
        case 0:
          return JSON.stringify(value);
        case 1:
          return `'${value.replace(/'/g, "''")}'`;
        default:
          return stringify(value).trimEnd();
      }
    };
    fc.assert(
      fc.property(
        fc.oneof(expressionArbitrary, badExpressionArbitrary),
        templateArbitrary,
        fc.nat({ max: 2 }),
        fc.nat({ max: 2 }),
        (condition, template, conditionStyle, templateStyle) => {
          const files = EXAMPLE.map((f) => ({ ...f }));
          const mainFile = files[main] as { name: string; text: string };
          const ordersFile = files[orders] as { name: string; text: string };
          const at = lineOf(mainFile.text, conditionLine);
          // Single-line quoted scalars keep every diagnostic of the condition on its own line.
          const oneLine = conditionStyle < 2 && !/[\n\r]/.test(condition);
          const scalar = quote(condition, conditionStyle).replace(/\n/g, '\n        ');
          mainFile.text = mainFile.text.replace(conditionLine, `if: ${scalar}`);
          const block = `text: |-\n${template
            .split('\n')
            .map((l) => `      ${l}`)
            .join('\n')}`;
          ordersFile.text = ordersFile.text.replace(
            templateLine,
            templateStyle === 2 ? block : `text: ${quote(template, templateStyle)}`,
          );
          const diagnostics = compileTexts(files);
          assertWellFormed(diagnostics, names);
          if (oneLine) {
            for (const d of diagnostics) {
              if (d.file === 'main.yaml' && EXPRESSION_CODES.has(d.code) && d.line !== at)
                throw new Error(
                  `off the condition's line ${at}: ${JSON.stringify(d)} for ${condition}`,
                );
            }
          }
        },
      ),
      { numRuns: 1200, seed: 20261129 },
    );
  }, 300_000);
});
