// Solving conditions for `botform test generate`: a CEL condition (as the library parses it) is
// turned into a disjunction of conjunctions of simple facts about variables, and each
// conjunction either yields values that make it hold (a witness) or a reason it cannot.
//
// Solved forms: literals (numbers, strings, booleans, null), variables and their fields
// (`user.tier`), comparisons of a variable with a literal (== != < <= > >=, either side),
// `size(x)` / `x.size()` compared with a number, `has(x.f)`, `x in [literals]`, `literal in x`,
// a bool variable on its own, and `&&`, `||`, `!` over these. Anything else is an "unsolved" fact:
// a conjunction holding one has no witness and is never claimed impossible.
import type { ASTNode } from '@marcbachmann/cel-js';
import { astOf, compileExpression } from '../expr/index.js';

type Literal = number | string | boolean | null;
type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

type Fact =
  | { kind: 'cmp'; path: string; op: CmpOp; value: Literal }
  | { kind: 'size'; path: string; op: CmpOp; value: number }
  | { kind: 'has'; path: string; present: boolean }
  | { kind: 'in'; path: string; values: Literal[]; inside: boolean }
  | { kind: 'contains'; path: string; value: Literal; inside: boolean }
  | { kind: 'false' }
  | { kind: 'unsolved'; text: string };

/** A disjunction of conjunctions. */
export type Dnf = Fact[][];

/** More cases than this and a condition is left unsolved (its size would grow exponentially). */
const MAX_TERMS = 256;

const NEGATED: Record<CmpOp, CmpOp> = {
  '==': '!=',
  '!=': '==',
  '<': '>=',
  '<=': '>',
  '>': '<=',
  '>=': '<',
};
const FLIPPED: Record<CmpOp, CmpOp> = {
  '==': '==',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

/** The facts under which `source` evaluates to `truth`; a parse failure is one unsolved fact. */
export function conditionDnf(source: string, truth: boolean): Dnf {
  const compiled = compileExpression(source);
  if (!compiled.ok) return [[{ kind: 'unsolved', text: source }]];
  const dnf = toDnf(astOf(compiled.value), truth, source);
  return dnf ?? [[{ kind: 'unsolved', text: source }]];
}

/** Both sides: every term of `a` with every term of `b`; undefined past MAX_TERMS. */
export function andDnf(a: Dnf, b: Dnf): Dnf | undefined {
  if (a.length * b.length > MAX_TERMS) return undefined;
  return a.flatMap((x) => b.map((y) => [...x, ...y]));
}

function textOf(node: ASTNode, source: string): string {
  const n = node as ASTNode & { pos?: number; end?: number };
  return typeof n.pos === 'number' && typeof n.end === 'number'
    ? source.slice(n.pos, n.end)
    : source;
}

function literalOf(node: ASTNode): Literal | undefined {
  if (node.op === 'value') {
    const v = node.args as unknown;
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null)
      return v;
    return undefined;
  }
  if (node.op === '-_') {
    const inner = literalOf(node.args as ASTNode);
    return typeof inner === 'number' ? -inner : undefined;
  }
  return undefined;
}

/** `a.b.c` as "a.b.c", or undefined for anything but a variable and its fields. */
function pathOf(node: ASTNode): string | undefined {
  if (node.op === 'id') return typeof node.args === 'string' ? node.args : undefined;
  if (node.op === '.') {
    const [inner, name] = node.args as [ASTNode, string];
    const base = pathOf(inner);
    return base === undefined ? undefined : `${base}.${name}`;
  }
  return undefined;
}

/** `size(x)` or `x.size()`: the path of x. */
function sizePathOf(node: ASTNode): string | undefined {
  if (node.op === 'call') {
    const [name, args] = node.args as [string, ASTNode[]];
    if (name === 'size' && args.length === 1) return pathOf(args[0] as ASTNode);
  }
  if (node.op === 'rcall') {
    const [name, target, args] = node.args as [string, ASTNode, ASTNode[]];
    if (name === 'size' && args.length === 0) return pathOf(target);
  }
  return undefined;
}

function single(fact: Fact): Dnf {
  return [[fact]];
}

