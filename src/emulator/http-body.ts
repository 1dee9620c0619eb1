// Reading a request body without letting it hurt the server: the size is capped (413), only JSON
// is accepted (415), and malformed JSON or invalid UTF-8 is a 400, never an exception that escapes.
// A body that trickles in is bounded by the server's requestTimeout (server.ts): Node answers
// 408 and closes the connection, and the handler, still waiting here, commits nothing.
import type { IncomingMessage } from 'node:http';
import { ErrorAnswer, detail } from './api-error.js';

/** The client went away before the body arrived; there is nobody to answer. */
export class ClientGone extends Error {}

// Past the limit a body is still drained (so the client gets its 413 instead of a reset), up to
// this many times the limit; beyond that the connection is cut.
const DRAIN_FACTOR = 16;

function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type = '', ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  const json =
    type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
  const charsetOk = parameters.every(
    (p) => !p.startsWith('charset=') || p === 'charset=utf-8' || p === 'charset="utf-8"',
  );
  return json && charsetOk;
}

const tooLarge = (limit: number): ErrorAnswer =>
  new ErrorAnswer(
    413,
    { detail: `Request body larger than ${limit} bytes.` },
    { connection: 'close' },
  );

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The parsed JSON body; an empty body reads as `{}`. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const contentType = req.headers['content-type'];
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit * DRAIN_FACTOR) throw tooLarge(limit);
  if (contentType !== undefined && !isJsonContentType(contentType)) {
    throw detail(
      415,
      `Unsupported media type "${contentType.slice(0, 100)}" in request; send application/json.`,
    );
  }
  const raw = await collect(req, limit);
  if (raw === 'too-large') throw tooLarge(limit);
  if (raw.length === 0) return {};
  if (contentType === undefined) throw detail(415, 'Missing Content-Type; send application/json.');
  let text: string;
  try {
    // Not Buffer.toString: it would turn bad bytes into U+FFFD and store text the client never sent.
    text = STRICT_UTF8.decode(raw);
  } catch {
    throw detail(400, 'JSON parse error - the request body is not valid UTF-8.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw detail(
      400,
      `JSON parse error - ${error instanceof Error ? error.message : 'invalid JSON'}`,
    );
  }
  // Depth before anything else looks at the body: JSON.parse reads 30,000 levels, but every
  // recursive step after it (JSON.stringify for a size check, a validator) would overflow the
  // stack, and a stack overflow is a 500.
  if (nestedDeeperThan(parsed, MAX_BODY_DEPTH))
    throw detail(
      400,
      `JSON parse error - the body is nested deeper than ${MAX_BODY_DEPTH} levels.`,
    );
  return parsed;
}

/** Levels of arrays and objects a request body may nest (the API's own parts need far fewer). */
const MAX_BODY_DEPTH = 64;

/** Iterative, and stops at the first value past the limit: a hostile nesting costs nothing. */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const current = next.value;
    if (current === null || typeof current !== 'object') continue;
    if (next.depth >= max) return true;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) stack.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

function collect(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    // The client may have gone while the request waited (added latency): its close event is
    // already past, so no listener below would ever settle this promise.
    if (req.destroyed) {
      reject(new ClientGone('client closed the connection while the request waited'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit * DRAIN_FACTOR) {
        req.destroy();
        reject(new ClientGone('request body far over the limit; connection cut'));
      } else if (size <= limit) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => {
      settled = true;
      resolve(size > limit ? 'too-large' : Buffer.concat(chunks));
    });
    req.on('error', () => {
      reject(new ClientGone('request failed while reading the body'));
    });
    req.on('close', () => {
      // Closed before 'end' was seen, complete or not: nobody is left to answer.
      if (!settled) reject(new ClientGone('client closed the connection before the body was read'));
    });
  });
}
