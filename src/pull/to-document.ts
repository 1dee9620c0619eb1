// The live shop as a scenario document: names instead of ids, canonical values (no defaults,
// no volatile or platform-only fields), steps in reading order — from the start, following
// transitions in the order they are written, then any others by name — so that the same shop
// always gives the same document, and planning it against that shop gives no changes.
import { canonicalParams, canonicalText, type Json } from '../plan/canonical.js';
import type { LiveState } from '../plan/live.js';
import { fromPlatformParams, paramTargets } from '../plan/params-mapping.js';
import type { MenuItemRecord, StepRecord } from '../remote/contract.js';
import { isManagedParam, stepSpec } from '../steps/index.js';
import { BESIDE_NEXT_FIELDS, ownFieldsInLayout } from '../steps/roles.js';
import { stepKeyPattern } from '../validate/schemas.js';

export interface PulledStep {
  key: string;
  /** Fields in canonical order, as they will be written. */
  fields: [string, Json][];
}

export interface PulledScenario {
  start: string | null;
  /** Steps nothing leads to: the platform keeps no entry points, so they are inferred. */
  entries: string[];
  steps: PulledStep[];
  warnings: string[];
}

export function pullDocument(live: LiveState): PulledScenario {
  const warnings: string[] = [];
  const keyOf = assignKeys(live.steps, warnings);
  const nameOf = (id: number) => keyOf.get(id) ?? `#${id}`;
  const buttons = new Map<number, MenuItemRecord[]>();
  for (const item of live.menuItems)
    buttons.set(item.step, [...(buttons.get(item.step) ?? []), item]);
  for (const list of buttons.values()) list.sort((a, b) => a.position - b.position || a.id - b.id);

  const byKey = new Map<string, PulledStep>();
  const edges = new Map<string, string[]>();
  for (const step of live.steps) {
    const key = keyOf.get(step.id) as string;
    const pulled = pullStep(step, key, buttons.get(step.id) ?? [], nameOf);
    byKey.set(key, pulled.step);
    edges.set(key, pulled.targets);
  }
  const start = live.shop.start_step === null ? null : nameOf(live.shop.start_step);
  const order: string[] = [];
  const seen = new Set<string>();
  const walk = (from: string) => {
    const queue = [from];
    seen.add(from);
    while (queue.length > 0) {
      const key = queue.shift() as string;
      order.push(key);
      for (const next of edges.get(key) ?? []) {
        if (!seen.has(next) && byKey.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  };
  if (start !== null && byKey.has(start)) walk(start);
  // What the start does not reach is entered from outside (links, broadcasts): steps nothing
  // leads to first, then — for loops that nothing leads into — the first of each by name.
  const targeted = new Set([...edges.values()].flat());
  const entries: string[] = [];
  const remaining = () => [...byKey.keys()].filter((k) => !seen.has(k)).sort();
  for (const key of remaining().filter((k) => !targeted.has(k))) {
    if (seen.has(key)) continue;
    entries.push(key);
    walk(key);
  }
  for (let rest = remaining(); rest.length > 0; rest = remaining()) {
    entries.push(rest[0] as string);
    walk(rest[0] as string);
  }
  return { start, entries, steps: order.map((k) => byKey.get(k) as PulledStep), warnings };
}

/** Step names become keys; live steps sharing a name are told apart as "name__2", "name__3". */
function assignKeys(steps: readonly StepRecord[], warnings: string[]): Map<number, string> {
  const byName = new Map<string, StepRecord[]>();
  for (const step of [...steps].sort((a, b) => a.id - b.id))
    byName.set(step.name, [...(byName.get(step.name) ?? []), step]);
  const taken = new Set(byName.keys());
  const keyPattern = new RegExp(stepKeyPattern(), 'u');
  for (const name of byName.keys()) {
    if (!keyPattern.test(name))
      warnings.push(
        `The live step name ${JSON.stringify(name)} has control characters or spaces at its ends; validate will reject it as a key. Rename it in the web constructor.`,
      );
  }
  const keys = new Map<number, string>();
  for (const [name, list] of byName) {
    list.forEach((step, i) => {
      if (i === 0) {
        keys.set(step.id, name);
        return;
      }
      let n = i + 1;
      while (taken.has(`${name}__${n}`)) n++;
      const key = `${name}__${n}`;
      taken.add(key);
      keys.set(step.id, key);
    });
    if (list.length > 1) {
      warnings.push(
        `${list.length} live steps are named "${name}" (ids ${list.map((s) => s.id).join(', ')}); they are written as ${list.map((s) => `"${keys.get(s.id)}"`).join(', ')}. Applying renames the others (renamed_from), or rename them in the web constructor.`,
      );
    }
  }
  return keys;
}

function pullStep(
  step: StepRecord,
  key: string,
  items: readonly MenuItemRecord[],
  nameOf: (id: number) => string,
): { step: PulledStep; targets: string[] } {
  const all = fromPlatformParams(step.params ?? {}, nameOf);
  const managed = Object.fromEntries(
    Object.entries(all).filter(([k]) => isManagedParam(step.type, k)),
  );
  const params = canonicalParams(step.type, managed);
  const fields: [string, Json][] = [['type', step.type]];
  if (typeof params.description === 'string') fields.push(['description', params.description]);
  const text = canonicalText(step.text ?? '');
  if (text !== '' || stepSpec(step.type).textRequired) fields.push(['text', text]);
  for (const name of ownFieldsInLayout(step.type)) {
    const value = params[name];
    if (value !== undefined) fields.push([name, value]);
  }
  const menu = items.map((item): Json => {
    const button: Record<string, Json> = { text: canonicalText(item.text) };
    if (item.next_step !== null) button.goto = nameOf(item.next_step);
    else if (item.url !== null) button.url = item.url;
    return button;
  });
  if (menu.length > 0) fields.push(['menu', menu]);
  const next = step.next_step === null ? null : nameOf(step.next_step);
  if (next !== null) fields.push(['next', next]);
  for (const name of BESIDE_NEXT_FIELDS)
    if (params[name] !== undefined) fields.push([name, params[name] as Json]);
  if (key !== step.name) fields.push(['renamed_from', [step.name]]);
  const targets = [
    ...(next !== null ? [next] : []),
    ...items.flatMap((i) => (i.next_step !== null ? [nameOf(i.next_step)] : [])),
    ...paramTargets(params),
  ];
  // A step that leads nowhere ends the conversation: say so, as a designer would.
  if (targets.length === 0) fields.push(['end', true]);
  if (params.protect === true) fields.push(['protect', true]);
  return { step: { key, fields }, targets };
}