function toDnf(node: ASTNode, truth: boolean, source: string): Dnf | undefined {
  const unsolved = (): Dnf => single({ kind: 'unsolved', text: textOf(node, source) });
  switch (node.op) {
    case '&&':
    case '||': {
      const [l, r] = node.args as [ASTNode, ASTNode];
      const a = toDnf(l, truth, source);
      const b = toDnf(r, truth, source);
      if (!a || !b) return undefined;
      const conjunction = (node.op === '&&') === truth;
      if (conjunction) return andDnf(a, b);
      return a.length + b.length > MAX_TERMS ? undefined : [...a, ...b];
    }
    case '!_':
      return toDnf(node.args as ASTNode, !truth, source);
    case 'value': {
      const v = literalOf(node);
      if (typeof v !== 'boolean') return unsolved();
      return v === truth ? [[]] : single({ kind: 'false' });
    }
    case 'id':
    case '.': {
      const path = pathOf(node);
      if (path === undefined) return unsolved();
      return single({ kind: 'cmp', path, op: '==', value: truth });
    }
    case 'call': {
      const [name, args] = node.args as [string, ASTNode[]];
      if (name === 'has' && args.length === 1) {
        const path = pathOf(args[0] as ASTNode);
        if (path !== undefined) return single({ kind: 'has', path, present: truth });
      }
      return unsolved();
    }
    case 'in': {
      const [l, r] = node.args as [ASTNode, ASTNode];
      const path = pathOf(l);
      if (path !== undefined && r.op === 'list') {
        const values = (r.args as ASTNode[]).map(literalOf);
        if (values.every((v) => v !== undefined))
          return single({ kind: 'in', path, values: values as Literal[], inside: truth });
      }
      const value = literalOf(l);
      const listPath = pathOf(r);
      if (value !== undefined && listPath !== undefined)
        return single({ kind: 'contains', path: listPath, value, inside: truth });
      return unsolved();
    }
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const [l, r] = node.args as [ASTNode, ASTNode];
      let op: CmpOp = node.op;
      let subject = l;
      let value = literalOf(r);
      if (value === undefined) {
        value = literalOf(l);
        subject = r;
        op = FLIPPED[op];
      }
      if (value === undefined) return unsolved();
      if (!truth) op = NEGATED[op];
      const sized = sizePathOf(subject);
      if (sized !== undefined)
        return typeof value === 'number'
          ? single({ kind: 'size', path: sized, op, value })
          : unsolved();
      const path = pathOf(subject);
      if (path === undefined) return unsolved();
      return single({ kind: 'cmp', path, op, value });
    }
    default:
      return unsolved();
  }
}

/** Values of variables by path ("user.tier"), from a witness. */
export type Witness = Map<string, unknown>;

type TermVerdict =
  | { kind: 'witness'; values: Witness }
  | { kind: 'impossible'; reason: string }
  | { kind: 'unsolved'; text: string };

interface Domain {
  type?: 'number' | 'string' | 'bool' | 'null';
  typeFrom?: string;
  eq?: { value: Literal; text: string };
  ne: Literal[];
  lo?: { value: number; open: boolean; text: string };
  hi?: { value: number; open: boolean; text: string };
  oneOf?: { values: Literal[]; text: string };
  sizeLo?: { value: number; text: string };
  sizeHi?: { value: number; text: string };
  sizeNe: number[];
  present?: { value: boolean; text: string };
  contains: Literal[];
  notContains: Literal[];
}

/** Facts known of some variables whatever the test does: the cart's total and count. */
export interface Known {
  /** Paths that can never be negative (`cart.total`), with what to say about them. */
  nonNegative: ReadonlyMap<string, string>;
}

export const CART_FACTS: Known = {
  nonNegative: new Map([
    ['cart.total', '`cart.total` is never negative'],
    ['cart.count', '`cart.count` is never negative'],
  ]),
};

function describe(fact: Fact): string {
  switch (fact.kind) {
    case 'cmp':
      return `\`${fact.path} ${fact.op} ${JSON.stringify(fact.value)}\``;
    case 'size':
      return `\`size(${fact.path}) ${fact.op} ${fact.value}\``;
    case 'has':
      return fact.present ? `\`has(${fact.path})\`` : `\`!has(${fact.path})\``;
    case 'in':
      return `\`${fact.path} ${fact.inside ? 'in' : 'not in'} ${JSON.stringify(fact.values)}\``;
    case 'contains':
      return `\`${JSON.stringify(fact.value)} ${fact.inside ? 'in' : 'not in'} ${fact.path}\``;
    case 'false':
      return '`false`';
    case 'unsolved':
      return `\`${fact.text}\``;
  }
}

