import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { ALICE, BOB, client, makeStep, startTestEmulator } from './helpers.js';
import type { Page, StepBody } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

test('many clients creating at once: unique ids, no lost writes', async () => {
  const clients = Array.from({ length: 20 }, (_, i) => client(emu, i % 2 === 0 ? ALICE : BOB));
  const created = await Promise.all(
    clients.flatMap((api, c) =>
      Array.from({ length: 15 }, (_, i) => makeStep(api, { name: `c${c}-${i}` }, 3)),
    ),
  );
  const ids = created.map((s) => s.id);
  expect(new Set(ids).size).toBe(300);
  const listed: number[] = [];
  for (let offset = 0; offset < 300; offset += 100) {
    const page = await client(emu).get<Page<StepBody>>(`/api/steps/?shop_id=3&offset=${offset}`);
    expect(page.body.count).toBe(300);
    listed.push(...page.body.results.map((s) => s.id));
  }
  expect(listed).toStrictEqual([...ids].sort((a, b) => a - b));
});

test('concurrent patches of one step all land, each with its own updated_at', async () => {
  const api = client(emu);
  const step = await makeStep(api, { name: 'contended' });
  const answers = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      api.patch<StepBody>(`/api/steps/${step.id}/?shop_id=1`, { text: `v${i}` }),
    ),
  );
  expect(answers.every((a) => a.status === 200)).toBe(true);
  expect(new Set(answers.map((a) => a.body.updated_at)).size).toBe(30);
  const final = await api.get<StepBody>(`/api/steps/${step.id}/?shop_id=1`);
  const newest = answers.reduce((a, b) => (a.body.updated_at > b.body.updated_at ? a : b));
  expect(final.body.text).toBe(newest.body.text);
});

test('racing a delete against a new reference never leaves a dangling one', async () => {
  const api = client(emu);
  for (let round = 0; round < 20; round++) {
    const target = await makeStep(api, { name: `race-${round}` });
    const link = { name: 'linker', type: 'message', next_step: target.id };
    const [first, second] =
      round % 2 === 0
        ? await Promise.all([
            api.del(`/api/steps/${target.id}/?shop_id=1`),
            api.post('/api/steps/?shop_id=1', link),
          ])
        : await Promise.all([
            api.post('/api/steps/?shop_id=1', link),
            api.del(`/api/steps/${target.id}/?shop_id=1`),
          ]).then(([p, d]) => [d, p] as const);
    const outcome = `${first.status}/${second.status}`;
    // Either the delete won (and the reference was refused) or the reference won (and the delete was refused).
    expect(['204/400', '409/201']).toContain(outcome);
  }
});
