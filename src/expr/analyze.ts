// Static analysis of one expression against the scenario's variable table: syntax, unknown
// variables and fields (with "did you mean"), types (the library's checker), and what it reads.
// Offsets are into the expression's source; the caller shifts them into the string it came from.
import { typeErrorInWords } from './type-words.js';
import type { ASTNode, Environment } from '@marcbachmann/cel-js';
import { closestMatch } from '../diagnostics/suggest.js';
import { childrenOf, MACROS } from './ast-walk.js';
import { astOf, compileExpression, type CompiledExpression } from './index.js';
import type { VarType } from './types.js';

type FindingCode =
  | 'expression-syntax'
  | 'expression-unsupported'
  | 'unknown-variable'
  | 'unknown-variable-field'
  | 'expression-type'
  | 'condition-not-bool';

interface Finding {
  code: FindingCode;
  message: string;
  hint?: string;
  start: number;
  end: number;
}

interface Read {
  name: string;
  start: number;
  end: number;
}

export interface Analysis {
  findings: Finding[];
  /** Top-level variables read (comprehension variables excluded). */
  reads: Read[];
  compiled?: CompiledExpression;
  /** For conditions: the source without spacing outside string literals, to compare branches. */
  shape?: string;
}

interface Walk {
  types: ReadonlyMap<string, VarType>;
  findings: Finding[];
  reads: Read[];
}

/** `a.b.c` → base `a` and the selected fields with the offsets of their names. */
function selectChain(node: ASTNode): {
  base: ASTNode;
  fields: { name: string; start: number; end: number }[];
} {
  const fields: { name: string; start: number; end: number }[] = [];
  let current = node;
  while (current.op === '.' || current.op === '.?') {
    const [inner, name] = current.args;
    fields.unshift({ name, start: current.pos, end: current.end });
    current = inner;
  }
  return { base: current, fields };
}

function checkFields(
  type: VarType | undefined,
  path: string,
  fields: readonly { name: string; start: number; end: number }[],
  walk: Walk,
): void {
  let current = type;
  let shown = path;
  for (const field of fields) {
    if (current?.kind !== 'object') return;
    const next = current.fields.get(field.name);
    if (!next) {
      const suggestion = closestMatch(field.name, current.fields.keys());
      walk.findings.push({
        code: 'unknown-variable-field',
        message: `"${shown}" has no field "${field.name}".${suggestion ? ` Did you mean "${shown}.${suggestion}"?` : ''}`,
        hint: `Fields of ${shown}: ${[...current.fields.keys()].join(', ')}.`,
        start: field.start,
        end: field.end,
      });
      return;
    }
    current = next;
    shown = `${shown}.${field.name}`;
  }
}

function visit(node: ASTNode, bound: ReadonlySet<string>, walk: Walk): void {
  if (node.op === 'id') {
    readVariable(node, [], bound, walk);
    return;
  }
  if (node.op === '.' || node.op === '.?') {
    const { base, fields } = selectChain(node);
    if (base.op === 'id') readVariable(base, fields, bound, walk);
    else visit(base, bound, walk);
    return;
  }
  if (node.op === 'rcall' && MACROS.has(node.args[0])) {
    const [, receiver, args] = node.args;
    visit(receiver, bound, walk);
    // The first one or two arguments name the loop variables; the rest may read them.
    const names = args
      .slice(0, args.length - 1)
      .filter((a) => a.op === 'id')
      .map((a) => a.args as string);
    const inner = new Set([...bound, ...names]);
    for (const arg of args.slice(names.length)) visit(arg, inner, walk);
    return;
  }
  for (const child of childrenOf(node)) visit(child, bound, walk);
}

function readVariable(
  id: ASTNode,
  fields: readonly { name: string; start: number; end: number }[],
  bound: ReadonlySet<string>,
  walk: Walk,
): void {
  const name = id.args as string;
  if (bound.has(name)) return;
  const type = walk.types.get(name);
  if (!type) {
    const suggestion = closestMatch(name, walk.types.keys());
    walk.findings.push({
      code: 'unknown-variable',
      message: `Unknown variable "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
      hint: "A variable is set by a question or operation (save_as), a form or order field, the config's variables:, or is a built-in (user, cart, order, shop, channel).",
      start: id.start,
      end: id.end,
    });
    return;
  }
  walk.reads.push({ name, start: id.start, end: id.end });
  checkFields(type, name, fields, walk);
}

const LOCATED_KINDS: Record<string, FindingCode> = {
  syntax: 'expression-syntax',
  unsupported: 'expression-unsupported',
  limit: 'expression-unsupported',
};

/**
 * Analyses one expression. `typed` is an environment with every variable of the table declared;
 * it is used only when no name is unknown (the checker stops at the first problem).
 */
export function analyzeExpression(
  source: string,
  kind: 'condition' | 'template',
  types: ReadonlyMap<string, VarType>,
  typed: () => Environment,
): Analysis {
  const compiled = compileExpression(source);
  if (!compiled.ok) {
    const { error } = compiled;
    const code = LOCATED_KINDS[error.kind] ?? 'expression-syntax';
    const message =
      code === 'expression-syntax'
        ? `The expression does not parse: ${error.message.replace(/Unexpected token: EOF/, 'it ends too early')}.`
        : `${error.message}.`;
    return { findings: [{ code, message, start: error.start, end: error.end }], reads: [] };
  }
  const walk: Walk = { types, findings: [], reads: [] };
  visit(astOf(compiled.value), new Set(), walk);
  if (walk.findings.length === 0) {
    let result: ReturnType<Environment['check']>;
    try {
      result = typed().check(source);
    } catch (error) {
      result = { valid: false, error: error as never };
    }
    if (!result.valid && result.error) {
      const range = result.error.range ?? { start: 0, end: source.length };
      const raw = result.error.summary ?? String(result.error);
      const words = typeErrorInWords(raw);
      walk.findings.push({
        code: 'expression-type',
        message: words ? `${words.message}.` : `Type mismatch: ${raw}.`,
        ...(words?.hint ? { hint: words.hint } : {}),
        start: range.start,
        end: range.end,
      });
    } else if (
      kind === 'condition' &&
      result.type !== undefined &&
      result.type !== 'bool' &&
      !result.type.startsWith('dyn')
    ) {
      walk.findings.push({
        code: 'condition-not-bool',
        message: `A condition must be true or false, but this is a ${result.type === 'double' ? 'number' : result.type}.`,
        hint: 'Compare it with something, e.g. `x > 0` or `x == "yes"`.',
        start: 0,
        end: source.length,
      });
    }
  }
  return { findings: walk.findings, reads: walk.reads, compiled: compiled.value };
}
