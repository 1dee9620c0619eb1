// Small builders of plan objects for the renderer tests, and the fixture plans themselves.
// Every plan built here is meant to validate against schemas/plan.schema.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type {
  ButtonView,
  CallBody,
  Plan,
  PlanOperation,
  ShopView,
  StepView,
} from '../../src/plan/types.js';
import { schemaValidator } from '../../src/validate/schemas.js';
import { FIXTURES } from '../helpers/fixtures.js';

const SHOP = 42;
const QUERY = { shop_id: SHOP };

type Extra = Partial<Pick<PlanOperation, 'reason' | 'phase' | 'renamedFrom' | 'dependsOn'>>;

export const step = (
  type: string,
  text: string,
  next: string | null = null,
  params: Record<string, unknown> = {},
): StepView => ({ type, text, next, params });
export const button = (
  text: string,
  position: number,
  goto: string | null,
  url: string | null = null,
): ButtonView => ({ text, goto, url, position });

/** Operations get ids in the order they are built; `plan()` renumbers them op1, op2, … */
type Draft = Omit<PlanOperation, 'id' | 'dependsOn'> & { dependsOn?: string[] };

const stepBody = (key: string, view: StepView): CallBody => ({
  name: key,
  type: view.type,
  text: view.text,
  next_step: view.next === null ? null : { $step: view.next },
  params: view.params as CallBody,
});

export function createStep(key: string, after: StepView, extra: Extra = {}): Draft {
  return {
    action: 'create',
    address: { kind: 'step', key },
    before: null,
    after,
    call: { method: 'POST', path: '/api/steps/', query: QUERY, body: stepBody(key, after) },
    ...extra,
  };
}

export function updateStep(
  key: string,
  before: StepView,
  after: StepView,
  changed: string[],
  extra: Extra = {},
): Draft {
  return {
    action: 'update',
    address: { kind: 'step', key },
    before,
    after,
    changed,
    call: {
      method: 'PATCH',
      path: `/api/steps/{step:${key}}/`,
      query: QUERY,
      body: { text: after.text },
    },
    ...extra,
  };
}

export function deleteStep(key: string, before: StepView, id = 100, extra: Extra = {}): Draft {
  return {
    action: 'delete',
    address: { kind: 'step', key },
    before,
    after: null,
    call: { method: 'DELETE', path: `/api/steps/${id}/`, query: QUERY },
    ...extra,
  };
}

/** The follow-up PATCH that sets the references a cycle kept out of a create (as src/plan makes it: no before, the whole step after). */
export function linkStep(key: string, after: StepView, changed: string[] = ['next']): Draft {
  const body: CallBody = { next_step: after.next === null ? null : { $step: after.next } };
  return {
    action: 'update',
    phase: 'link',
    address: { kind: 'step', key },
    before: null,
    after,
    changed,
    call: { method: 'PATCH', path: `/api/steps/{step:${key}}/`, query: QUERY, body },
    reason: 'sets a reference that a cycle of new steps kept out of the create',
  };
}

/** The PATCH that clears references before steps that point at each other are deleted (no after). */
export function unlinkStep(key: string, before: StepView, id = 100): Draft {
  return {
    action: 'update',
    phase: 'unlink',
    address: { kind: 'step', key },
    before,
    after: null,
    changed: ['next', 'params'],
    call: {
      method: 'PATCH',
      path: `/api/steps/${id}/`,
      query: QUERY,
      body: { next_step: null, params: {} },
    },
  };
}

export function createButton(stepKey: string, after: ButtonView): Draft {
  return {
    action: 'create',
    address: { kind: 'menu_item', key: stepKey, index: after.position, label: after.text },
    before: null,
    after,
    call: {
      method: 'POST',
      path: '/api/menu_items/',
      query: QUERY,
      body: {
        step: { $step: stepKey },
        text: after.text,
        next_step: after.goto === null ? null : { $step: after.goto },
        url: after.url,
        position: after.position,
      },
    },
  };
}

