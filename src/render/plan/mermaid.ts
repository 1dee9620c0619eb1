// The Mermaid flowchart of the changed part of the graph: each changed step, the steps its
// before/after views point at, and the edges between them (thick: new, plain: kept, dotted:
// removed), coloured by change. Kept within Mermaid's own size limits and a character budget.
import { isButtonView, type Group, type StepGroup } from './group.js';
import { mermaidText } from './md-escape.js';
import { buttonRefs, type StepRef, stepViewRefs } from './refs.js';

/** GitHub's Mermaid refuses more than 500 edges or 50,000 characters; a readable diagram is far smaller. */
const DIAGRAM_LIMITS = { nodes: 120, edges: 250, chars: 25_000 };

export interface Diagram {
  /** The fenced block and its legend. */
  text: string;
  shownChanged: number;
  totalChanged: number;
}

type NodeClass = 'created' | 'updated' | 'deleted' | 'context';
type EdgeStyle = 'added' | 'kept' | 'removed';

interface Edge {
  from: string;
  to: string;
  label: string;
  style: EdgeStyle;
}

const ARROW: Record<EdgeStyle, string> = { added: '==>', kept: '-->', removed: '-.->' };
const PREFIX: Record<NodeClass, string> = {
  created: '+ ',
  updated: '~ ',
  deleted: '− ',
  context: '',
};
const START = '\u0000start';

const HEAD = ['```mermaid', 'flowchart TD'];
const TAIL = [
  '  classDef created fill:#dafbe1,stroke:#1a7f37,color:#1f2328',
  '  classDef updated fill:#fff8c5,stroke:#9a6700,color:#1f2328',
  '  classDef deleted fill:#ffebe9,stroke:#cf222e,color:#1f2328,stroke-dasharray:5 5',
  '  classDef context fill:#f6f8fa,stroke:#d0d7de,color:#57606a',
  '```',
  '',
  '<sub>Green: created · yellow: updated · red, dashed: deleted · grey: unchanged neighbour. Thick arrows are new, dotted ones removed.</sub>',
];
const OVERHEAD = [...HEAD, ...TAIL].join('\n').length + 1;

export function mermaidDiagram(groups: readonly Group[], budget: number): Diagram | null {
  const maxChars = Math.min(budget, DIAGRAM_LIMITS.chars) - OVERHEAD;
  const changed = new Map<string, StepGroup>();
  for (const g of groups) if (g.kind === 'step' && !changed.has(g.key)) changed.set(g.key, g);
  // Before-views name a renamed step by its old name: draw it as the one node it is.
  const renamed = new Map<string, string>();
  for (const g of changed.values())
    if (g.renamedFrom !== undefined) renamed.set(g.renamedFrom, g.key);
  const current = (ref: StepRef): StepRef => ({
    to: renamed.get(ref.to) ?? ref.to,
    label: ref.label,
  });
  const ids = new Map<string, string>();
  const edgesSeen = new Set<string>();
  const body: string[] = [];
  let chars = 0;
  let edgeCount = 0;
  let shown = 0;
  for (const group of groups) {
    const from = group.kind === 'step' ? group.key : START;
    const edges =
      group.kind === 'step'
        ? stepEdges(group, current)
        : shopEdges(group.before?.start ?? null, group.after?.start ?? null, current);
    const newNodes = [from, ...edges.map((e) => e.to)].filter(
      (key, i, all) => !ids.has(key) && all.indexOf(key) === i,
    );
    const nodeLines = newNodes.map((key, i) => nodeLine(`n${ids.size + i}`, key, changed.get(key)));
    const localIds = new Map(newNodes.map((key, i) => [key, `n${ids.size + i}`]));
    const idOf = (key: string) => ids.get(key) ?? localIds.get(key) ?? '';
    const edgeLines: string[] = [];
    const edgeKeys: string[] = [];
    for (const e of edges) {
      const key = `${e.from}\u0000${e.to}\u0000${e.label}\u0000${e.style}`;
      if (edgesSeen.has(key) || edgeKeys.includes(key)) continue;
      edgeKeys.push(key);
      edgeLines.push(
        `  ${idOf(e.from)} ${ARROW[e.style]}|"${mermaidText(e.label, 30)}"| ${idOf(e.to)}`,
      );
    }
    const added = [...nodeLines, ...edgeLines].reduce((n, line) => n + line.length + 1, 0);
    if (
      chars + added > maxChars ||
      ids.size + newNodes.length > DIAGRAM_LIMITS.nodes ||
      edgeCount + edgeLines.length > DIAGRAM_LIMITS.edges
    )
      break;
    for (const [key, id] of localIds) ids.set(key, id);
    for (const key of edgeKeys) edgesSeen.add(key);
    body.push(...nodeLines, ...edgeLines);
    chars += added;
    edgeCount += edgeLines.length;
    if (group.kind === 'step') shown += 1;
  }
  if (body.length === 0) return null;
  return {
    text: [...HEAD, ...body, ...TAIL].join('\n'),
    shownChanged: shown,
    totalChanged: changed.size,
  };
}

function nodeLine(id: string, key: string, group: StepGroup | undefined): string {
  if (key === START) return `  ${id}(["▶ start"]):::context`;
  const cls: NodeClass = !group
    ? 'context'
    : group.action === 'create'
      ? 'created'
      : group.action === 'delete'
        ? 'deleted'
        : 'updated';
  const renamed = group?.renamedFrom !== undefined ? ` (was ${group.renamedFrom})` : '';
  return `  ${id}["${mermaidText(`${PREFIX[cls]}${key}${renamed}`, 60)}"]:::${cls}`;
}

/** Edges out of a step, from its views and its buttons' views: kept when in both, else new or removed. */
function stepEdges(group: StepGroup, current: (ref: StepRef) => StepRef): Edge[] {
  const before: StepRef[] = stepViewRefs(group.before);
  const after: StepRef[] = stepViewRefs(group.after);
  for (const op of group.buttons) {
    before.push(...buttonRefs(isButtonView(op.before) ? op.before : null));
    after.push(...buttonRefs(isButtonView(op.after) ? op.after : null));
  }
  return classify(group.key, before.map(current), after);
}

function shopEdges(
  before: string | null,
  after: string | null,
  current: (ref: StepRef) => StepRef,
): Edge[] {
  return classify(
    START,
    before === null ? [] : [current({ to: before, label: 'start' })],
    after === null ? [] : [{ to: after, label: 'start' }],
  );
}

function classify(from: string, before: StepRef[], after: StepRef[]): Edge[] {
  const key = (r: StepRef) => `${r.to}\u0000${r.label}`;
  const old = new Set(before.map(key));
  const now = new Set(after.map(key));
  return [
    ...after.map((r): Edge => ({ from, ...r, style: old.has(key(r)) ? 'kept' : 'added' })),
    ...before.filter((r) => !now.has(key(r))).map((r): Edge => ({ from, ...r, style: 'removed' })),
  ];
}