function typeOf(value: Literal): Domain['type'] {
  return value === null
    ? 'null'
    : typeof value === 'number'
      ? 'number'
      : typeof value === 'string'
        ? 'string'
        : 'bool';
}

/** Whether `value` satisfies the domain's order and equality facts. */
function admits(d: Domain, value: Literal): boolean {
  if (d.eq && d.eq.value !== value) return false;
  if (d.ne.includes(value)) return false;
  if (d.oneOf && !d.oneOf.values.includes(value)) return false;
  if (typeof value === 'number') {
    if (d.lo && (d.lo.open ? value <= d.lo.value : value < d.lo.value)) return false;
    if (d.hi && (d.hi.open ? value >= d.hi.value : value > d.hi.value)) return false;
  } else if (d.lo || d.hi) return false;
  if (typeof value === 'string') {
    const n = [...value].length;
    if (d.sizeLo && n < d.sizeLo.value) return false;
    if (d.sizeHi && n > d.sizeHi.value) return false;
    if (d.sizeNe.includes(n)) return false;
  }
  return true;
}

/** Adds one fact; a contradiction's reason, if it makes the domain empty for sure. */
function addFact(d: Domain, fact: Fact, known: Known): string | undefined {
  const text = describe(fact);
  const setType = (type: Domain['type']): string | undefined => {
    if (d.type !== undefined && d.type !== type)
      return `${text} and ${d.typeFrom} compare it with values of different types`;
    d.type = type;
    d.typeFrom ??= text;
    return undefined;
  };
  const presence = (present: boolean): string | undefined => {
    if (d.present && d.present.value !== present) return `${text} and ${d.present.text} contradict`;
    d.present ??= { value: present, text };
    return undefined;
  };
  switch (fact.kind) {
    case 'has':
      return presence(fact.present);
    case 'cmp': {
      const problem = presence(true) ?? setType(typeOf(fact.value));
      if (problem) return problem;
      const v = fact.value;
      if (fact.op === '==') {
        if (d.eq && d.eq.value !== v) return `${text} and ${d.eq.text} contradict`;
        d.eq ??= { value: v, text };
      } else if (fact.op === '!=') d.ne.push(v);
      else {
        if (typeof v !== 'number') return undefined;
        const bound = { value: v, open: fact.op === '<' || fact.op === '>', text };
        if (fact.op === '<' || fact.op === '<=') {
          if (!d.hi || v < d.hi.value || (v === d.hi.value && bound.open)) d.hi = bound;
        } else if (!d.lo || v > d.lo.value || (v === d.lo.value && bound.open)) d.lo = bound;
      }
      const floor = known.nonNegative.get(fact.path);
      if (floor !== undefined && d.hi && (d.hi.value < 0 || (d.hi.value === 0 && d.hi.open)))
        return `${d.hi.text} cannot hold: ${floor}`;
      if (floor !== undefined && d.eq && typeof d.eq.value === 'number' && d.eq.value < 0)
        return `${d.eq.text} cannot hold: ${floor}`;
      if (d.lo && d.hi) {
        const empty =
          d.lo.value > d.hi.value ||
          (d.lo.value === d.hi.value && (d.lo.open || d.hi.open)) ||
          (d.lo.value === d.hi.value && d.ne.includes(d.lo.value));
        if (empty) return `${d.lo.text} and ${d.hi.text} contradict`;
      }
      if (d.eq && !admits(d, d.eq.value))
        return `${d.eq.text} and ${[d.lo?.text, d.hi?.text, d.oneOf?.text].filter(Boolean).join(', ') || 'another condition'} contradict`;
      return undefined;
    }
    case 'in': {
      const problem = presence(true);
      if (problem) return problem;
      if (fact.inside) {
        const values = d.oneOf
          ? d.oneOf.values.filter((v) => fact.values.includes(v))
          : fact.values;
        d.oneOf = { values, text };
        if (values.filter((v) => admits(d, v)).length === 0)
          return `${text} and the other conditions on \`${fact.path}\` contradict`;
      } else d.ne.push(...fact.values);
      if (d.eq && !admits(d, d.eq.value)) return `${d.eq.text} and ${text} contradict`;
      return undefined;
    }
    case 'size': {
      const problem = presence(true);
      if (problem) return problem;
      const n = fact.value;
      const lo = (v: number) => {
        if (!d.sizeLo || v > d.sizeLo.value) d.sizeLo = { value: v, text };
      };
      const hi = (v: number) => {
        if (!d.sizeHi || v < d.sizeHi.value) d.sizeHi = { value: v, text };
      };
      if (fact.op === '==') {
        lo(n);
        hi(n);
      } else if (fact.op === '!=') d.sizeNe.push(n);
      else if (fact.op === '<') hi(Math.ceil(n) - 1);
      else if (fact.op === '<=') hi(Math.floor(n));
      else if (fact.op === '>') lo(Math.floor(n) + 1);
      else if (fact.op === '>=') lo(Math.ceil(n));
      if (d.sizeHi && d.sizeHi.value < 0)
        return `${d.sizeHi.text} cannot hold: a size is never negative`;
      if (d.sizeLo && d.sizeHi && d.sizeLo.value > d.sizeHi.value)
        return `${d.sizeLo.text} and ${d.sizeHi.text} contradict`;
      if (
        d.sizeLo &&
        d.sizeHi &&
        d.sizeLo.value === d.sizeHi.value &&
        d.sizeNe.includes(d.sizeLo.value)
      )
        return `${text} and ${d.sizeLo.text} contradict`;
      return undefined;
    }
    case 'contains': {
      const problem = presence(true);
      if (problem) return problem;
      (fact.inside ? d.contains : d.notContains).push(fact.value);
      if (d.contains.some((v) => d.notContains.includes(v))) return `${text} contradicts itself`;
      return undefined;
    }
    default:
      return undefined;
  }
}

