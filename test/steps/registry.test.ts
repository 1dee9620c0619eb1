// The step-type registry (src/steps/) against every consumer: schemas, the DSL and its locator,
// graph transitions, the plan's params mapping and defaults, render refs, fmt key order, pull's
// writers and the emulator's input checks. Then every type end to end: validate, plan, apply
// to the emulator, pull as YAML and TS, and plan again with no change.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import * as dsl from '../../src/dsl/index.js';
import { ITEM_ORDERS, stepKeyOrder } from '../../src/fmt/key-order.js';
import { transitionsOf } from '../../src/graph/transitions.js';
import { OBJECT_BUILDERS } from '../../src/load/ts/ts-locator.js';
import { parseStepCreate } from '../../src/emulator/step-input.js';
import { desiredState } from '../../src/plan/desired.js';
import { fromPlatformParams, toPlatformParams } from '../../src/plan/params-mapping.js';
import type { Json } from '../../src/plan/canonical.js';
import { pullDocument } from '../../src/pull/to-document.js';
import { pulledToTs } from '../../src/pull/write-ts.js';
import { pulledToYaml } from '../../src/pull/write-yaml.js';
import { collectParamStepRefs } from '../../src/remote/contract.js';
import { readLiveState } from '../../src/remote/read-live.js';
import { stepViewRefs } from '../../src/render/plan/refs.js';
import { STEP_REGISTRY, STEP_TYPES, type StepType } from '../../src/steps/index.js';
import { SCHEMA_DIR } from '../../src/validate/schemas.js';
import { REPO } from '../helpers/fixtures.js';
import { converge, planFor, scenarioOf, startShop } from '../helpers/shop.js';

/** A small valid step of each type, every transition it can hold pointing at `done`. */
const EXAMPLES: Record<StepType, Record<string, unknown>> = {
  message: { type: 'message', text: 'Hi', image: 'https://example.com/a.png', next: 'done' },
  question: { type: 'question', text: 'Name?', save_as: 'name', expect: 'number', next: 'done' },
  form: {
    type: 'form',
    text: 'Form',
    fields: [{ name: 'phone', label: 'Phone', kind: 'phone' }],
    next: 'done',
    on_error: 'done',
  },
  operation: {
    type: 'operation',
    api: {
      method: 'GET',
      url: 'https://api.example.com/x',
      response: { example: { ok: true } },
      errors: [{ status: 500 }],
    },
    next: 'done',
    on_error: 'done',
  },
  delay: { type: 'delay', seconds: 5, next: 'done' },
  condition: {
    type: 'condition',
    branches: [{ if: 'cart.total > 1', goto: 'done' }],
    else: 'done',
  },
  randomizer: {
    type: 'randomizer',
    variants: [
      { weight: 40, goto: 'done' },
      { weight: 60, goto: 'done' },
    ],
  },
  catalog: { type: 'catalog', text: 'Goods', category: 'pizza', show_prices: false, next: 'done' },
  cart: { type: 'cart', text: 'Cart', checkout_text: 'Pay', next: 'done' },
  order: { type: 'order', text: 'Order', payment: 'card', next: 'done', on_error: 'done' },
  handoff: {
    type: 'handoff',
    text: 'Calling a person',
    queue: 'support',
    next: 'done',
    no_operator: 'done',
  },
};

const COMMON = new Set(['type', 'text', 'menu', 'next', 'end', 'protect', 'renamed_from']);
const schemaOf = (file: string) =>
  JSON.parse(readFileSync(SCHEMA_DIR + file, 'utf8')) as {
    properties: Record<
      string,
      { const?: string; items?: { properties?: Record<string, unknown> } }
    >;
    required: string[];
    oneOf?: { $ref: string }[];
  };

