// How a file is named in messages: relative to the working directory when inside it, else
// absolute; always with forward slashes. Its own module so that readers which find no files
// (the test-file reading worker) do not load the glob library with find-files.ts.
import path from 'node:path';

export function displayPath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute);
  const shown =
    relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
  return shown.split(path.sep).join('/');
}
