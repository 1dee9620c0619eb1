// Reading the broken-scenario fixtures: each is a file or a folder under test/fixtures/broken,
// and the file that should get the diagnostic starts with
//   # expect: <code> <line>:<col>[-<endLine>:<endCol>]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface Expectation {
  name: string;
  /** The folder to run in, and the input to give. */
  cwd: string;
  input: string;
  file: string;
  code: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

const EXPECT = /^# expect: (\S+)(?: (\d+):(\d+)(?:-(\d+):(\d+))?)?/;

export function brokenFixtures(): Expectation[] {
  const root = path.join(FIXTURES, 'broken');
  return readdirSync(root)
    .sort()
    .map((name): Expectation => {
      const full = path.join(root, name);
      const isDir = statSync(full).isDirectory();
      const files = isDir
        ? readdirSync(full)
            .filter((f) => f.endsWith('.yaml') && !f.startsWith('botform.config'))
            .map((f) => path.join(full, f))
        : [full];
      for (const file of files) {
        const match = EXPECT.exec(readFileSync(file, 'utf8'));
        if (!match) continue;
        const [, code, line, column, endLine, endColumn] = match;
        return {
          name,
          cwd: isDir ? full : root,
          input: isDir ? '.' : name,
          file: isDir ? path.basename(file) : name,
          code: code as string,
          line: line ? Number(line) : 1,
          column: column ? Number(column) : 1,
          ...(endLine ? { endLine: Number(endLine), endColumn: Number(endColumn) } : {}),
        };
      }
      throw new Error(`fixture ${name} has no "# expect:" line`);
    });
}

/** Every file under `dir` (recursively) whose name ends with `suffix`. */
export function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full, suffix);
    return name.endsWith(suffix) ? [full] : [];
  });
}
