// Parses one YAML scenario file into a plain value plus a locator. The conversion from YAML
// nodes to values is our own rather than yaml's toJS: it counts alias expansions (alias bombs),
// bounds the depth, refuses custom tags and complex keys, and stores `__proto__`-like keys as
// own data properties so that no input can reach an object prototype.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
} from 'yaml';
import type { Code } from '../diagnostics/codes.js';
import { diagnosticAt, diagnosticFor } from '../diagnostics/make.js';
import type { Diagnostic, SourceLocator } from '../diagnostics/types.js';
import { aliasCountMessage, aliasNodesMessage, type LoadLimits } from './limits.js';
import { indentationProblem } from './yaml-indentation.js';
import { fastYamlParse } from './yaml-fast.js';
import { loneSurrogates, mayHoldLoneSurrogate } from './well-formed.js';
import { lazyYamlLocator, yamlLocator } from './yaml-locator.js';
import { withoutStacks } from './without-stacks.js';

export interface ParsedSource {
  file: string;
  /** undefined when the file could not be turned into a value at all. */
  value: unknown;
  locator: SourceLocator;
  diagnostics: Diagnostic[];
  /**
   * False when the text holds no `${` at all, so there is no ${var.NAME} or ${secret:NAME} to
   * find or fill in (environments/variables.ts then leaves the value as it is). Undefined: unknown.
   */
  mayHoldReferences?: boolean;
}

const YAML_ERROR_CODES: Record<string, Code> = {
  DUPLICATE_KEY: 'yaml-duplicate-key',
  TAG_RESOLVE_FAILED: 'yaml-unsupported',
};

/**
 * `keepTree`: keep the syntax tree for positions instead of parsing again on the first one —
 * for files whose every part is located anyway (conversation tests report each test's line).
 * `reportingPathOnly`: skip the fast path (yaml-fast.ts), for the test that compares the two.
 */
