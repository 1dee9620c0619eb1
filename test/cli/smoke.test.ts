// One spawned run per command: the launcher (bin/botform.js → dist/) starts every command and
// passes main's exit code through. Everything else about the commands runs in-process (runCli).
import { describe, expect, it } from 'vitest';
import { spawnCli, STACK_LINE, tempTree } from '../helpers/cli.js';

const COMMANDS = [
  'validate',
  'plan',
  'apply',
  'pull',
  'fmt',
  'serve',
  'graph',
  'lsp',
  'test',
  'env',
  'init',
];

describe('the built binary', () => {
  it.each(COMMANDS)('starts `botform %s --help` and exits 0', async (command) => {
    const run = await spawnCli([command, '--help']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`botform ${command}`));
    expect(run.code).toBe(0);
  });

  it('passes failure exit codes through, without a stack trace', async () => {
    const tree = tempTree({ 'main.yaml': 'start: nowhere\nsteps: {}\n' });
    try {
      const invalid = await spawnCli(['validate', 'main.yaml'], { cwd: tree.dir });
      expect(invalid.code).toBe(1);
      expect(invalid.stdout).toContain('nowhere');
      const unknown = await spawnCli(['deploy']);
      expect(unknown.code).toBe(2);
      expect(`${invalid.stderr}${unknown.stderr}`).not.toMatch(STACK_LINE);
    } finally {
      tree.cleanup();
    }
  });
});
