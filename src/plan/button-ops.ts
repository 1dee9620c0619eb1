// Operations on buttons: all buttons of a new step are created; the buttons of a kept step are
// paired with the live ones (label, then position) and only the differences become calls.
// Buttons of a deleted step need no call: deleting a step deletes its buttons.
import { API_PATHS } from '../remote/contract.js';
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
import type { ButtonView, CallBody } from './types.js';

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
      const body: CallBody = {};
      const changed: string[] = [];
      if (before.text !== desired.text) {
        body.text = desired.text;
        changed.push('text');
      }
      if (before.goto !== desired.goto) {
        body.next_step = desired.goto === null ? null : resolveStep(ctx, desired.goto);
        changed.push('goto');
      }
      if (before.url !== desired.url) {
        body.url = desired.url;
        changed.push('url');
      }
      if (before.position !== desired.position) {
        body.position = desired.position;
        changed.push('position');
      }
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
        call: {
          method: 'PATCH',
          path: API_PATHS.menuItem(record.id),
          query: { shop_id: ctx.shopId },
          body,
        },
        dependsOn: createDeps(ctx, [body.next_step !== undefined ? desired.goto : null]),
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
        call: {
          method: 'DELETE',
          path: API_PATHS.menuItem(record.id),
          query: { shop_id: ctx.shopId },
        },
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
    call: {
      method: 'POST',
      path: API_PATHS.menuItems,
      query: { shop_id: ctx.shopId },
      body: {
        step: live ? live.id : { $step: key },
        text: button.text,
        next_step: button.goto === null ? null : resolveStep(ctx, button.goto),
        url: button.url,
        position: button.position,
      },
    },
    dependsOn: [
      ...(live ? [] : [stepCreateId(key)]),
      ...createDeps(ctx, [button.goto], new Set([key])),
    ],
  });
}