export function parseYamlSource(
  file: string,
  text: string,
  limits: LoadLimits,
  options: { keepTree?: boolean; reportingPathOnly?: boolean } = {},
): ParsedSource {
  if (!options.keepTree && !options.reportingPathOnly) {
    const fast = fastYamlParse(text, limits);
    if (fast.kind === 'value') {
      const locator = lazyYamlLocator(file, text);
      return {
        file,
        value: fast.value,
        locator,
        diagnostics: mayHoldLoneSurrogate(text) ? loneSurrogates(fast.value, locator) : [],
        mayHoldReferences: text.includes('${'),
      };
    }
    if (fast.kind === 'refused') {
      const from = linePosition(text, fast.start);
      const to = linePosition(text, fast.end);
      return {
        file,
        value: undefined,
        locator: lazyYamlLocator(file, text),
        diagnostics: [
          diagnosticAt(fast.code, fast.message, file, {
            line: from.line,
            column: from.col,
            endLine: to.line,
            endColumn: to.col,
          }),
        ],
      };
    }
  }
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  // The parser places a problem found at the end of the file (an unclosed quote or bracket)
  // after the last line break, a line the file does not have: point at its last character.
  const contentEnd = text.trimEnd().length;
  const at = (
    code: Code,
    message: string,
    rawStart: number,
    rawEnd: number,
    hint?: string,
  ): Diagnostic => {
    const pastContent = rawStart >= contentEnd && contentEnd > 0;
    const start = pastContent ? contentEnd - 1 : rawStart;
    const end = pastContent ? contentEnd : rawEnd;
    const from = lineCounter.linePos(start);
    const to = lineCounter.linePos(Math.max(start, end));
    return diagnosticAt(
      code,
      message,
      file,
      { line: from.line, column: from.col, endLine: to.line, endColumn: to.col },
      [],
      hint ? { hint } : {},
    );
  };

  let documents: Document.Parsed[];
  try {
    // uniqueKeys off: yaml checks each key against every earlier key of its mapping (quadratic:
    // 60,000 keys took over a minute). toPlainValue finds duplicates with a Map instead.
    const parsed = withoutStacks(() =>
      parseAllDocuments(text, {
        lineCounter,
        uniqueKeys: false,
        prettyErrors: false,
        strict: true,
      }),
    );
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    // The parser recursing past the stack on absurd nesting is the one way it throws.
    const tooDeep = error instanceof RangeError;
    const emptyLocator = yamlLocator(file, null, lineCounter, text);
    return {
      file,
      value: undefined,
      locator: emptyLocator,
      diagnostics: [
        at(
          tooDeep ? 'yaml-too-deep' : 'yaml-syntax',
          tooDeep
            ? `The document is nested too deeply to parse.`
            : `The YAML could not be parsed: ${String(error)}`,
          0,
          0,
        ),
      ],
    };
  }

  const first = documents[0];
  const locator = yamlLocator(file, (first?.contents as Node | null) ?? null, lineCounter, text);
  if (
    !first ||
    first.contents === null ||
    (isScalar(first.contents) && first.contents.value === null && documents.length === 1)
  ) {
    diagnostics.push(
      at(
        'empty-file',
        'The file is empty. A scenario file needs at least `steps:` (or `start:`).',
        0,
        0,
      ),
    );
    return { file, value: undefined, locator, diagnostics };
  }
  if (documents.length > 1) {
    const second = documents[1];
    const offset = second?.range[0] ?? 0;
    diagnostics.push(
      at(
        'yaml-unsupported',
        'The file holds more than one YAML document (`---`). Put each part of the scenario in its own file.',
        offset,
        offset + 3,
      ),
    );
  }
  // An indentation mistake is one problem at its line, not the parser's two or three after it.
  const indentation = indentationProblem(text, first.errors);
  if (indentation)
    diagnostics.push(
      at('yaml-syntax', indentation.message, indentation.start, indentation.end, indentation.hint),
    );
  for (const error of indentation ? [] : first.errors) {
    const code = YAML_ERROR_CODES[error.code] ?? 'yaml-syntax';
    // The parser marks one character of a duplicate key; cover the whole key.
    const end = error.code === 'DUPLICATE_KEY' ? endOfKey(text, error.pos[0]) : error.pos[1];
    diagnostics.push(at(code, describeYamlError(error.code, error.message), error.pos[0], end));
  }
  for (const warning of first.warnings) {
    const code = YAML_ERROR_CODES[warning.code];
    if (code)
      diagnostics.push(
        at(code, describeYamlError(warning.code, warning.message), warning.pos[0], warning.pos[1]),
      );
  }
  if (diagnostics.length > 0) return { file, value: undefined, locator, diagnostics };

  const conversion = toPlainValue(first, limits);
  if (!conversion.ok && conversion.code === 'yaml-duplicate-key') {
    for (const node of new Set(conversion.duplicates)) {
      const [start, end] = node.range ?? [0, 0];
      diagnostics.push(
        at('yaml-duplicate-key', describeYamlError('DUPLICATE_KEY', ''), start, end),
      );
    }
    return { file, value: undefined, locator, diagnostics };
  }
  if (!conversion.ok) {
    const [start, end] = conversion.node?.range ?? [0, 0];
    diagnostics.push(at(conversion.code, conversion.message, start, end));
    return { file, value: undefined, locator, diagnostics };
  }
  // The file parsed cleanly: let its tree go, and rebuild it only if a check reports here.
  const kept = options.keepTree ? locator : lazyYamlLocator(file, text);
  if (mayHoldLoneSurrogate(text)) diagnostics.push(...loneSurrogates(conversion.value, kept));
  return {
    file,
    value: conversion.value,
    locator: kept,
    diagnostics,
    mayHoldReferences: text.includes('${'),
  };
}

/** 1-based line and column of an offset, as yaml's LineCounter gives them. */
function linePosition(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

function endOfKey(text: string, start: number): number {
  let end = start;
  while (end < text.length && !/[:\n]/.test(text.charAt(end))) end++;
  return text.slice(start, end).trimEnd().length + start;
}

function describeYamlError(code: string, message: string): string {
  const clean = message.replace(/\s+at line \d+, column \d+.*$/s, '').trim();
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'This key appears twice in the same mapping; the second would silently replace the first.';
    case 'TAG_RESOLVE_FAILED':
      return `${clean}. Scenario files use plain YAML values only (no custom tags).`;
    default:
      return `${clean.charAt(0).toUpperCase()}${clean.slice(1)}${clean.endsWith('.') ? '' : '.'}`;
  }
}