export function updateButton(
  stepKey: string,
  before: ButtonView,
  after: ButtonView,
  changed: string[],
  id = 500,
): Draft {
  return {
    action: 'update',
    address: { kind: 'menu_item', key: stepKey, index: after.position, label: after.text },
    before,
    after,
    changed,
    call: {
      method: 'PATCH',
      path: `/api/menu_items/${id}/`,
      query: QUERY,
      body: { text: after.text, position: after.position },
    },
  };
}

export function deleteButton(stepKey: string, before: ButtonView, id = 500): Draft {
  return {
    action: 'delete',
    address: { kind: 'menu_item', key: stepKey, index: before.position, label: before.text },
    before,
    after: null,
    call: { method: 'DELETE', path: `/api/menu_items/${id}/`, query: QUERY },
  };
}

export function updateShop(before: ShopView, after: ShopView): Draft {
  return {
    action: 'update',
    address: { kind: 'shop', key: String(SHOP) },
    before,
    after,
    changed: ['start'],
    call: {
      method: 'PATCH',
      path: `/api/shops/${SHOP}/`,
      query: {},
      body: { start_step: after.start === null ? null : { $step: after.start } },
    },
  };
}

/** A plan of these operations, in this order; the summary counts them as the planner would. */
export function plan(drafts: readonly Draft[], warnings: Plan['warnings'] = []): Plan {
  const operations = drafts.map(
    (d, i): PlanOperation => ({ ...d, id: `op${i + 1}`, dependsOn: d.dependsOn ?? [] }),
  );
  const own = operations.filter((op) => op.phase === undefined);
  return {
    format_version: 1,
    botform_version: '0.1.0',
    created_at: '2025-01-01T00:00:00.000Z',
    target: { api: 'https://api.hightouch.example', shop_id: SHOP },
    scenario: { files: ['scenario/main.yaml'], digest: 'sha256:0123456789abcdef' },
    summary: {
      create: own.filter((op) => op.action === 'create').length,
      update: own.filter((op) => op.action === 'update').length,
      delete: own.filter((op) => op.action === 'delete').length,
      calls: operations.length,
      cycle_breaks: operations.length - own.length,
    },
    operations,
    live: {
      fingerprints: {},
      absent: operations
        .filter((op) => op.action === 'create' && op.address.kind === 'step')
        .map((op) => op.address.key),
    },
    warnings,
  };
}

export function expectValidPlan(p: Plan): void {
  const validate = schemaValidator('plan.schema.json');
  const ok = validate(p);
  expect(validate.errors ?? [], 'plan fixture must match schemas/plan.schema.json').toEqual([]);
  expect(ok).toBe(true);
}

/** Compare with test/fixtures/plans/NAME exactly; `UPDATE_GOLDEN=1` rewrites the file instead. */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(FIXTURES, 'plans', name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(`golden file ${file} is missing: run with UPDATE_GOLDEN=1 to write it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** A plan of n steps: a third deleted, a third created (with a button), a third with a changed text. */
export function hugePlan(operations: number, prefix = 'step'): Plan {
  const drafts = [];
  for (let i = 0; drafts.length < operations; i++) {
    const key = `${prefix}_${i}`;
    if (i % 3 === 0)
      drafts.push(
        deleteStep(
          key,
          step('message', `Old text ${i}\nsecond line`, `${prefix}_${i + 1}`),
          1000 + i,
        ),
      );
    else if (i % 3 === 1)
      drafts.push(
        createStep(key, step('message', `New text ${i}`, `${prefix}_${i + 1}`)),
        createButton(key, button(`Go ${i}`, 0, `${prefix}_${i + 2}`)),
      );
    else
      drafts.push(
        updateStep(key, step('message', `a\nb ${i}\nc`), step('message', `a\nB ${i}\nc`), ['text']),
      );
  }
  return plan(drafts.slice(0, operations));
}
