import { isRecord } from '../model/json.js';
import type { Scenario, Step } from '../model/scenario.js';
import { answerKind, type AnswerKind } from '../runtime/answers.js';
import {
  declaredError,
  exampleResult,
  start as runStart,
  step as runStep,
} from '../runtime/index.js';
import type {
  CartItem,
  ConversationState,
  Json,
  JsonObject,
  OperationResult,
  RuntimePorts,
  TurnResult,
  UserInput,
} from '../runtime/types.js';
import { savedVariablesOf } from '../steps/roles.js';
import { fieldsOf as declaredFields, matchesType } from '../validate/api-declaration.js';
import type { Feasibility } from '../solve/feasibility.js';

/** What a test fixes the first time a turn asks. */
type Choice =
  | { kind: 'stub'; status: number; body?: Json }
  | { kind: 'variant'; index: number }
  | { kind: 'operator'; on: boolean };

export interface Fixtures {
  vars?: JsonObject;
  /** A cart the conversation starts with (`cart:` of a test). */
  cart?: CartItem[];
  /** By decision ("op:KEY", "random:KEY", "operator"), in the order they were made. */
  choices: Record<string, Choice>;
}

export interface Node {
  parent?: Node;
  start: string;
  input?: UserInput;
  result: TurnResult;
  fixtures: Fixtures;
  depth: number;
  /** The labels of the buttons the user can press now (shown this turn, or still shown). */
  offered: string[];
}

function offeredAfter(result: TurnResult, parent: Node | undefined): string[] {
  const shown = [...result.messages].reverse().find((m) => m.buttons.length > 0);
  if (shown) return shown.buttons.filter((b) => b.url === undefined).map((b) => b.text);
  if (parent && parent.result.state.at === result.state.at && result.state.at !== null)
    return parent.offered;
  return [];
}

export interface SearchLimits {
  /** States one breadth-first search visits at most. */
  statesPerSearch: number;
  /** User turns of one journey at most. */
  turnsPerJourney: number;
  /** Turns run in all (every try of every input). */
  turnRuns: number;
  /** Fixture combinations tried for one input. */
  choicesPerInput: number;
}

export const DEFAULT_LIMITS: SearchLimits = {
  statesPerSearch: 3000,
  turnsPerJourney: 40,
  turnRuns: 200_000,
  choicesPerInput: 16,
};

const VALID_ANSWER: Record<AnswerKind, string> = {
  text: 'Ann',
  number: '3',
  email: 'ann@example.com',
  phone: '+1 555 0100',
  date: '2027-01-15',
};
const INVALID_ANSWER: Partial<Record<AnswerKind, string>> = {
  number: 'many',
  email: 'ann at example',
  phone: 'call me',
  date: 'someday',
};

const PRODUCT = 'Product';

/** The explorer of one scenario: the moves from a node, and what every tried turn reached. */
export interface Explorer {
  /** The conversations a start opens, one per start variables, start cart and fixture choice. */
  startNodes(key: string, vars: readonly JsonObject[], carts?: readonly CartItem[][]): Node[];
  /** The conversations one input further, for every input and fixture choice at `node`. */
  children(node: Node): Node[];
  /** Start variables worth trying: none, and each solution's values no step saves. */
  startVars: JsonObject[];
  /** Start carts worth trying: an empty one, and one product per cart total a condition asks for. */
  startCarts: CartItem[][];
  /** Steps any tried turn entered. */
  reached: Set<string>;
  /** The turn budget ran out. */
  exhausted(): boolean;
  /** Turns run so far (every try of every input). */
  turnsRun(): number;
}