type Conversion =
  | { ok: true; value: unknown }
  | { ok: false; code: Code; message: string; node: Node | undefined; duplicates: Node[] };

class ConversionError extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly node: Node | undefined,
  ) {
    super(message);
  }
}

function toPlainValue(document: Document.Parsed, limits: LoadLimits): Conversion {
  let aliases = 0;
  // Nodes made by expanding aliases (counted as they are made, so a bomb stops at the limit).
  let aliasNodes = 0;
  // The alias written in the document that set off the expansion: the place to point at.
  let outermostAlias: Node | undefined;
  // Keys that repeat an earlier key of the same mapping (as the strings they become).
  const duplicates: Node[] = [];
  const convert = (node: unknown, depth: number): unknown => {
    if (depth > limits.maxDepth) {
      throw new ConversionError(
        'yaml-too-deep',
        `The document is nested deeper than ${limits.maxDepth} levels.`,
        node as Node,
      );
    }
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      aliases++;
      if (aliases > limits.maxAliases) {
        throw new ConversionError(
          'yaml-alias-limit',
          aliasCountMessage(limits),
          outermostAlias ?? node,
        );
      }
      const target = node.resolve(document);
      if (!target)
        throw new ConversionError('yaml-syntax', `Unresolved alias *${node.source}.`, node);
      const isOutermost = outermostAlias === undefined;
      if (isOutermost) outermostAlias = node;
      const value = convert(target, depth + 1);
      if (isOutermost) outermostAlias = undefined;
      return value;
    }
    if (outermostAlias !== undefined && ++aliasNodes > limits.maxAliasNodes) {
      throw new ConversionError('yaml-alias-limit', aliasNodesMessage(limits), outermostAlias);
    }
    if (isScalar(node)) {
      const value = node.value;
      if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
      if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
      if (typeof value === 'bigint') return Number(value);
      throw new ConversionError(
        'yaml-unsupported',
        'This value is not a plain string, number, boolean or null.',
        node,
      );
    }
    if (isSeq(node)) return node.items.map((item) => convert(item, depth + 1));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isScalar(pair.key)) {
          throw new ConversionError(
            'yaml-unsupported',
            'Mapping keys must be plain scalars, not collections.',
            (pair.key as Node) ?? node,
          );
        }
        const key = String(pair.key.value);
        if (seen.has(key)) duplicates.push(pair.key);
        seen.add(key);
        // defineProperty, not assignment: `__proto__` stays an ordinary key for the schema to reject.
        Object.defineProperty(out, key, {
          value: convert(pair.value, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    throw new ConversionError('yaml-unsupported', 'Unsupported YAML node.', node as Node);
  };
  try {
    const value = convert(document.contents, 0);
    if (duplicates.length > 0)
      return {
        ok: false,
        code: 'yaml-duplicate-key',
        message: '',
        node: duplicates[0],
        duplicates,
      };
    return { ok: true, value };
  } catch (error) {
    if (error instanceof ConversionError)
      return { ok: false, code: error.code, message: error.message, node: error.node, duplicates };
    if (error instanceof RangeError)
      return {
        ok: false,
        code: 'yaml-too-deep',
        message: 'The document is nested too deeply.',
        node: undefined,
        duplicates,
      };
    throw error;
  }
}

/** A diagnostic for a whole file that could not be read, pointing at its start. */
export function fileDiagnostic(
  file: string,
  code: Code,
  message: string,
  locator?: SourceLocator,
): Diagnostic {
  return locator
    ? diagnosticFor(code, message, locator, [])
    : diagnosticAt(code, message, file, { line: 1, column: 1, endLine: 1, endColumn: 1 });
}
