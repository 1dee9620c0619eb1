// Writing a file atomically, the one way botform writes files a reader may catch half-written (a
// plan, a report, a formatted scenario): a temp file in the same directory, flushed to disk, then
// renamed over the target, so a reader — or a crash — sees the old file or the new one, never part
// of either. A new file gets its folder made; an existing file keeps its permissions, and through
// a symlink the file it points to is replaced and the link stays a link.
import { randomBytes } from 'node:crypto';
import { mkdir, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const existing = await realpath(file).catch(() => undefined);
  const target = existing ?? file;
  const mode = existing === undefined ? undefined : (await stat(existing)).mode & 0o7777;
  if (existing === undefined) await mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.botform.tmp`,
  );
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      if (mode !== undefined) await handle.chmod(mode); // open's mode is filtered by the umask
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
