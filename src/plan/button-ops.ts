// Operations on buttons: all buttons of a new step are created; the buttons of a kept step are
// paired with the live ones (label, then position) and only the differences become calls.
// Buttons of a deleted step need no call: deleting a step deletes its buttons.
import { buttonCreateCall, buttonUpdateCall, deleteCall, planned } from './calls.js';
import {
  buttonCreateId,
  buttonDeleteId,
  buttonUpdateId,
  createDeps,
  resolveStep,
  stepCreateId,
  type OpsContext,
} from './context.js';
import { liveButtonView } from './live.js';
import { matchButtons } from './match.js';
import type { ButtonView } from './types.js';

export function addButtonOps(ctx: OpsContext): void {
  for (const [key, step] of ctx.desired.steps) {
    const live = ctx.match.matched.get(key);
    if (!live) {
      for (const button of step.buttons) addCreate(ctx, key, button);
      continue;
    }
    const pairing = matchButtons(step.buttons, ctx.index.buttonsByStep.get(live.id) ?? []);
    for (const { desired, live: record } of pairing.pairs) {
      const before = liveButtonView(record, ctx.index);
      const { call, changed } = buttonUpdateCall(ctx.shopId, record.id, before, desired, (t) =>
        resolveStep(ctx, t),
      );
      if (changed.length === 0) continue;
      ctx.touched.add(`menu_item:${record.id}`);
      ctx.buttonOps.set(record.id, buttonUpdateId(record.id));
      ctx.ops.push({
        id: buttonUpdateId(record.id),
        action: 'update',
        address: { kind: 'menu_item', key, index: desired.position, label: desired.text },
        before,
        after: desired,
        changed,
        call: planned(call),
        dependsOn: createDeps(ctx, [call.body?.next_step !== undefined ? desired.goto : null]),
      });
    }
    for (const button of pairing.created) addCreate(ctx, key, button);
    for (const record of pairing.deleted) {
      const before = liveButtonView(record, ctx.index);
      ctx.touched.add(`menu_item:${record.id}`);
      ctx.buttonOps.set(record.id, buttonDeleteId(record.id));
      ctx.ops.push({
        id: buttonDeleteId(record.id),
        action: 'delete',
        address: { kind: 'menu_item', key, index: record.position, label: record.text },
        before,
        after: null,
        call: planned(deleteCall(ctx.shopId, 'menu_item', record.id)),
        dependsOn: [],
      });
    }
  }
}

function addCreate(ctx: OpsContext, key: string, button: ButtonView): void {
  const live = ctx.match.matched.get(key);
  ctx.ops.push({
    id: buttonCreateId(key, button.position),
    action: 'create',
    address: { kind: 'menu_item', key, index: button.position, label: button.text },
    before: null,
    after: button,
    call: planned(
      buttonCreateCall(ctx.shopId, live ? live.id : { $step: key }, button, (t) =>
        resolveStep(ctx, t),
      ),
    ),
    dependsOn: [
      ...(live ? [] : [stepCreateId(key)]),
      ...createDeps(ctx, [button.goto], new Set([key])),
    ],
  });
}
