// The LSP base protocol's framing, checked before vscode-jsonrpc reads it. Its reader, given a
// header it cannot use (`Content-Length: abc`, a negative or absurd length, no length at all),
// reports an error and keeps the bad bytes at the front of its buffer: every later message is
// read as more bad headers, and the server never answers again. There is no safe way to find
// the next message inside a stream whose framing is lost (a body may hold any text), so botform
// closes instead: `onMalformed` is called once with the reason, nothing more is passed on, and
// the server stops with exit code 1 — an editor's client then starts a fresh server.
import { Transform, type Readable, type TransformCallback } from 'node:stream';

/** Header lines of one message; the base protocol has two short ones. */
const MAX_HEADER_BYTES = 8 * 1024;
/** A message body: far above a scenario file (8 MiB) sent as JSON text. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

const SEPARATOR = Buffer.from('\r\n\r\n');

export function guardFraming(input: Readable, onMalformed: (reason: string) => void): Readable {
  let pending = Buffer.alloc(0);
  // Bytes of the current body still to pass through unread.
  let bodyLeft = 0;
  let broken = false;

  const guard = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      if (broken) return done();
      let data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      pending = Buffer.alloc(0);
      while (data.length > 0) {
        if (bodyLeft > 0) {
          const take = Math.min(bodyLeft, data.length);
          this.push(data.subarray(0, take));
          bodyLeft -= take;
          data = data.subarray(take);
          continue;
        }
        const end = data.indexOf(SEPARATOR);
        if (end === -1) {
          if (data.length > MAX_HEADER_BYTES)
            return fail(`a header longer than ${MAX_HEADER_BYTES} bytes`);
          pending = Buffer.from(data);
          return done();
        }
        const length = contentLength(data.subarray(0, end).toString('ascii'));
        if (typeof length === 'string') return fail(length);
        this.push(data.subarray(0, end + SEPARATOR.length));
        bodyLeft = length;
        data = data.subarray(end + SEPARATOR.length);
      }
      done();

      function fail(reason: string): void {
        broken = true;
        pending = Buffer.alloc(0);
        onMalformed(reason);
        done();
      }
    },
  });
  input.on('error', (error) => guard.destroy(error));
  input.on('end', () => guard.end());
  input.on('close', () => {
    if (!guard.writableEnded) guard.end();
  });
  input.pipe(guard, { end: false });
  return guard;
}

/** The message's length, or why the header cannot be used. */
function contentLength(header: string): number | string {
  let length: number | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0)
      return `a header line that is not "Name: value" (${JSON.stringify(line.slice(0, 80))})`;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,12}$/.test(value))
      return `Content-Length is not a byte count (${JSON.stringify(value.slice(0, 40))})`;
    length = Number(value);
  }
  if (length === undefined) return 'a message without Content-Length';
  if (length > MAX_MESSAGE_BYTES)
    return `Content-Length ${length} is larger than ${MAX_MESSAGE_BYTES} bytes`;
  return length;
}