export function explorer(
  scenario: Scenario,
  feasibility: Feasibility,
  limits: SearchLimits = DEFAULT_LIMITS,
): Explorer {
  const values = candidateValues(feasibility);
  const savers = variableSavers(scenario);
  const reached = new Set<string>();
  let runs = 0;
  let exhausted = false;

  const alternatives = (decision: string): Choice[] => {
    const [what, key = ''] = splitDecision(decision);
    if (what === 'operator')
      return [
        { kind: 'operator', on: false },
        { kind: 'operator', on: true },
      ];
    const step = scenario.steps.get(key);
    if (!step) return [];
    if (what === 'random') {
      const variants = Array.isArray(step.fields.variants) ? step.fields.variants : [];
      const out: Choice[] = [];
      variants.forEach((v: unknown, index) => {
        if (!(isRecord(v) && v.weight === 0)) out.push({ kind: 'variant', index });
      });
      return out;
    }
    const out: Choice[] = [{ kind: 'stub', status: 200 }];
    const api = isRecord(step.fields.api) ? step.fields.api : {};
    for (const e of Array.isArray(api.errors) ? api.errors : [])
      if (isRecord(e) && typeof e.status === 'number') out.push({ kind: 'stub', status: e.status });
    out.push(...stubBodies(step, values));
    return out;
  };

  const portsFor = (fixtures: Fixtures, opened: string[]): RuntimePorts => {
    const choose = (decision: string): Choice | undefined => {
      const made = fixtures.choices[decision];
      if (made) return made;
      if (!opened.includes(decision)) opened.push(decision);
      return alternatives(decision)[0];
    };
    return {
      callOperation(call) {
        const step = scenario.steps.get(call.step);
        const c = choose(`op:${call.step}`);
        if (!step || !c || c.kind !== 'stub') return { status: 200, body: {} };
        return stubResult(step, c);
      },
      chooseVariant(key) {
        const c = choose(`random:${key}`);
        return c?.kind === 'variant' ? c.index : undefined;
      },
      operatorAvailable() {
        const c = choose('operator');
        return c?.kind === 'operator' && c.on;
      },
    };
  };

  /** The turn run under each combination of the choices it opens (the first: the defaults). */
  const tryAll = (
    base: Fixtures,
    run: (ports: RuntimePorts) => TurnResult,
  ): { result: TurnResult; fixtures: Fixtures }[] => {
    const out: { result: TurnResult; fixtures: Fixtures }[] = [];
    const queue: Fixtures[] = [base];
    const seen = new Set<string>([fixtureKey(base)]);
    while (queue.length > 0 && out.length < limits.choicesPerInput) {
      if (runs >= limits.turnRuns) {
        exhausted = true;
        break;
      }
      const fixtures = queue.shift() as Fixtures;
      const opened: string[] = [];
      runs++;
      const result = run(portsFor(fixtures, opened));
      const fixed: Fixtures = { ...fixtures, choices: { ...fixtures.choices } };
      for (const d of opened) fixed.choices[d] = alternatives(d)[0] as Choice;
      out.push({ result, fixtures: fixed });
      for (const d of opened)
        for (const alt of alternatives(d).slice(1)) {
          const next: Fixtures = { ...fixtures, choices: { ...fixtures.choices, [d]: alt } };
          const key = fixtureKey(next);
          if (!seen.has(key)) {
            seen.add(key);
            queue.push(next);
          }
        }
    }
    return out;
  };

  const usable = (r: TurnResult, isInput: boolean) =>
    r.error === undefined && !(isInput && r.events.some((e) => e.type === 'input_ignored'));

  const startNodes = (
    key: string,
    vars: readonly JsonObject[],
    carts: readonly CartItem[][] = [[]],
  ): Node[] => {
    const out: Node[] = [];
    for (const v of vars)
      for (const cart of carts) {
        const base: Fixtures = {
          ...(Object.keys(v).length > 0 ? { vars: v } : {}),
          ...(cart.length > 0 ? { cart } : {}),
          choices: {},
        };
        for (const { result, fixtures } of tryAll(base, (ports) =>
          runStart(
            scenario,
            {
              at: key,
              ...(base.vars ? { vars: base.vars } : {}),
              ...(base.cart ? { cart: base.cart } : {}),
            },
            ports,
          ),
        )) {
          for (const s of result.entered) reached.add(s);
          if (usable(result, false))
            out.push({
              start: key,
              result,
              fixtures,
              depth: 0,
              offered: offeredAfter(result, undefined),
            });
        }
      }
    return out;
  };

  const children = (node: Node): Node[] => {
    const out: Node[] = [];
    const state = node.result.state;
    for (const input of inputsAt(scenario, node, savers, values)) {
      for (const { result, fixtures } of tryAll(node.fixtures, (ports) =>
        runStep(scenario, state, input, ports),
      )) {
        for (const s of result.entered) reached.add(s);
        if (usable(result, true))
          out.push({
            parent: node,
            start: node.start,
            input,
            result,
            fixtures,
            depth: node.depth + 1,
            offered: offeredAfter(result, node),
          });
      }
    }
    return out;
  };

  return {
    startNodes,
    children,
    startVars: fixtureVarCandidates(feasibility, savers),
    startCarts: [[], ...productsFor(values).map((item) => [item])],
    reached,
    exhausted: () => exhausted,
    turnsRun: () => runs,
  };
}

function splitDecision(decision: string): [string, string?] {
  const colon = decision.indexOf(':');
  return colon < 0 ? [decision] : [decision.slice(0, colon), decision.slice(colon + 1)];
}

function fixtureKey(f: Fixtures): string {
  return JSON.stringify([
    f.vars ?? null,
    f.cart ?? null,
    Object.entries(f.choices).sort(([a], [b]) => (a < b ? -1 : 1)),
  ]);
}

export function stateKey(n: Node): string {
  const s: ConversationState = n.result.state;
  return JSON.stringify([
    s.at,
    s.waiting,
    s.vars,
    s.cart,
    s.ended,
    s.leads > 0,
    s.orders > 0,
    fixtureKey(n.fixtures),
  ]);
}

function stubResult(step: Step, c: Extract<Choice, { kind: 'stub' }>): OperationResult {
  if (c.body !== undefined) return { status: c.status, body: c.body };
  if (c.status >= 200 && c.status < 300) return { ...exampleResult(step), status: c.status };
  return declaredError(step, c.status) ?? { status: c.status, body: {} };
}

