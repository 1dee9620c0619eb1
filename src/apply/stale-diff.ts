// What changed in a live object since a saved plan was made, field by field: the plan keeps the
// object as it was read (an operation's `before` view), apply reads it again, and both are
// compared in the scenario's terms ("text", "next", "else"), so a refusal names the field and
// its old → new value instead of only the object.
import { liveButtonView, liveStepView } from '../plan/live.js';
import type { EntityView, Plan } from '../plan/types.js';
import type { MenuItemRecord, ShopRecord, StepRecord } from '../remote/contract.js';

/** Step id → the name a reference to it reads as; `undefined` when not known from the plan. */
export type StepNames = (id: number) => string | undefined;

/** "text "Hi!" → "Edited"; next "menu" → "help"", or undefined when no field can be named. */
export function describeFieldChanges(
  before: EntityView,
  kind: string,
  record: unknown,
  names: StepNames,
): string | undefined {
  let unknownRef = false;
  const nameOf = (id: number) => {
    const name = names(id);
    if (name === undefined) unknownRef = true;
    return name ?? `#${id}`;
  };
  const after: EntityView =
    kind === 'step'
      ? liveStepView(record as StepRecord, { nameOf })
      : kind === 'menu_item'
        ? liveButtonView(record as MenuItemRecord, { nameOf })
        : {
            start:
              (record as ShopRecord).start_step === null
                ? null
                : nameOf((record as ShopRecord).start_step as number),
          };
  const changes: string[] = [];
  for (const [field, old, now] of fieldPairs(before, after)) {
    if (sameValue(old, now)) continue;
    // A reference to a step the plan does not name cannot be told from the same step: skip it
    // rather than report a change that may not be one.
    if (unknownRef && /#\d+/.test(JSON.stringify(now) ?? '')) continue;
    const [was, is] = showPair(old, now);
    changes.push(`${field} ${was} → ${is}`);
  }
  return changes.length > 0 ? changes.join('; ') : undefined;
}

function fieldPairs(before: EntityView, after: EntityView): Array<[string, unknown, unknown]> {
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  const out: Array<[string, unknown, unknown]> = [];
  for (const field of Object.keys(b)) {
    if (field === 'params') {
      const bp = (b.params ?? {}) as Record<string, unknown>;
      const ap = (a.params ?? {}) as Record<string, unknown>;
      for (const key of [...new Set([...Object.keys(bp), ...Object.keys(ap)])].sort())
        out.push([key, bp[key], ap[key]]);
    } else out.push([field, b[field], a[field]]);
  }
  return out;
}

function sameValue(x: unknown, y: unknown): boolean {
  return JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
}

const MAX_SHOWN = 60;
/** Characters kept before the first difference, so that it reads in context. */
const CONTEXT = 20;

/**
 * The two values as JSON, each at most MAX_SHOWN characters: when one is longer, both are shown
 * from a little before their first difference (… marks what is cut), so the difference is always
 * in view — two long texts that differ near the end do not read as equal.
 */
export function showPair(old: unknown, now: unknown): [string, string] {
  const a = old === undefined ? '(none)' : JSON.stringify(old);
  const b = now === undefined ? '(none)' : JSON.stringify(now);
  if (a.length <= MAX_SHOWN && b.length <= MAX_SHOWN) return [a, b];
  let first = 0;
  while (first < a.length && first < b.length && a[first] === b[first]) first++;
  const start = first <= CONTEXT ? 0 : first - CONTEXT;
  const window = (text: string) => {
    const from = Math.min(start, text.length);
    const body = text.slice(from, from + MAX_SHOWN - 2);
    return `${from > 0 ? '…' : ''}${body}${from + body.length < text.length ? '…' : ''}`;
  };
  return [window(a), window(b)];
}

/** The names the plan knows for step ids: the steps its operations address, then the ids its calls carry. */
export function planStepNames(
  plan: Plan,
  touchedObject: (op: { call: { path: string } }) => string | undefined,
): Map<number, string> {
  const names = new Map<number, string>();
  for (const [id, name] of Object.entries(plan.live.steps ?? {})) names.set(Number(id), name);
  for (const op of plan.operations) {
    const key = touchedObject(op);
    if (op.address.kind === 'step' && key?.startsWith('step:'))
      names.set(Number(key.slice(5)), op.address.key);
  }
  return names;
}
