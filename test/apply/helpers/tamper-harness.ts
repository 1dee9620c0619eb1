// The bench for tampered saved plans: a project with three environments (staging = shop 1,
// production = shop 2, protected; canary = shop 3) whose API is a recording proxy in front of the emulator, a
// second listener that must never hear from botform, and a shop that can be put back exactly as
// it was (the emulator restarted from a copy of its database) after a mutant was applied. What a
// run wrote is what the proxy saw; "applied as shown" is judged from the live shop afterwards.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../../src/emulator/index.js';
import { deepEqual } from '../../../src/plan/canonical.js';
import { liveButtonView, liveStepView, unmanagedParams } from '../../../src/plan/live.js';
import type { ButtonView, Plan, StepView } from '../../../src/plan/types.js';
import { createClient, type HighTouchClient } from '../../../src/remote/client.js';
import type { LiveState } from '../../../src/remote/contract.js';
import { readLiveState } from '../../../src/remote/read-live.js';
import { PLAN_RENDERERS } from '../../../src/render/plan/index.js';
import { paletteFor } from '../../../src/render/colors.js';
import { runCli } from '../../helpers/cli.js';

const TOKEN = 'tamper-bench-token-0123456789abcdef';
const SEED = {
  users: [{ username: 'demo', password: 'demo', shops: [1, 2, 3], tokens: [TOKEN] }],
  shops: [
    { id: 1, name: 'Staging' },
    { id: 2, name: 'Production' },
    { id: 3, name: 'Canary' },
  ],
};

export interface Write {
  method: string;
  path: string;
  body: unknown;
  status: number;
  answer: unknown;
}

