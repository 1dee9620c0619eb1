// Presentation of a plan's operations, shared by the human and markdown renderers: the
// operations grouped per step (the step's own change, its buttons' changes nested under it, the
// cycle-breaking link/unlink calls folded in) and ordered deletions first, then creates, then
// updates. Nothing here decides what the plan does; it only arranges what the plan says.
import type {
  ButtonView,
  EntityView,
  Plan,
  PlanAction,
  PlanOperation,
  ShopView,
  StepView,
} from '../../plan/types.js';
import { plural } from '../../plural.js';

export interface StepGroup {
  kind: 'step';
  key: string;
  /** The step's own action; `update` when only its buttons or references change. */
  action: PlanAction;
  /** The step's own operation, if it has one (never a link/unlink call). */
  op: PlanOperation | undefined;
  /** The step as it was, and as it will be, with link/unlink calls folded in. */
  before: StepView | null;
  after: StepView | null;
  renamedFrom: string | undefined;
  /** Extra calls: `link` closes a cycle after a create, `unlink` clears references before a delete. */
  links: number;
  unlinks: number;
  /** The buttons' operations: deletions first, then in plan order. */
  buttons: PlanOperation[];
}

export interface ShopGroup {
  kind: 'shop';
  action: PlanAction;
  op: PlanOperation;
  before: ShopView | null;
  after: ShopView | null;
}

export type Group = StepGroup | ShopGroup;

const SECTION_RANK: Record<PlanAction, number> = { delete: 0, create: 1, update: 2 };

function isStepView(view: EntityView | null | undefined): view is StepView {
  return !!view && typeof view === 'object' && 'type' in view && 'text' in view && 'params' in view;
}

export function isButtonView(view: EntityView | null | undefined): view is ButtonView {
  return !!view && typeof view === 'object' && 'position' in view && 'goto' in view;
}

function isShopView(view: EntityView | null | undefined): view is ShopView {
  return !!view && typeof view === 'object' && 'start' in view;
}

interface Draft {
  group: StepGroup;
  anchor: number;
  linkOps: PlanOperation[];
  unlinkOps: PlanOperation[];
}

/** The plan's operations grouped per step, in display order: deletions, creates, updates. */
export function groupPlan(plan: Plan): Group[] {
  const drafts = new Map<string, Draft>();
  const shops: { group: ShopGroup; anchor: number }[] = [];
  plan.operations.forEach((op, index) => {
    if (op.address.kind === 'shop') {
      const before = isShopView(op.before) ? op.before : null;
      const after = isShopView(op.after) ? op.after : null;
      shops.push({ group: { kind: 'shop', action: op.action, op, before, after }, anchor: index });
      return;
    }
    const key = op.address.key;
    let draft = drafts.get(key);
    if (!draft) {
      const group: StepGroup = {
        kind: 'step',
        key,
        action: 'update',
        op: undefined,
        before: null,
        after: null,
        renamedFrom: undefined,
        links: 0,
        unlinks: 0,
        buttons: [],
      };
      draft = { group, anchor: index, linkOps: [], unlinkOps: [] };
      drafts.set(key, draft);
    }
    const group = draft.group;
    if (op.phase === 'link') {
      group.links += 1;
      if (op.address.kind === 'step') draft.linkOps.push(op);
    } else if (op.phase === 'unlink') {
      group.unlinks += 1;
      if (op.address.kind === 'step') draft.unlinkOps.push(op);
    } else if (op.address.kind === 'menu_item') {
      group.buttons.push(op);
    } else if (!group.op) {
      group.op = op;
      group.action = op.action;
      group.renamedFrom = op.renamedFrom;
      draft.anchor = index;
    } else {
      // Two own operations for one step are not something the planner makes; show both anyway.
      drafts.set(`${key}\u0000${index}`, {
        group: {
          ...group,
          op,
          action: op.action,
          renamedFrom: op.renamedFrom,
          links: 0,
          unlinks: 0,
          buttons: [],
        },
        anchor: index,
        linkOps: [],
        unlinkOps: [],
      });
    }
  });
  const ordered: { group: Group; anchor: number }[] = [...shops];
  for (const draft of drafts.values()) {
    finishViews(draft);
    draft.group.buttons.sort(
      (a, b) => Number(b.action === 'delete') - Number(a.action === 'delete'),
    );
    ordered.push(draft);
  }
  ordered.sort(
    (a, b) => SECTION_RANK[a.group.action] - SECTION_RANK[b.group.action] || a.anchor - b.anchor,
  );
  return ordered.map((o) => o.group);
}

/**
 * The views to show: the step's own operation's. A create's `after` is the whole step, including
 * the references its link call sets later; a delete's `before` is the step as read. A step with
 * only link/unlink calls shows theirs.
 */
function finishViews(draft: Draft): void {
  const { group, linkOps, unlinkOps } = draft;
  const op = group.op;
  const phased = [...unlinkOps, ...linkOps];
  const before = op ? op.before : (phased.find((p) => isStepView(p.before))?.before ?? null);
  const after = op
    ? op.after
    : ([...phased].reverse().find((p) => isStepView(p.after))?.after ?? null);
  group.before = isStepView(before) ? before : null;
  group.after = isStepView(after) ? after : null;
}

/** The value at a view path such as `params.branches` or `params.branches.0.goto`. */
export function getPath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** What the human and markdown renderers flag: the steps and the buttons that will be deleted. */
export function deletionCounts(groups: readonly Group[]): { steps: number; buttons: number } {
  let steps = 0;
  let buttons = 0;
  for (const g of groups) {
    if (g.kind !== 'step') continue;
    if (g.action === 'delete' && g.op) steps += 1;
    for (const b of g.buttons) if (b.action === 'delete') buttons += 1;
  }
  return { steps, buttons };
}

/** "2 steps and 1 button", "1 button". */
export function deletionPhrase(counts: { steps: number; buttons: number }): string {
  const parts: string[] = [];
  if (counts.steps > 0) parts.push(plural(counts.steps, 'step'));
  if (counts.buttons > 0) parts.push(plural(counts.buttons, 'button'));
  return parts.join(' and ');
}

/** The summary line both renderers end with. */
export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete (${plural(s.calls, 'API call')}).`;
}
