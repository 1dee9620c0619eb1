// docs/editor.md's Neovim 0.7 snippet, as written there, in Debian 12's Neovim (0.7.2), headless:
// opening a scenario file of a project starts `npx botform lsp` (node_modules/.bin/botform, as
// in a project that installed botform) and the misspelt step it names comes back as a diagnostic.
// Skipped without nvim on a developer's machine (.ci/run installs it).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/cli.js';
import { REPO } from '../helpers/fixtures.js';
import { toolMissing } from '../helpers/system-tools.js';

const missing = toolMissing('nvim', 'neovim');
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

/** The Lua block of docs/editor.md that follows the given words. */
function snippetAfter(words: string): string {
  const doc = readFileSync(path.join(REPO, 'docs', 'editor.md'), 'utf8');
  const from = doc.indexOf(words);
  const block = /```lua\n([\s\S]*?)```/.exec(doc.slice(from));
  if (from < 0 || !block) throw new Error(`no Lua block after "${words}" in docs/editor.md`);
  return block[1] as string;
}

describe.skipIf(missing !== undefined)('Neovim 0.7 with the snippet of docs/editor.md', () => {
  it('starts botform lsp for a scenario file and shows its diagnostics', () => {
    const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).stdout;
    const t = tempTree({
      'botform.config.yaml': 'scenario: scenarios\n',
      'scenarios/main.yaml':
        'start: a\nsteps:\n  a:\n    type: message\n    text: A\n    next: bb\n  b:\n    type: message\n    text: B\n    end: true\n',
      'init.lua': snippetAfter('Neovim 0.7 (Debian 12'),
    });
    cleanups.push(t.cleanup);
    // The project has botform installed: npx finds node_modules/.bin/botform.
    mkdirSync(path.join(t.dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(REPO, path.join(t.dir, 'node_modules', 'botform'));
    symlinkSync(
      path.join(REPO, 'bin', 'botform.js'),
      path.join(t.dir, 'node_modules', '.bin', 'botform'),
    );
    const out = path.join(t.dir, 'diagnostics.txt');
    writeFileSync(
      path.join(t.dir, 'driver.lua'),
      `vim.cmd('filetype on')
vim.cmd('edit ${path.join(t.dir, 'scenarios', 'main.yaml')}')
vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 100)
local lines = { 'clients ' .. #vim.lsp.buf_get_clients(0) }
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(lines, (d.lnum + 1) .. ':' .. (d.col + 1) .. ' ' .. d.message)
end
vim.fn.writefile(lines, '${out}')
vim.cmd('qa!')
`,
    );
    const run = spawnSync(
      'nvim',
      ['--headless', '-i', 'NONE', '-u', 'init.lua', '-c', 'luafile driver.lua'],
      {
        cwd: t.dir,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: t.dir,
          XDG_CONFIG_HOME: path.join(t.dir, '.config'),
          XDG_DATA_HOME: path.join(t.dir, '.local'),
          XDG_STATE_HOME: path.join(t.dir, '.state'),
        },
      },
    );
    expect(run.status, `${version}\n${run.stdout}${run.stderr}`).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('clients 1');
    expect(lines.slice(1).join('\n')).toMatch(/^6:11 .*"bb".*Did you mean "b"\?/m);
  }, 90_000);
});
