// Reads a scenario file as strict UTF-8, refusing what is too large before reading it.
import { readFile, stat } from 'node:fs/promises';
import type { Code } from '../diagnostics/codes.js';

export type ReadResult = { ok: true; text: string } | { ok: false; code: Code; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readScenarioText(
  absolutePath: string,
  maxBytes: number,
): Promise<ReadResult> {
  let size: number;
  try {
    const info = await stat(absolutePath);
    if (!info.isFile())
      return { ok: false, code: 'file-unreadable', message: 'Not a regular file.' };
    size = info.size;
  } catch (error) {
    return { ok: false, code: 'file-unreadable', message: describeFsError(error) };
  }
  if (size > maxBytes) return tooLarge(size, maxBytes);
  let bytes: Buffer;
  try {
    bytes = await readFile(absolutePath);
  } catch (error) {
    return { ok: false, code: 'file-unreadable', message: describeFsError(error) };
  }
  try {
    // The decoder strips a UTF-8 byte order mark itself.
    return { ok: true, text: utf8.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    return {
      ok: false,
      code: 'file-not-utf8',
      message: `The file is not valid UTF-8 (first bad byte at offset ${offset}). Save it as UTF-8.`,
    };
  }
}

/** A text an editor holds in memory (not yet saved), under the same size limit as a file. */
export function scenarioTextInMemory(text: string, maxBytes: number): ReadResult {
  const size = Buffer.byteLength(text, 'utf8');
  return size > maxBytes
    ? tooLarge(size, maxBytes)
    : { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

function tooLarge(size: number, maxBytes: number): ReadResult {
  return {
    ok: false,
    code: 'file-too-large',
    message: `The file is ${formatBytes(size)}; scenario files may be at most ${formatBytes(maxBytes)}. Split the scenario over several files.`,
  };
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'No such file.';
  if (code === 'EACCES' || code === 'EPERM') return 'Permission denied.';
  if (code === 'EISDIR') return 'Is a directory.';
  return error instanceof Error ? error.message : String(error);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Where decoding failed, for the message: a plain scan of UTF-8 sequence structure. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const length =
      b < 0x80
        ? 1
        : b >= 0xc2 && b <= 0xdf
          ? 2
          : b >= 0xe0 && b <= 0xef
            ? 3
            : b >= 0xf0 && b <= 0xf4
              ? 4
              : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    const second = bytes[i + 1] as number;
    if (
      (b === 0xe0 && second < 0xa0) ||
      (b === 0xed && second > 0x9f) ||
      (b === 0xf0 && second < 0x90) ||
      (b === 0xf4 && second > 0x8f)
    )
      return i;
    i += length;
  }
  return bytes.length;
}
