// schemas/hightouch.openapi.json against itself and against the emulator: its examples fit its
// schemas, and every response it documents is one the emulator really gives, body included.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { API_PATHS } from '../../src/remote/contract.js';
import { STEP_TYPES } from '../../src/steps/index.js';
import { METHODS } from './openapi-check.js';
import { ALICE, client, makeItem, makeStep, openApi, startTestEmulator } from './helpers.js';
import { exerciseMessaging } from './openapi-messaging.js';

const checker = openApi();
const { doc } = checker;

type Op = {
  responses: Record<string, unknown>;
  requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
};
const operations = Object.entries(doc.paths).flatMap(([template, item]) =>
  METHODS.filter((m) => m in item).map((method) => ({ template, method, op: item[method] as Op })),
);
const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

describe('the OpenAPI document', () => {
  test('is OpenAPI 3.1 and describes exactly the contract paths', () => {
    expect((doc as unknown as { openapi: string }).openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths).sort();
    const contract = [
      API_PATHS.login,
      API_PATHS.shops,
      `${API_PATHS.shops}{id}/`,
      API_PATHS.steps,
      `${API_PATHS.steps}{id}/`,
      API_PATHS.menuItems,
      `${API_PATHS.menuItems}{id}/`,
      API_PATHS.bots,
      `${API_PATHS.bots}{id}/`,
      API_PATHS.botUsers,
      API_PATHS.messages,
      API_PATHS.leads,
      API_PATHS.orders,
      API_PATHS.logMessage,
      API_PATHS.registerUser,
    ].sort();
    expect(paths).toStrictEqual(contract);
    expect((doc.components.schemas.StepType as { enum: string[] }).enum).toStrictEqual([
      ...STEP_TYPES,
    ]);
  });

  test('every schema compiles and every schema example fits it', () => {
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      const validate = checker.validator(`#/components/schemas/${name}`);
      for (const example of (schema as { examples?: unknown[] }).examples ?? []) {
        expect(validate(example), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    }
  });

  test('every request and response example fits its schema', () => {
    let count = 0;
    for (const { template, method, op } of operations) {
      const base = `#/paths/${esc(template)}/${method}`;
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
        for (const [name, example] of Object.entries(media.examples ?? {})) {
          const validate = checker.validator(`${base}/requestBody/content/${esc(type)}/schema`);
          expect(
            validate(example.value),
            `${method} ${template} request ${name}: ${JSON.stringify(validate.errors)}`,
          ).toBe(true);
          count++;
        }
      }
      for (const [status, raw] of Object.entries(op.responses)) {
        const ref = (raw as { $ref?: string }).$ref;
        const name = ref?.split('/').pop();
        const response = (name ? doc.components.responses[name] : raw) as {
          content?: Record<string, { examples?: Record<string, { value: unknown }> }>;
        };
        const where = name ? `#/components/responses/${name}` : `${base}/responses/${status}`;
        for (const [type, media] of Object.entries(response.content ?? {})) {
          for (const [exampleName, example] of Object.entries(media.examples ?? {})) {
            const validate = checker.validator(`${where}/content/${esc(type)}/schema`);
            expect(
              validate(example.value),
              `${method} ${template} ${status} ${exampleName}: ${JSON.stringify(validate.errors)}`,
            ).toBe(true);
            count++;
          }
        }
      }
    }
    expect(count).toBeGreaterThan(40);
  });

  test('documents authentication for every call but login, and the headers of a 429', () => {
    for (const { template, method, op } of operations) {
      const isLogin = template === API_PATHS.login;
      expect(Object.keys(op.responses).includes('401'), `${method} ${template}`).toBe(!isLogin);
      expect(op.responses['429'], `${method} ${template}`).toBeDefined();
    }
  });
});

