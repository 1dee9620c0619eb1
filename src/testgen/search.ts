// Finding journeys: conversations, run on the runtime itself, that together walk every transition
// they can. The runtime is the oracle of what an input does; this module only chooses inputs:
// the buttons the bot shows, answers for what a step saves (the registry's `saves` role, with the
// values the conditions' solutions ask for), products to add, an operator who closes, and the
// fixtures a test can set (start variables, operation stubs, forced variants, an operator). The
// fixtures of one test are fixed for the whole conversation, so they are chosen lazily: the first
// time a turn asks (an operation is called, a randomizer draws, a hand-off looks for an operator)
// the search tries each possible answer, and the choice holds for the rest of that test.
//
// A journey is greedy: from a start, breadth-first to the nearest turn that walks a transition no
// journey has walked yet, then on from there, until nothing new is near or the turn limit is hit.
// Everything is bounded (states per search, turns per journey, turn runs in all).
import { transitionsOf } from '../graph/transitions.js';
import { isRecord } from '../model/json.js';
import type { Scenario, Step } from '../model/scenario.js';
import { answerKind, type AnswerKind } from '../runtime/answers.js';
import {
  declaredError,
  exampleResult,
  start as runStart,
  step as runStep,
  transitionId,
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

interface Fixtures {
  vars?: JsonObject;
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

export interface Journey {
  /** The nodes from the start turn to the last, in order. */
  nodes: Node[];
  /** Transitions this journey walked first. */
  walkedFirst: string[];
}

export interface SearchOutcome {
  journeys: Journey[];
  covered: Set<string>;
  /** Steps any tried turn entered. */
  reached: Set<string>;
  /** The turn budget ran out before the search was done. */
  exhausted: boolean;
}

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

export function searchJourneys(
  scenario: Scenario,
  feasibility: Feasibility,
  limits: SearchLimits = DEFAULT_LIMITS,
): SearchOutcome {
  const values = candidateValues(feasibility);
  const savers = variableSavers(scenario);
  const covered = new Set<string>();
  const reached = new Set<string>();
  let runs = 0;
  let exhausted = false;
  /** Feasible transitions not walked yet, in scenario order. */
  const open = new Set<string>();
  const isNew = (id: string) => open.has(id);
  /** Step → how many of its transitions are open; the steps with some are the search's goals. */
  const openFrom = new Map<string, number>();
  /** Bumped when a step leaves openFrom: the only change that moves the distances. */
  let goalsVersion = 0;
  /** Step → the steps with a transition to it. */
  const incoming = new Map<string, string[]>();
  for (const step of scenario.steps.values())
    for (const t of transitionsOf(step)) {
      const id = transitionId(step.key, t.kind, t.index);
      if (!feasibility.infeasible.has(id)) {
        open.add(id);
        openFrom.set(step.key, (openFrom.get(step.key) ?? 0) + 1);
      }
      const list = incoming.get(t.target) ?? [];
      if (!list.includes(step.key)) list.push(step.key);
      incoming.set(t.target, list);
    }

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

  const startNodes = (key: string, vars: JsonObject[]): Node[] => {
    const out: Node[] = [];
    for (const v of vars) {
      const base: Fixtures = { ...(Object.keys(v).length > 0 ? { vars: v } : {}), choices: {} };
      for (const { result, fixtures } of tryAll(base, (ports) =>
        runStart(scenario, { at: key, ...(base.vars ? { vars: base.vars } : {}) }, ports),
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

  const walksNew = (n: Node) => n.result.transitions.some((t) => isNew(t.id));

  /**
   * Steps from each step to the nearest step with a transition not walked yet, over the
   * scenario's graph: the search's guide (it ignores conditions, so it only orders the search).
   */
  let guide: { dist: Map<string, number>; version: number } | undefined;
  const distances = (): Map<string, number> => {
    if (guide && guide.version === goalsVersion) return guide.dist;
    const dist = new Map<string, number>();
    const queue: string[] = [];
    for (const from of openFrom.keys()) {
      dist.set(from, 0);
      queue.push(from);
    }
    for (let i = 0; i < queue.length; i++) {
      const key = queue[i] as string;
      const d = dist.get(key) as number;
      for (const from of incoming.get(key) ?? [])
        if (!dist.has(from)) {
          dist.set(from, d + 1);
          queue.push(from);
        }
    }
    guide = { dist, version: goalsVersion };
    return dist;
  };

  /**
   * Best-first from the roots to the nearest node walking something new: nodes closer (in the
   * graph) to an unwalked transition first, then shallower ones, each in the order found.
   */
  const nearest = (roots: Node[], checkRoots: boolean, maxDepth: number): Node | undefined => {
    if (checkRoots) {
      const found = roots.find(walksNew);
      if (found) return found;
    }
    const dist = distances();
    const far = scenario.steps.size + 1;
    const priority = (n: Node) =>
      (n.result.state.at === null ? far : (dist.get(n.result.state.at) ?? far)) * 4 + n.depth;
    const buckets = new Map<number, Node[]>();
    const push = (n: Node) => {
      const p = priority(n);
      const list = buckets.get(p);
      if (list) list.push(n);
      else buckets.set(p, [n]);
    };
    const pop = (): Node | undefined => {
      let best: number | undefined;
      for (const p of buckets.keys()) if (best === undefined || p < best) best = p;
      if (best === undefined) return undefined;
      const list = buckets.get(best) as Node[];
      const n = list.shift();
      if (list.length === 0) buckets.delete(best);
      return n;
    };
    const seen = new Set(roots.map(stateKey));
    for (const r of roots) push(r);
    let visited = 0;
    for (let node = pop(); node && visited < limits.statesPerSearch && !exhausted; node = pop()) {
      visited++;
      if (node.depth >= maxDepth || node.result.state.at === null) continue;
      if (!dist.has(node.result.state.at)) continue;
      for (const child of children(node)) {
        if (walksNew(child)) return child;
        const key = stateKey(child);
        if (seen.has(key)) continue;
        seen.add(key);
        push(child);
      }
    }
    return undefined;
  };

  const journeyFrom = (key: string, vars: JsonObject[]): Journey | undefined => {
    const roots = startNodes(key, vars);
    const found = nearest(roots, true, limits.turnsPerJourney);
    if (!found) return undefined;
    let last: Node = found;
    const walkedFirst: string[] = [];
    const mark = (to: Node) => {
      const chain: Node[] = [];
      for (let n: Node | undefined = to; n && !chain.includes(n); n = n.parent) chain.unshift(n);
      for (const n of chain)
        for (const t of n.result.transitions)
          if (isNew(t.id)) {
            covered.add(t.id);
            open.delete(t.id);
            const left = (openFrom.get(t.from) ?? 1) - 1;
            if (left > 0) openFrom.set(t.from, left);
            else {
              openFrom.delete(t.from);
              goalsVersion++;
            }
            walkedFirst.push(t.id);
          }
    };
    mark(last);
    for (;;) {
      const left = limits.turnsPerJourney - last.depth;
      if (left <= 0 || last.result.state.at === null) break;
      const root: Node = { ...last, depth: 0 };
      const next = nearest([root], false, left);
      if (!next) break;
      // Re-root the found path on `last`: its nodes' depths and parents continue the journey.
      const path: Node[] = [];
      for (let n: Node | undefined = next; n && n !== root; n = n.parent) path.unshift(n);
      let parent: Node = last;
      for (const n of path) {
        const copy: Node = { ...n, parent, depth: parent.depth + 1 };
        parent = copy;
      }
      last = parent;
      mark(last);
    }
    const nodes: Node[] = [];
    for (let n: Node | undefined = last; n; n = n.parent) nodes.unshift(n);
    return { nodes, walkedFirst };
  };

  const journeys: Journey[] = [];
  const startVars = fixtureVarCandidates(feasibility, savers);
  const entries = [
    ...(scenario.start ? [scenario.start.key] : []),
    ...scenario.entries.map((e) => e.key),
  ];
  const dead = new Set<string>();
  for (;;) {
    if (exhausted || open.size === 0) break;
    let found: Journey | undefined;
    for (const key of [...entries, ...firstSourcesOf([...open])]) {
      if (dead.has(key)) continue;
      found = journeyFrom(key, startVars);
      if (found) break;
      dead.add(key);
    }
    if (!found) break;
    journeys.push(found);
  }
  return { journeys, covered, reached, exhausted };
}

function firstSourcesOf(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.slice(0, id.indexOf('#'))))];
}

function splitDecision(decision: string): [string, string?] {
  const colon = decision.indexOf(':');
  return colon < 0 ? [decision] : [decision.slice(0, colon), decision.slice(colon + 1)];
}

function fixtureKey(f: Fixtures): string {
  return JSON.stringify([
    f.vars ?? null,
    Object.entries(f.choices).sort(([a], [b]) => (a < b ? -1 : 1)),
  ]);
}

function stateKey(n: Node): string {
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
