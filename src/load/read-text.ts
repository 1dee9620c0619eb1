// Reads a scenario file as strict UTF-8, refusing what is too large before reading it.
import { readFile, stat } from 'node:fs/promises';
import type { Code } from '../diagnostics/codes.js';

export type ReadResult =
  | { ok: true; text: string }
  | { ok: false; code: Code; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readScenarioText(absolutePath: string, maxBytes: number): Promise<ReadResult> {
  let size: number;
  try {
    const info = await stat(absolutePath);
    if (!info.isFile()) return { ok: false, code: 'file-unreadable', message: 'Not a regular file.' };
    size = info.size;
  } catch (error) {
    return { ok: false, code: 'file-unreadable', message: describeFsError(error) };
  }
  if (size > maxBytes) {
    return {
      ok: false,
      code: 'file-too-large',
      message: `The file is ${formatBytes(size)}; scenario files may be at most ${formatBytes(maxBytes)}. Split the scenario over several files.`,
    };
  }
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

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'No such file.';
  if (code === 'EACCES' || code === 'EPERM') return 'Permission denied.';
  if (code === 'EISDIR') return 'Is a directory.';
  return error instanceof Error ? error.message : String(error);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  // Binary search on prefixes that decode cleanly (non-fatal streaming keeps this simple).
  let low = 0;
  let high = bytes.length;
  const probe = new TextDecoder('utf-8', { fatal: true });
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    try {
      probe.decode(bytes.subarray(0, mid), { stream: true });
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  return low;
}