export interface Bench {
  dir: string;
  /** The API as the project names it (the proxy). */
  api: string;
  /** A second listener: every request it received (must stay empty). */
  foreign: { url: string; received: string[] };
  client: HighTouchClient;
  /** Writes the proxy passed on since the last `takeWrites`. */
  takeWrites(): Write[];
  /** Requests of any kind the proxy passed on since the last `takeWrites`. */
  requests(): number;
  /** The live shop as it was before any mutant ran. */
  template: LiveState;
  /** Puts the shop back as `template` (after a mutant was applied). */
  reset(): Promise<void>;
  run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

/** Starts everything; `prepare` makes the shop (it may run the CLI) before the template is taken. */
export async function startBench(
  config: (api: string) => string,
  prepare: (bench: Bench) => Promise<void>,
): Promise<Bench> {
  const dir = mkdtempSync(path.join(tmpdir(), 'botform-tamper-'));
  const db = path.join(dir, 'shop.sqlite');
  const templateDb = path.join(dir, 'template.sqlite');
  let emulator: Emulator = await startEmulator({ db, seed: SEED });
  let writes: Write[] = [];
  let requests = 0;
  const proxy = createServer((req, res) => {
    void body(req).then((text) => {
      requests++;
      const upstream = request(
        `${emulator.url}${req.url ?? '/'}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          void body(answer).then((reply) => {
            const method = req.method ?? 'GET';
            const route = (req.url ?? '/').split('?')[0] as string;
            if (method !== 'GET' && route !== '/api/auth/login/')
              writes.push({
                method,
                path: route,
                body: parse(text),
                status: answer.statusCode ?? 0,
                answer: parse(reply),
              });
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(reply);
          });
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(text);
    });
  });
  const foreignReceived: string[] = [];
  const foreign = createServer((req, res) => {
    void body(req).then((text) => {
      foreignReceived.push(`${req.method} ${req.url} ${text}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"token": "from-the-foreign-listener"}');
    });
  });
  const listenOn = (server: Server) =>
    new Promise<string>((resolve) =>
      server.listen(0, '127.0.0.1', () =>
        resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
      ),
    );
  const api = await listenOn(proxy);
  const foreignUrl = await listenOn(foreign);
  writeFileSync(path.join(dir, 'botform.config.yaml'), config(api));
  const client = createClient({ baseUrl: api, credentials: { token: TOKEN } });
  const bench: Bench = {
    dir,
    api,
    foreign: { url: foreignUrl, received: foreignReceived },
    client,
    takeWrites() {
      const out = writes;
      writes = [];
      requests = 0;
      return out;
    },
    requests: () => requests,
    template: { shop: { id: 1, name: '', start_step: null }, steps: [], menuItems: [] } as never,
    async reset() {
      await emulator.close();
      copyFileSync(templateDb, db);
      rmSync(`${db}-wal`, { force: true });
      rmSync(`${db}-shm`, { force: true });
      emulator = await startEmulator({ db, seed: SEED });
      writes = [];
      requests = 0;
    },
    run: async (args) => {
      const run = await runCli(args, {
        cwd: dir,
        env: { STAGING_TOKEN: TOKEN, PRODUCTION_TOKEN: TOKEN },
      });
      return { ...run, code: run.code ?? -1 };
    },
    async close() {
      proxy.closeAllConnections();
      foreign.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await new Promise<void>((resolve) => foreign.close(() => resolve()));
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await prepare(bench);
  bench.template = await readLiveState(client, 1);
  await emulator.close();
  copyFileSync(db, templateDb);
  emulator = await startEmulator({ db, seed: SEED });
  bench.takeWrites();
  return bench;
}

function body(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    stream.on('data', (c: Buffer) => {
      text += c.toString();
    });
    stream.on('end', () => resolve(text));
  });
}

function parse(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Whether the shop after a run is what the plan shows, and only that: every operation's object as
 * its `after` says (or gone, for a deletion), every other object as it was, the writes one per
 * operation, and the counts of the rendered plan's summary line equal to the writes made.
 * Returns what differs (empty when applied as shown).
 */
export function appliedAsShown(
  plan: Plan,
  writes: readonly Write[],
  before: LiveState,
  after: LiveState,
): string[] {
  const wrong: string[] = [];
  const names = new Map(after.steps.map((s) => [s.id, s.name]));
  const index = { nameOf: (id: number) => names.get(id) ?? `#${id}` };
  const stepsById = new Map(after.steps.map((s) => [s.id, s]));
  const stepsByName = new Map(after.steps.map((s) => [s.name, s]));
  const itemsById = new Map(after.menuItems.map((m) => [m.id, m]));
  const idIn = (p: string) => Number(/\/(\d+)\/$/.exec(p)?.[1]);
  const touched = new Set<string>();
  /** Ids of the objects the plan's creates made. */
  const made = new Set<string>();
  for (const op of plan.operations) {
    const id = idIn(op.call.path);
    const kind = op.address.kind;
    if (op.action === 'delete' || op.phase === 'unlink') {
      touched.add(`${kind}:${id}`);
      if (op.action === 'delete' && (kind === 'step' ? stepsById : itemsById).has(id))
        wrong.push(`${op.id}: ${kind} ${id} still exists`);
      continue;
    }
    if (op.phase === 'link') continue;
    if (kind === 'shop') {
      touched.add('shop');
      const start = after.shop.start_step === null ? null : index.nameOf(after.shop.start_step);
      if (start !== (op.after as { start: string | null }).start)
        wrong.push(`${op.id}: the start is ${start}`);
    } else if (kind === 'step') {
      const record = op.action === 'create' ? stepsByName.get(op.address.key) : stepsById.get(id);
      if (op.action === 'create') made.add(`step:${record?.id}`);
      else touched.add(`step:${id}`);
      if (!record || record.name !== op.address.key)
        wrong.push(`${op.id}: no step "${op.address.key}" where the plan puts it`);
      else if (!deepEqual(liveStepView(record, index), op.after as StepView))
        wrong.push(`${op.id}: step "${record.name}" is not as "after" shows`);
      else {
        // Params the plan does not show (the constructor's own) are as they were, or absent.
        const was = before.steps.find((s) => s.id === record.id);
        if (!deepEqual(unmanagedParams(record), was ? unmanagedParams(was) : {}))
          wrong.push(`${op.id}: step "${record.name}" has params the plan does not show`);
      }
    } else {
      const owner = stepsByName.get(op.address.key);
      const view = op.after as ButtonView;
      const record =
        op.action === 'create'
          ? after.menuItems.find((m) => m.step === owner?.id && m.position === view.position)
          : itemsById.get(id);
      if (op.action === 'create') made.add(`menu_item:${record?.id}`);
      else touched.add(`menu_item:${id}`);
      if (!record || record.step !== owner?.id)
        wrong.push(`${op.id}: no button of "${op.address.key}" where the plan puts it`);
      else if (!deepEqual(liveButtonView(record, index), view))
        wrong.push(`${op.id}: the button is not as "after" shows`);
    }
  }
  const deletedSteps = new Set(
    plan.operations.flatMap((op) =>
      op.action === 'delete' && op.address.kind === 'step' ? [idIn(op.call.path)] : [],
    ),
  );
  for (const step of before.steps)
    if (!touched.has(`step:${step.id}`) && !deepEqual(stepsById.get(step.id), step))
      wrong.push(`step "${step.name}" (${step.id}) changed, and the plan does not show it`);
  for (const item of before.menuItems)
    if (
      !touched.has(`menu_item:${item.id}`) &&
      !deletedSteps.has(item.step) &&
      !deepEqual(itemsById.get(item.id), item)
    )
      wrong.push(`button ${item.id} changed, and the plan does not show it`);
  if (!touched.has('shop') && !deepEqual(after.shop, before.shop))
    wrong.push('the shop changed, and the plan does not show it');
  // Nothing exists that was neither there before nor made by a create the plan shows.
  const existed = new Set([
    ...before.steps.map((s) => `step:${s.id}`),
    ...before.menuItems.map((m) => `menu_item:${m.id}`),
  ]);
  for (const key of [
    ...after.steps.map((s) => `step:${s.id}`),
    ...after.menuItems.map((m) => `menu_item:${m.id}`),
  ])
    if (!existed.has(key) && !made.has(key))
      wrong.push(`${key} exists, and the plan does not show it`);
  if (writes.length !== plan.operations.length)
    wrong.push(`${writes.length} writes for ${plan.operations.length} operations`);
  if (writes.some((w) => w.status >= 300))
    wrong.push(`a write failed: ${JSON.stringify(writes.find((w) => w.status >= 300))}`);
  // The rendered plan's summary line says what the writes were.
  const rendered = PLAN_RENDERERS.human(plan, { palette: paletteFor(false) });
  const line = /Plan: (\d+) to create, (\d+) to update, (\d+) to delete \((\d+) API calls?\)/.exec(
    rendered,
  );
  const count = (method: string) => writes.filter((w) => w.method === method).length;
  if (
    !line ||
    Number(line[1]) !== count('POST') ||
    Number(line[3]) !== count('DELETE') ||
    Number(line[4]) !== writes.length
  )
    wrong.push(`the rendered plan says "${line?.[0]}", the writes were ${writes.length}`);
  return wrong;
}
