// The picture of a scenario as data: nodes (steps, plus missing targets) and edges (every
// transition, read through transitionsOf), with what a reader should notice marked on them —
// entry points, ends, dangling transitions, unreachable steps, endless automatic loops, other
// errors, and coverage hits. Renderers (mermaid, dot, svg, html) only draw this.
import type { CompileResult } from '../compile/index.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { buildGraphContext } from '../graph/context.js';
import {
  transitionId,
  transitionsOf,
  waitsForUser,
  type TransitionKind,
} from '../graph/transitions.js';
import { reachableFrom, stronglyConnected } from '../graph/traverse.js';
import { conversationStarts } from '../model/scenario.js';

type NodeProblem = 'unreachable' | 'loop' | 'error' | 'missing';

export interface PictureNode {
  key: string;
  /** The step type; 'missing' for a target that no step defines. */
  type: string;
  text: string;
  file: string;
  line: number;
  start: boolean;
  entry: boolean;
  end: boolean;
  waits: boolean;
  problems: NodeProblem[];
  /** Messages of the diagnostics reported on this step, for tooltips. */
  messages: string[];
  hits?: number;
}

export interface PictureEdge {
  /** The transition id of CONTRACTS.md: `from#kind` or `from#kind[index]`. */
  id: string;
  from: string;
  to: string;
  kind: TransitionKind;
  automatic: boolean;
  label?: string;
  dangling: boolean;
  inLoop: boolean;
  hits?: number;
}

export interface Picture {
  nodes: PictureNode[];
  edges: PictureEdge[];
  /** True when coverage figures were attached. */
  coverage: boolean;
}

export function buildPicture(compiled: CompileResult): Picture {
  const { scenario, locators } = compiled;
  const ctx = buildGraphContext(scenario, new Set(scenario.steps.keys()), new Set(), locators, []);
  const roots = conversationStarts(scenario);
  const reached =
    scenario.start && scenario.steps.has(scenario.start.key)
      ? reachableFrom(ctx.successors, roots)
      : undefined;
  const looping = new Set<string>();
  for (const component of stronglyConnected(ctx.automatic)) {
    const only = component[0];
    if (only === undefined) continue;
    if (component.length > 1 || (ctx.automatic.successors(only) ?? []).includes(only))
      for (const k of component) looping.add(k);
  }
  const messages = messagesByStep(compiled.diagnostics);
  const entries = new Set(scenario.entries.map((e) => e.key));
  const nodes: PictureNode[] = [];
  const edges: PictureEdge[] = [];
  const missing = new Map<string, PictureNode>();

  for (const [key, step] of scenario.steps) {
    const problems: NodeProblem[] = [];
    if (reached && !reached.has(key)) problems.push('unreachable');
    if (looping.has(key)) problems.push('loop');
    const own = messages.get(key) ?? [];
    if (own.some((m) => m.severity === 'error')) problems.push('error');
    nodes.push({
      key,
      type: step.type,
      text: step.text,
      file: step.origin.file,
      line: locators.get(step.origin.file)?.locate(step.origin.path, 'key').line ?? 1,
      start: scenario.start?.key === key,
      entry: entries.has(key),
      end: step.end,
      waits: waitsForUser(step),
      problems,
      messages: own.map((m) => m.message),
    });
    for (const t of ctx.transitions.get(key) ?? transitionsOf(step)) {
      const dangling = !scenario.steps.has(t.target);
      if (dangling && !missing.has(t.target)) {
        missing.set(t.target, {
          key: t.target,
          type: 'missing',
          text: '',
          file: step.origin.file,
          line: locators.get(step.origin.file)?.locate(t.path).line ?? 1,
          start: false,
          entry: false,
          end: false,
          waits: false,
          problems: ['missing'],
          messages: [`No step "${t.target}" exists.`],
        });
      }
      edges.push({
        id: transitionId(key, t.kind, t.index),
        from: key,
        to: t.target,
        kind: t.kind,
        automatic: t.automatic,
        ...(t.label !== undefined ? { label: t.label } : {}),
        dangling,
        inLoop: looping.has(key) && looping.has(t.target) && ctx.automatic.hasEdge(key, t.target),
      });
    }
  }
  return { nodes: [...nodes, ...missing.values()], edges, coverage: false };
}

function messagesByStep(diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const key = d.path[0] === 'steps' && typeof d.path[1] === 'string' ? d.path[1] : undefined;
    if (key === undefined) continue;
    const list = out.get(key) ?? [];
    list.push(d);
    out.set(key, list);
  }
  return out;
}

/** Only the steps within `depth` transitions of `key`, in either direction. */
export function focusPicture(picture: Picture, key: string, depth: number): Picture {
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
  for (const e of picture.edges) {
    link(e.from, e.to);
    link(e.to, e.from);
  }
  const kept = new Set([key]);
  let frontier = [key];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const k of frontier)
      for (const n of neighbours.get(k) ?? []) {
        if (kept.has(n)) continue;
        kept.add(n);
        next.push(n);
      }
    frontier = next;
  }
  return {
    ...picture,
    nodes: picture.nodes.filter((n) => kept.has(n.key)),
    edges: picture.edges.filter((e) => kept.has(e.from) && kept.has(e.to)),
  };
}