describe('the step-type registry', () => {
  const stepSchema = schemaOf('step.schema.json') as unknown as {
    properties: { type: { enum: string[] } };
    allOf: { if: { properties: { type: { const: string } } }; then: { $ref: string } }[];
  };
  const openapi = JSON.parse(readFileSync(`${SCHEMA_DIR}hightouch.openapi.json`, 'utf8')) as {
    components: { schemas: { StepType: { enum: string[] } } };
  };
  const formatDoc = readFileSync(`${REPO}docs/scenario-format.md`, 'utf8');

  it('lists each type once, in the order of step.schema.json, the API contract and the docs', () => {
    expect(new Set(STEP_TYPES).size).toBe(STEP_TYPES.length);
    expect(stepSchema.properties.type.enum).toStrictEqual([...STEP_TYPES]);
    expect(stepSchema.allOf.map((r) => r.then.$ref)).toStrictEqual(
      STEP_REGISTRY.map((s) => s.schema),
    );
    expect(stepSchema.allOf.map((r) => r.if.properties.type.const)).toStrictEqual([...STEP_TYPES]);
    expect(openapi.components.schemas.StepType.enum).toStrictEqual([...STEP_TYPES]);
    for (const type of STEP_TYPES) expect(formatDoc, type).toContain(`| \`${type}\``);
  });

  describe.each(STEP_REGISTRY.map((spec) => [spec.type, spec] as const))('%s', (type, spec) => {
    const schema = schemaOf(spec.schema);

    it('its entry matches its schema: params in properties order, text, transition fields, item order', () => {
      expect(schema.properties.type?.const).toBe(type);
      expect(spec.params).toStrictEqual(
        Object.keys(schema.properties).filter((k) => !COMMON.has(k)),
      );
      expect(spec.textRequired).toBe(schema.required.includes('text'));
      for (const t of spec.transitions) {
        expect(spec.params, t.field).toContain(t.field);
        // The API treats keys ending in _step as step references (remote/contract.ts).
        expect(t.platformKey.endsWith('_step'), t.platformKey).toBe(true);
        if (t.shape === 'list')
          expect(Object.keys(schema.properties[t.field]?.items?.properties ?? {})).toStrictEqual([
            ...t.itemOrder,
          ]);
      }
      for (const key of Object.keys(spec.defaults)) expect(spec.params).toContain(key);
    });

    it('the DSL has its builder (and its list helpers), and the TS locator walks into it', () => {
      const builders = dsl as unknown as Record<
        string,
        (arg: unknown, goto?: unknown) => Record<string, unknown>
      >;
      const { type: _type, ...def } = EXAMPLES[type];
      expect(builders[spec.builder]?.(def)).toStrictEqual(EXAMPLES[type]);
      expect(OBJECT_BUILDERS.has(spec.builder)).toBe(true);
      for (const t of spec.transitions)
        if (t.shape === 'list') expect(typeof builders[t.helper]).toBe('function');
    });

    it('graph, plan mapping, render refs and the emulator see each of its transitions', () => {
      const [scenarioStep] = scenarioOf({
        'a.yaml': stringify({
          start: 's',
          steps: { s: EXAMPLES[type], done: { type: 'message', text: 'Bye', end: true } },
        }),
      }).steps.values();
      if (!scenarioStep) throw new Error('no step');
      const kinds = transitionsOf(scenarioStep).map((t) => t.kind);
      for (const t of spec.transitions) expect(kinds).toContain(t.kind);
      const view = desiredState(
        scenarioOf({
          'a.yaml': stringify({
            start: 's',
            steps: { s: EXAMPLES[type], done: { type: 'message', text: 'Bye', end: true } },
          }),
        }),
      ).steps.get('s')?.view;
      if (!view) throw new Error('no view');
      const refs = stepViewRefs(view);
      expect(refs.length).toBe(kinds.length);
      const platform = toPlatformParams(view.params as Record<string, Json>, () => 7);
      // Every reference reaches the platform as an id under a *_step key, and comes back as a name.
      expect(collectParamStepRefs(platform).length).toBe(kinds.filter((k) => k !== 'next').length);
      expect(fromPlatformParams(platform, () => 'done')).toStrictEqual(view.params);
      expect(parseStepCreate({ name: 's', type, params: platform }).type).toBe(type);
    });

    it('fmt orders all its fields', () => {
      const order = stepKeyOrder(type);
      for (const key of Object.keys(schema.properties)) expect(order, key).toContain(key);
      for (const t of spec.transitions)
        if (t.shape === 'list') expect(ITEM_ORDERS[t.field]).toStrictEqual(t.itemOrder);
    });
  });

  it('every type end to end: plan, apply to the emulator, pull as YAML and TS, plan again: no change', async () => {
    const steps: Record<string, unknown> = {
      start: {
        type: 'message',
        text: 'Pick',
        menu: STEP_TYPES.map((type) => ({ text: type, goto: `a_${type}` })),
      },
      done: { type: 'message', text: 'Bye', end: true },
    };
    for (const type of STEP_TYPES) steps[`a_${type}`] = EXAMPLES[type];
    const scenario = scenarioOf({ 'all.yaml': stringify({ start: 'start', steps }) });
    const shop = await startShop();
    try {
      expect((await converge(shop, scenario)).operations).toStrictEqual([]);
      const pulled = pullDocument(await readLiveState(shop.client, shop.shopId));
      const yaml = pulledToYaml(pulled, 'scenario.schema.json');
      for (const type of STEP_TYPES) expect(yaml).toContain(`type: ${type}`);
      expect(
        (await planFor(shop, scenarioOf({ 'pulled.yaml': yaml }))).plan.operations,
      ).toStrictEqual([]);
      const ts = pulledToTs(pulled);
      for (const spec of STEP_REGISTRY) expect(ts).toContain(`${spec.builder}({`);
    } finally {
      await shop.close();
    }
  });
});
