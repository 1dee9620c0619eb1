// A read-only stand-in for the HighTouch API that costs (almost) nothing to serve: the shop,
// steps and menu items of shop 1 are read once from an emulator database and every page is
// answered from memory after the same added latency. Running `botform plan` against it shows
// botform's own cost (compile, paged reads, diff) apart from the emulator's SQL, which is a
// floor for the server side, not a model of the real platform. Serves only what a plan reads:
// login, GET /api/shops/{id}/, and the /api/steps/ and /api/menu_items/ lists (limit/offset).
import { createServer } from 'node:http';
import { createStore } from '../dist/emulator/store/index.js';
import { openDatabase } from '../dist/emulator/store/open.js';
import { pageOf, pageRequest } from '../dist/emulator/query.js';

const TOKEN = 'replay-server-token';

export async function startReplayServer(dbFile, { shopId = 1, latencyMs = 20 } = {}) {
  const db = openDatabase(dbFile);
  let shop;
  const lists = {};
  try {
    const store = createStore(db);
    shop = store.shops.get(shopId);
    const steps = store.steps.list(shopId, {}, 1, 0).count;
    lists['/api/steps/'] = store.steps.list(shopId, {}, steps, 0).rows;
    const items = store.menuItems.list(shopId, {}, 1, 0).count;
    lists['/api/menu_items/'] = store.menuItems.list(shopId, {}, items, 0).rows;
  } finally {
    db.close();
  }
  const byRoute = {};
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const key = `${req.method} ${url.pathname}`;
    byRoute[key] = (byRoute[key] ?? 0) + 1;
    req.resume();
    const reply = (status, body) => {
      const payload = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
      });
      res.end(payload);
    };
    setTimeout(() => {
      if (req.method === 'POST' && url.pathname === '/api/auth/login/')
        return reply(200, { token: TOKEN });
      if (req.headers.authorization !== `Bearer ${TOKEN}`)
        return reply(401, { detail: 'Invalid token.' });
      if (req.method === 'GET' && url.pathname === `/api/shops/${shopId}/`) return reply(200, shop);
      const rows =
        req.method === 'GET' && url.searchParams.get('shop_id') === String(shopId)
          ? lists[url.pathname]
          : undefined;
      if (!rows)
        return reply(404, {
          detail: 'Not found (the replay server serves only what a plan reads).',
        });
      const page = pageRequest(url);
      return reply(
        200,
        pageOf(url, page, rows.length, rows.slice(page.offset, page.offset + page.limit)),
      );
    }, latencyMs);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ byRoute: { ...byRoute } }),
    resetStats: () => {
      for (const k of Object.keys(byRoute)) delete byRoute[k];
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