function pickNumber(d: Domain): number | undefined {
  const candidates: number[] = [];
  if (d.eq && typeof d.eq.value === 'number') candidates.push(d.eq.value);
  if (d.lo) candidates.push(d.lo.open ? Math.floor(d.lo.value) + 1 : Math.ceil(d.lo.value));
  if (d.hi) candidates.push(d.hi.open ? Math.ceil(d.hi.value) - 1 : Math.floor(d.hi.value));
  if (d.lo) candidates.push(d.lo.value + 0.5, d.lo.value + 1, d.lo.value + 2);
  if (d.hi) candidates.push(d.hi.value - 0.5, d.hi.value - 1);
  if (d.lo && d.hi) candidates.push((d.lo.value + d.hi.value) / 2);
  for (const v of d.oneOf?.values ?? []) if (typeof v === 'number') candidates.push(v);
  candidates.push(1, 2, 0, 10, -1, 100);
  return candidates.find((v) => Number.isFinite(v) && admits(d, v));
}

function pickString(d: Domain): string | undefined {
  if (d.eq) return typeof d.eq.value === 'string' && admits(d, d.eq.value) ? d.eq.value : undefined;
  for (const v of d.oneOf?.values ?? []) if (typeof v === 'string' && admits(d, v)) return v;
  if (d.oneOf) return undefined;
  const sized = d.sizeLo !== undefined || d.sizeHi !== undefined || d.sizeNe.length > 0;
  if (!sized) {
    for (let i = 0; i < 50; i++) {
      const v = i === 0 ? 'other' : `other${i}`;
      if (admits(d, v)) return v;
    }
    return undefined;
  }
  const from = Math.max(0, d.sizeLo?.value ?? 0);
  const to = Math.min(from + 60, d.sizeHi?.value ?? from + 60);
  for (let n = from; n <= to; n++)
    for (const letter of ['x', 'y', 'z']) {
      const v = letter.repeat(n);
      if (admits(d, v)) return v;
    }
  return undefined;
}