describe('the emulator gives every documented response, as documented', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu.close());

  test('every operation and status', async () => {
    const api = client(emu);
    const anon = client(emu, null);
    const step = await makeStep(api, { name: 'doc-step' });
    const other = await makeStep(api, { name: 'doc-other', next_step: step.id });
    const item = await makeItem(api, { step: step.id, next_step: other.id });
    const otherShop = await makeStep(
      client(emu, 'bob-static-token-00002'),
      { name: 'bob step' },
      2,
    );
    const s = `/api/steps/${step.id}/?shop_id=1`;
    const m = `/api/menu_items/${item.id}/?shop_id=1`;
    const big = 'x'.repeat(1024 * 1024 + 1);
    const text = { 'content-type': 'text/plain' };
    const json = { 'content-type': 'application/json' };

    // Successes.
    await anon.post('/api/auth/login/', { username: 'alice', password: 'alice-pw' });
    await api.get('/api/shops/');
    await api.get('/api/shops/1/');
    await api.patch('/api/shops/1/', { start_step: step.id });
    await api.patch('/api/shops/1/', { start_step: null });
    await api.get('/api/steps/?shop_id=1');
    await api.get(s);
    await api.patch(s, { text: 'patched' });
    await api.get('/api/menu_items/?shop_id=1');
    await api.get(m);
    await api.patch(m, { text: 'patched' });
    const spare = await makeItem(api, { step: step.id, url: 'https://example.com' });
    await api.del(`/api/menu_items/${spare.id}/?shop_id=1`);
    const doomed = await makeStep(api, { name: 'doomed' });
    await api.del(`/api/steps/${doomed.id}/?shop_id=1`);

    // 400s: bad bodies, bad queries, bad references.
    await anon.post('/api/auth/login/', { username: 'alice' });
    await api.get('/api/shops/?limit=x');
    await api.patch('/api/shops/1/', { start_step: otherShop.id });
    await api.get('/api/steps/');
    await api.post('/api/steps/?shop_id=1', {});
    await api.request('POST', '/api/steps/?shop_id=1', { raw: '{', headers: json });
    await api.get(`/api/steps/${step.id}/`);
    await api.patch(s, { next_step: otherShop.id });
    await api.del(`/api/steps/${step.id}/`);
    await api.get('/api/menu_items/?shop_id=1&step=x');
    await api.post('/api/menu_items/?shop_id=1', { step: step.id, text: 'x' });
    await api.get(`/api/menu_items/${item.id}/`);
    await api.patch(m, { url: 'https://example.com' });
    await api.del(`/api/menu_items/${item.id}/`);

    // 403, 404, 409.
    for (const path of [
      '/api/shops/2/',
      '/api/steps/?shop_id=2',
      `/api/steps/${otherShop.id}/?shop_id=2`,
      '/api/menu_items/?shop_id=2',
      `/api/menu_items/${item.id}/?shop_id=2`,
    ]) {
      await api.get(path);
    }
    await api.patch('/api/shops/2/', { start_step: null });
    await api.post('/api/steps/?shop_id=2', {});
    await api.patch(`/api/steps/${otherShop.id}/?shop_id=2`, {});
    await api.del(`/api/steps/${otherShop.id}/?shop_id=2`);
    await api.post('/api/menu_items/?shop_id=2', {});
    await api.patch(`/api/menu_items/${item.id}/?shop_id=2`, {});
    await api.del(`/api/menu_items/${item.id}/?shop_id=2`);
    for (const path of [
      '/api/shops/999/',
      '/api/steps/?shop_id=999',
      '/api/steps/999999/?shop_id=1',
      '/api/menu_items/?shop_id=999',
      '/api/menu_items/999999/?shop_id=1',
    ]) {
      await api.get(path);
    }
    await api.patch('/api/shops/999/', {});
    await api.post('/api/steps/?shop_id=999', {});
    await api.patch('/api/steps/999999/?shop_id=1', {});
    await api.del('/api/steps/999999/?shop_id=1');
    await api.post('/api/menu_items/?shop_id=999', {});
    await api.patch('/api/menu_items/999999/?shop_id=1', {});
    await api.del('/api/menu_items/999999/?shop_id=1');
    await api.del(`/api/steps/${other.id}/?shop_id=1`);

    // 401, 413, 415, and the injected 429 and 503, on every operation.
    const calls: [string, string][] = [
      ['POST', '/api/auth/login/'],
      ['GET', '/api/shops/'],
      ['GET', '/api/shops/1/'],
      ['PATCH', '/api/shops/1/'],
      ['GET', '/api/steps/?shop_id=1'],
      ['POST', '/api/steps/?shop_id=1'],
      ['GET', s],
      ['PATCH', s],
      ['DELETE', s],
      ['GET', '/api/menu_items/?shop_id=1'],
      ['POST', '/api/menu_items/?shop_id=1'],
      ['GET', m],
      ['PATCH', m],
      ['DELETE', m],
    ];
    for (const [method, path] of calls) {
      if (path !== '/api/auth/login/') await anon.request(method, path);
      if (method === 'POST' || method === 'PATCH') {
        await api.request(method, path, { raw: big, headers: json });
        await api.request(method, path, { raw: '{}', headers: text });
      }
    }
    for (const faults of [{ throttleRate: 1 }, { failRate: 1 }]) {
      emu.setFaults(faults);
      for (const [method, path] of calls)
        await api.request(
          method,
          path,
          method === 'POST' || method === 'PATCH' ? { body: {} } : {},
        );
      emu.setFaults({});
    }

    await exerciseMessaging(emu, api, anon);

    const documented = operations.flatMap(({ template, method, op }) =>
      Object.keys(op.responses).map((status) => `${method.toUpperCase()} ${template} ${status}`),
    );
    const missing = documented.filter((key) => !checker.seen.has(key));
    expect(missing).toStrictEqual([]);
  });

  test('unknown paths and methods answer with the Error schema', async () => {
    const api = client(emu, ALICE);
    expect((await api.get('/api/robots/')).status).toBe(404);
    expect((await api.request('PUT', '/api/steps/?shop_id=1')).status).toBe(405);
  });
});
