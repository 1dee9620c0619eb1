// A small JSON-over-HTTP call on node:http with a keep-alive agent, for the chatty loopback
// traffic of live tests (the emulator's webhook deliveries, the live runner's messages): fetch
// costs several times the CPU per call, which shows at thousands of calls a second.
import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256 });

export interface JsonCall {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON when set. */
  body?: unknown;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface JsonAnswer {
  status: number;
  /** The body as text ('' when empty). */
  text: string;
}

/** Rejects with an Error whose `code` says why (ECONNREFUSED, ETIMEDOUT, ...), never hangs past timeoutMs. */
export function callJson(call: JsonCall): Promise<JsonAnswer> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(call.url);
    } catch {
      reject(Object.assign(new Error(`not a URL: ${call.url}`), { code: 'EINVALIDURL' }));
      return;
    }
    const payload = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
    const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : request;
    const req = send(
      url,
      {
        method: call.method,
        headers,
        agent: secure ? httpsAgent : agent,
        ...(call.signal ? { signal: call.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(call.timeoutMs, () =>
      req.destroy(
        Object.assign(new Error(`no answer within ${call.timeoutMs} ms`), { code: 'ETIMEDOUT' }),
      ),
    );
    req.on('error', reject);
    req.end(payload);
  });
}