function pickValue(d: Domain): { ok: true; value: unknown } | { ok: false } {
  if (d.contains.length > 0 || d.notContains.length > 0) return { ok: true, value: d.contains };
  switch (d.type) {
    case 'number': {
      const v = pickNumber(d);
      return v === undefined ? { ok: false } : { ok: true, value: v };
    }
    case 'string': {
      const v = pickString(d);
      return v === undefined ? { ok: false } : { ok: true, value: v };
    }
    case 'bool':
      if (d.eq) return { ok: true, value: d.eq.value };
      return d.ne.includes(true)
        ? d.ne.includes(false)
          ? { ok: false }
          : { ok: true, value: false }
        : { ok: true, value: true };
    case 'null':
      return d.eq?.value === null ? { ok: true, value: null } : { ok: false };
    default: {
      if (d.oneOf) {
        const v = d.oneOf.values.find((x) => admits(d, x));
        return v === undefined ? { ok: false } : { ok: true, value: v };
      }
      if (d.sizeLo || d.sizeHi || d.sizeNe.length > 0) {
        const v = pickString({ ...d, type: 'string' });
        return v === undefined ? { ok: false } : { ok: true, value: v };
      }
      return { ok: true, value: 'yes' };
    }
  }
}

/** A witness for one conjunction, or the reason it cannot hold, or the fact left unsolved. */
function solveTerm(term: readonly Fact[], known: Known = CART_FACTS): TermVerdict {
  const domains = new Map<string, Domain>();
  let unsolved: string | undefined;
  for (const fact of term) {
    if (fact.kind === 'false') return { kind: 'impossible', reason: '`false` never holds' };
    if (fact.kind === 'unsolved') {
      unsolved ??= fact.text;
      continue;
    }
    let d = domains.get(fact.path);
    if (!d) {
      d = { ne: [], sizeNe: [], contains: [], notContains: [] };
      domains.set(fact.path, d);
    }
    const reason = addFact(d, fact, known);
    if (reason) return { kind: 'impossible', reason };
  }
  // A fact about `a.b` needs `a` to be an object: a value for `a` itself as well contradicts.
  const paths = [...domains.keys()].sort();
  for (const p of paths) {
    const d = domains.get(p) as Domain;
    const child = paths.find((q) => q.startsWith(`${p}.`));
    if (child && d.type !== undefined && d.present?.value !== false)
      return {
        kind: 'impossible',
        reason: `${d.typeFrom} and a field of \`${p}\` (\`${child}\`) contradict`,
      };
  }
  if (unsolved !== undefined) return { kind: 'unsolved', text: unsolved };
  const values: Witness = new Map();
  for (const p of paths) {
    const d = domains.get(p) as Domain;
    if (d.present?.value === false) continue;
    if (paths.some((q) => q.startsWith(`${p}.`))) continue;
    const picked = pickValue(d);
    if (!picked.ok)
      return {
        kind: 'impossible',
        reason: `no value of \`${p}\` satisfies ${[d.eq?.text, d.lo?.text, d.hi?.text, d.oneOf?.text, d.typeFrom].filter(Boolean).join(' and ')}`,
      };
    values.set(p, picked.value);
  }
  // `has(a.b)` false still needs `a`: an object without `b`.
  for (const p of paths) {
    const d = domains.get(p) as Domain;
    const dot = p.lastIndexOf('.');
    if (d.present?.value !== false || dot < 0) continue;
    const parent = p.slice(0, dot);
    if (![...values.keys()].some((q) => q === parent || q.startsWith(`${parent}.`)))
      values.set(parent, {});
  }
  return { kind: 'witness', values };
}

/** Every term solved: witnesses for those that hold, and a verdict for the whole disjunction. */
export function solveDnf(
  dnf: Dnf,
  known: Known = CART_FACTS,
): { witnesses: Witness[]; impossible?: string; unsolved?: string } {
  const witnesses: Witness[] = [];
  let reason: string | undefined;
  let unsolved: string | undefined;
  for (const term of dnf) {
    const verdict = solveTerm(term, known);
    if (verdict.kind === 'witness') witnesses.push(verdict.values);
    else if (verdict.kind === 'unsolved') unsolved ??= verdict.text;
    else reason ??= verdict.reason;
  }
  if (witnesses.length > 0 || unsolved !== undefined)
    return { witnesses, ...(unsolved !== undefined ? { unsolved } : {}) };
  return { witnesses, impossible: reason ?? 'no case of the condition can hold' };
}

/** The variable paths a disjunction speaks of. */
export function pathsOf(dnf: Dnf): Set<string> {
  const out = new Set<string>();
  for (const term of dnf) for (const f of term) if ('path' in f) out.add(f.path);
  return out;
}

/** Whether the disjunction has facts the solver leaves open. */
export function hasUnsolved(dnf: Dnf): boolean {
  return dnf.some((t) => t.some((f) => f.kind === 'unsolved' || f.kind === 'has'));
}
