// The diff against a live shop (the real emulator over HTTP): each kind of change gives
// exactly the expected operations, asserted on plan data.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyPlan,
  byHand,
  converge,
  ops,
  planFor,
  scenarioOf,
  startShop,
  type TestShop,
} from '../helpers/shop.js';

const BASE = `start: welcome
steps:
  welcome:
    type: message
    text: |
      Hi!
      What would you like?
    menu:
      - text: Menu
        goto: catalog
      - text: Help
        goto: help
      - text: Site
        url: https://example.com
  catalog:
    type: catalog
    text: Our food
    next: welcome
  help:
    type: question
    text: What is wrong?
    save_as: problem
    next: welcome
`;

let shop: TestShop;
beforeEach(async () => {
  shop = await startShop();
});
afterEach(async () => {
  await shop.close();
});

async function withBase(): Promise<Map<string, number>> {
  expect((await converge(shop, scenarioOf({ 'a.yaml': BASE }))).operations).toEqual([]);
  const steps = await shop.client.listSteps(shop.shopId);
  return new Map(steps.map((s) => [s.name, s.id]));
}

describe('plan against the emulator', () => {
  it('an empty shop gets every step and button created, steps before the buttons that point at them', async () => {
    const { plan } = await planFor(shop, scenarioOf({ 'a.yaml': BASE }));
    expect(plan.summary).toStrictEqual({
      create: 6,
      update: 1,
      delete: 0,
      calls: 7,
      cycle_breaks: 0,
    });
    expect(plan.operations.map((o) => o.id)).toStrictEqual([
      'create:step:welcome',
      'create:step:catalog',
      'create:step:help',
      'create:menu_item:welcome:0',
      'create:menu_item:welcome:1',
      'create:menu_item:welcome:2',
      'update:shop:1',
    ]);
    const welcome = plan.operations.find((o) => o.id === 'create:step:welcome');
    expect(welcome?.call).toStrictEqual({
      method: 'POST',
      path: '/api/steps/',
      query: { shop_id: 1 },
      body: {
        name: 'welcome',
        type: 'message',
        text: 'Hi!\nWhat would you like?',
        next_step: null,
        params: {},
      },
    });
    const catalog = plan.operations.find((o) => o.id === 'create:step:catalog');
    expect(catalog?.dependsOn).toStrictEqual(['create:step:welcome']);
    expect(plan.live.absent).toStrictEqual(['catalog', 'help', 'welcome']);
  });

  it('a shop equal to the files has no changes, and a plan right after an apply is empty', async () => {
    await withBase();
    const { plan } = await planFor(shop, scenarioOf({ 'a.yaml': BASE }));
    expect(plan.operations).toStrictEqual([]);
    expect(plan.summary.calls).toBe(0);
  });

  it('a text edit is one PATCH of the text alone', async () => {
    const ids = await withBase();
    const { plan } = await planFor(
      shop,
      scenarioOf({ 'a.yaml': BASE.replace('Our food', 'Our food today') }),
    );
    expect(ops(plan)).toStrictEqual([
      { id: 'update:step:catalog', action: 'update', body: { text: 'Our food today' } },
    ]);
    expect(plan.operations[0]?.call.path).toBe(`/api/steps/${ids.get('catalog')}/`);
    expect(Object.keys(plan.live.fingerprints)).toStrictEqual([`step:${ids.get('catalog')}`]);
  });

  it('a declared rename is one PATCH of the name: no delete, no create, the id is kept', async () => {
    const ids = await withBase();
    const renamed = BASE.replace('  help:\n', '  support:\n    renamed_from: [help]\n').replace(
      'goto: help',
      'goto: support',
    );
    const { plan } = await planFor(shop, scenarioOf({ 'a.yaml': renamed }));
    expect(ops(plan)).toStrictEqual([
      { id: 'update:step:support', action: 'update', body: { name: 'support' } },
    ]);
    expect(plan.operations[0]?.renamedFrom).toBe('help');
    await applyPlan(shop, plan);
    const support = (await shop.client.listSteps(shop.shopId, { name: 'support' }))[0];
    expect(support?.id).toBe(ids.get('help'));
    expect((await planFor(shop, scenarioOf({ 'a.yaml': renamed }))).plan.operations).toStrictEqual(
      [],
    );
  });

  it('an undeclared rename is a delete plus a create, references moved first', async () => {
    await withBase();
    const renamed = BASE.replace('  help:\n', '  support:\n').replace(
      'goto: help',
      'goto: support',
    );
    const { plan } = await planFor(shop, scenarioOf({ 'a.yaml': renamed }));
    expect(plan.operations.map((o) => o.id)).toStrictEqual([
      'create:step:support',
      expect.stringMatching(/^update:menu_item:\d+$/),
      expect.stringMatching(/^delete:step:\d+$/),
    ]);
    const del = plan.operations[2];
    expect(del?.dependsOn).toStrictEqual([plan.operations[1]?.id]);
  });

  it('a button reorder is PATCHes of positions, a label edit a PATCH of the text', async () => {
    await withBase();
    const reordered = BASE.replace(
      '      - text: Menu\n        goto: catalog\n      - text: Help\n        goto: help\n',
      '      - text: Help me\n        goto: help\n      - text: Menu\n        goto: catalog\n',
    );
    const { plan } = await planFor(shop, scenarioOf({ 'a.yaml': reordered }));
    expect(
      plan.operations.map((o) => [o.action, o.address.kind, o.changed, o.call.body]),
    ).toStrictEqual([
      ['update', 'menu_item', ['text', 'position'], { text: 'Help me', position: 0 }],
      ['update', 'menu_item', ['position'], { position: 1 }],
    ]);
    await applyPlan(shop, plan);
    expect(
      (await planFor(shop, scenarioOf({ 'a.yaml': reordered }))).plan.operations,
    ).toStrictEqual([]);
  });

  it('removing a step referenced by buttons and next: references go first, then the delete', async () => {
    const ids = await withBase();
    const without = BASE.replace('      - text: Help\n        goto: help\n', '').replace(
      / {2}help:\n[\s\S]*$/,
      '',
    );
    const { plan } = await planFor(shop, scenarioOf({ 'a.yaml': without }));
    const helpId = ids.get('help');
    expect(plan.operations.map((o) => [o.id, o.action, o.call.body ?? null])).toStrictEqual([
      // Label matching keeps "Site" as it is: only its position moves up.
      [expect.stringMatching(/^update:menu_item:/), 'update', { position: 1 }],
      [expect.stringMatching(/^delete:menu_item:/), 'delete', null],
      [`delete:step:${helpId}`, 'delete', null],
    ]);
    expect(plan.operations[2]?.dependsOn).toStrictEqual([plan.operations[1]?.id]);
    await applyPlan(shop, plan);
    expect((await planFor(shop, scenarioOf({ 'a.yaml': without }))).plan.operations).toStrictEqual(
      [],
    );
  });

  it('a change made by hand in the web constructor shows as drift and is put back', async () => {
    const ids = await withBase();
    await byHand(shop, 'PATCH', `/api/steps/${ids.get('catalog')}/`, {
      text: 'Edited in the constructor',
    });
    await byHand(shop, 'POST', '/api/steps/', { name: 'hand_made', type: 'message', text: 'x' });
    const { plan } = await planFor(shop, scenarioOf({ 'a.yaml': BASE }));
    expect(
      plan.operations.map((o) => [
        o.action,
        o.address.key,
        o.before && 'text' in o.before ? o.before.text : null,
      ]),
    ).toStrictEqual([
      ['update', 'catalog', 'Edited in the constructor'],
      ['delete', 'hand_made', 'x'],
    ]);
    const ignored = await planFor(shop, scenarioOf({ 'a.yaml': BASE }), ['hand_*']);
    expect(ignored.plan.operations.map((o) => o.action)).toStrictEqual(['update']);
    expect(ignored.plan.warnings.map((w) => w.code)).toStrictEqual(['ignored-steps']);
  });

  it('what the platform fills in or normalises never shows as a change', async () => {
    const ids = await withBase();
    // Trailing whitespace, params key order and explicit defaults are all the same scenario.
    await byHand(shop, 'PATCH', `/api/steps/${ids.get('help')}/`, {
      text: 'What is wrong?   \n\n',
      params: { save_as: 'problem', expect: 'text' },
    });
    const withDefaults = BASE.replace(
      '    save_as: problem\n',
      '    save_as: problem\n    expect: text\n',
    );
    expect(
      (await planFor(shop, scenarioOf({ 'a.yaml': withDefaults }))).plan.operations,
    ).toStrictEqual([]);
  });

  it('a reference cycle among new steps is closed by one follow-up PATCH', async () => {
    const cyclic = `start: a
steps:
  a:
    type: question
    text: A?
    save_as: a
    next: b
  b:
    type: question
    text: B?
    save_as: b
    next: a
`;
    const { plan } = await planFor(shop, scenarioOf({ 'c.yaml': cyclic }));
    expect(plan.summary).toStrictEqual({
      create: 2,
      update: 1,
      delete: 0,
      calls: 4,
      cycle_breaks: 1,
    });
    expect(plan.operations.map((o) => [o.id, o.call.body])).toStrictEqual([
      [
        'create:step:b',
        { name: 'b', type: 'question', text: 'B?', next_step: null, params: { save_as: 'b' } },
      ],
      [
        'create:step:a',
        {
          name: 'a',
          type: 'question',
          text: 'A?',
          next_step: { $step: 'b' },
          params: { save_as: 'a' },
        },
      ],
      ['link:step:b', { next_step: { $step: 'a' } }],
      ['update:shop:1', { start_step: { $step: 'a' } }],
    ]);
    await applyPlan(shop, plan);
    expect((await planFor(shop, scenarioOf({ 'c.yaml': cyclic }))).plan.operations).toStrictEqual(
      [],
    );
  });

  it('steps deleted together that point at each other are unlinked first', async () => {
    const both = `start: a
steps:
  a:
    type: message
    text: A
    menu:
      - text: X
        goto: x
  x:
    type: question
    text: X?
    save_as: x
    next: y
  y:
    type: message
    text: Y
    menu:
      - text: back
        goto: x
`;
    expect((await converge(shop, scenarioOf({ 'd.yaml': both }))).operations).toStrictEqual([]);
    const only = `start: a\nsteps:\n  a:\n    type: message\n    text: A\n    end: true\n`;
    const { plan } = await planFor(shop, scenarioOf({ 'd.yaml': only }));
    expect(plan.summary.cycle_breaks).toBe(1);
    expect(plan.operations.filter((o) => o.phase === 'unlink')).toHaveLength(1);
    await applyPlan(shop, plan);
    expect((await planFor(shop, scenarioOf({ 'd.yaml': only }))).plan.operations).toStrictEqual([]);
  });

  it('live steps sharing a name: the oldest is managed, the others go, with a warning', async () => {
    const ids = await withBase();
    const copy = await byHand(shop, 'POST', '/api/steps/', {
      name: 'catalog',
      type: 'catalog',
      text: 'copy',
    });
    const { plan } = await planFor(shop, scenarioOf({ 'a.yaml': BASE }));
    expect(plan.operations.map((o) => o.id)).toStrictEqual([`delete:step:${String(copy.id)}`]);
    expect(plan.warnings[0]?.message).toContain(
      `botform manages the oldest (${ids.get('catalog')})`,
    );
  });

  it('removing a protected step fails the plan instead of deleting it', async () => {
    await converge(
      shop,
      scenarioOf({
        'a.yaml': BASE.replace(
          '    save_as: problem\n',
          '    save_as: problem\n    protect: true\n',
        ),
      }),
    );
    const without = BASE.replace('      - text: Help\n        goto: help\n', '').replace(
      / {2}help:\n[\s\S]*$/,
      '',
    );
    const { problems } = await planFor(shop, scenarioOf({ 'a.yaml': without }));
    expect(problems).toStrictEqual([
      { code: 'protected-step', message: expect.stringContaining('Step "help" is protected') },
    ]);
  });
});
