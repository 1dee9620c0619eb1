// replaceFileAtomic (not the plan writer's writeFileAtomic, which creates files and folders):
// replaces an existing file's contents in one step: a temp file in the same directory, flushed, then
// renamed over the original, so a reader (or a crash) sees the old file or the new one, never
// half of either. The file keeps its permissions; through a symlink, the file it points to is
// replaced and the link stays a link.
import { randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export async function replaceFileAtomic(file: string, text: string): Promise<void> {
  const target = await realpath(file);
  const mode = (await stat(target)).mode & 0o7777;
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.botform-fmt.tmp`,
  );
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(mode); // open's mode is filtered by the umask
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