/** Values the conditions' solutions ask for, by variable path. */
function candidateValues(feasibility: Feasibility): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const guard of feasibility.guards.values())
    for (const w of guard.witnesses)
      for (const [path, value] of w) {
        const list = out.get(path) ?? [];
        if (!list.some((v) => JSON.stringify(v) === JSON.stringify(value))) list.push(value);
        out.set(path, list);
      }
  return out;
}

interface Saver {
  step: Step;
  from: 'answer' | 'api';
}

/** Which steps save each variable (by name), as the registry's `saves` roles say. */
function variableSavers(scenario: Scenario): Map<string, Saver[]> {
  const out = new Map<string, Saver[]>();
  for (const step of scenario.steps.values())
    for (const saved of savedVariablesOf(step.type, step.fields)) {
      const list = out.get(saved.name) ?? [];
      list.push({ step, from: saved.saves.type.from === 'api-response' ? 'api' : 'answer' });
      out.set(saved.name, list);
    }
  return out;
}

/** Stubs answering 200 with the example changed as a solution asks (declared fields only). */
function stubBodies(step: Step, values: Map<string, unknown[]>): Choice[] {
  const out: Choice[] = [];
  const saved = savedVariablesOf(step.type, step.fields).filter(
    (s) => s.saves.type.from === 'api-response',
  );
  const api = isRecord(step.fields.api) ? step.fields.api : {};
  const response = isRecord(api.response) ? api.response : {};
  const declared = { ...declaredFields(response.optional), ...declaredFields(response.required) };
  const example = exampleResult(step).body;
  for (const s of saved)
    for (const [path, list] of values) {
      if (!path.startsWith(`${s.name}.`)) continue;
      const field = path.slice(s.name.length + 1);
      const spec = declared[field];
      if (!spec || field.includes('.')) continue;
      // A declared set of values is what the API can answer: those, not the solver's picks.
      const answers = spec.enum ?? list.filter((v) => matchesType(v, spec.type));
      for (const value of answers) {
        const body: JsonObject = isRecord(example) ? { ...(example as JsonObject) } : {};
        body[field] = value as Json;
        out.push({ kind: 'stub', status: 200, body });
      }
    }
  return out;
}

/** Start variables: for each solution, its values of variables no step saves (the cart aside). */
function fixtureVarCandidates(
  feasibility: Feasibility,
  savers: Map<string, Saver[]>,
): JsonObject[] {
  const out: JsonObject[] = [{}];
  const seen = new Set(['{}']);
  for (const guard of feasibility.guards.values())
    for (const w of guard.witnesses) {
      const vars: JsonObject = {};
      for (const [path, value] of w) {
        const root = path.split('.')[0] as string;
        if (root === 'cart' || savers.has(root)) continue;
        setPath(vars, path.split('.'), value as Json);
      }
      const key = JSON.stringify(vars);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(vars);
      }
    }
  return out;
}

function setPath(target: JsonObject, parts: string[], value: Json): void {
  let at = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const next = at[part];
    if (!isRecord(next)) at[part] = {};
    at = at[part] as JsonObject;
  }
  at[parts[parts.length - 1] as string] = value;
}

/** What the search tries at a waiting conversation. */
function inputsAt(
  scenario: Scenario,
  node: Node,
  savers: Map<string, Saver[]>,
  values: Map<string, unknown[]>,
): UserInput[] {
  const state = node.result.state;
  if (state.at === null || state.waiting === null) return [];
  const step = scenario.steps.get(state.at);
  if (!step) return [];
  const waiting = state.waiting;
  if (waiting.kind === 'operator') return [{ type: 'operator_closed' }];
  const out: UserInput[] = [];
  for (const label of node.offered) out.push({ type: 'press', label });
  if (waiting.kind === 'choice') {
    out.push({ type: 'text', text: 'ok' });
    if (state.cart.length === 0)
      for (const item of productsFor(values)) out.push({ type: 'add', item });
    return out;
  }
  const saved = savedVariablesOf(step.type, step.fields);
  const target =
    waiting.kind === 'answer'
      ? saved.find((s) => s.holder === step.fields)
      : saved.filter((s) => s.holder !== step.fields)[waiting.index];
  const kind: AnswerKind =
    target && target.saves.type.from === 'answer-kind'
      ? answerKind(target.holder[target.saves.type.key] ?? target.saves.type.default)
      : 'text';
  const texts: string[] = [];
  if (target && (savers.get(target.name)?.length ?? 0) > 0)
    for (const v of values.get(target.name) ?? [])
      if (typeof v === 'string' || typeof v === 'number') texts.push(String(v));
  texts.push(VALID_ANSWER[kind]);
  const invalid = INVALID_ANSWER[kind];
  if (invalid !== undefined) texts.push(invalid);
  for (const text of [...new Set(texts)]) out.push({ type: 'text', text });
  return out;
}

/** Products to add to an empty cart: one per cart total the conditions ask for, and a default. */
function productsFor(values: Map<string, unknown[]>): CartItem[] {
  const totals = (values.get('cart.total') ?? []).filter(
    (v): v is number => typeof v === 'number' && v > 0,
  );
  const prices = [...new Set([...totals, 10])];
  return prices.map((price) => ({ name: PRODUCT, price, qty: 1 }));
}
