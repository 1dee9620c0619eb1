// A client's signal: plan starts reading the shop while the scenario compiles, and aborts the
// read when the scenario does not compile. Aborted calls reject with ClientAborted, send nothing
// more, and leave no wait behind.
import { describe, expect, test } from 'vitest';
import { ClientAborted } from '../../src/remote/client.js';
import { routeCount, testClient, useTestEmulator } from './helpers.js';

const emulator = useTestEmulator();

describe('a client whose signal is aborted', () => {
  test('before a call: the call rejects with ClientAborted and sends nothing', async () => {
    const abort = new AbortController();
    abort.abort();
    const { client } = testClient(emulator().url, { signal: abort.signal });
    await expect(client.listSteps(1)).rejects.toBeInstanceOf(ClientAborted);
    expect(emulator().stats().total).toBe(0);
  });

  test('during a paged read: the read rejects with ClientAborted and no further page is asked for', async () => {
    emulator().setFaults({ latencyMs: 200 });
    const abort = new AbortController();
    const { client } = testClient(emulator().url, { signal: abort.signal });
    const reading = client.listSteps(1);
    setTimeout(() => abort.abort(), 50);
    await expect(reading).rejects.toBeInstanceOf(ClientAborted);
    // The first page was asked for; none after it.
    expect(routeCount(emulator(), 'GET /api/steps/')).toBe(1);
  });

  test('while waiting out a retry: the wait ends and the call rejects with ClientAborted', async () => {
    emulator().setFaults({ failRate: 1 });
    const abort = new AbortController();
    // The real (abortable) backoff, not the helper's instant one.
    const { client } = testClient(emulator().url, { signal: abort.signal, sleep: undefined as never });
    const reading = client.getShop(1);
    setTimeout(() => abort.abort(), 100);
    await expect(reading).rejects.toBeInstanceOf(ClientAborted);
  });
});
