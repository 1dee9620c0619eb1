// Child process of the plan benchmark: reads shop 1's live state (login, shop, all pages of steps
// and menu items) with the real client at several page concurrencies, and prints a JSON object
// {concurrency: median ms}. Usage: node bench/read-live.mjs URL RUNS C1 C2 ...
import { createClient } from '../dist/remote/client.js';
import { readLiveState } from '../dist/remote/read-live.js';
import { median } from './measure.mjs';

const [url, runsText, ...concurrencies] = process.argv.slice(2);
const runs = Number(runsText);
const out = {};
for (const text of concurrencies) {
  const pageConcurrency = Number(text);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const client = createClient({
      baseUrl: url,
      credentials: { username: 'demo', password: 'demo' },
      pageConcurrency,
    });
    const started = performance.now();
    const live = await readLiveState(client, 1);
    times.push(performance.now() - started);
    if (live.steps.length === 0) throw new Error('read an empty shop');
  }
  out[pageConcurrency] = median(times);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
