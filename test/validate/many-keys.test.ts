// Diagnostics cost the same per problem however many there are: 40,000 unknown top-level keys
// took 20 s (each problem's place was found by scanning the mapping, and the human format copied
// its list per problem). In-process through main(); the assertions are on every problem being
// there, in its place, and the timeout (several times the linear cost, under the quadratic one
// of about a minute for the two runs) is the backstop.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempTree } from '../helpers/cli.js';

const KEYS = 40_000;
let text = 'start: a\nsteps:\n  a:\n    type: message\n    text: hi\n    end: true\n';
for (let i = 0; i < KEYS; i++) text += `k${i}: ${i}\n`;
const t = tempTree({ 'bot.yaml': text });
afterAll(() => t.cleanup());

describe('validate with 40,000 problems', () => {
  it('reports each one at its key, as data and as text', { timeout: 30_000 }, async () => {
    const json = await runCli(['validate', 'bot.yaml', '--format', 'json'], { cwd: t.dir });
    expect(json.code).toBe(1);
    const diagnostics = (
      JSON.parse(json.stdout) as { diagnostics: { code: string; line: number }[] }
    ).diagnostics;
    expect(diagnostics).toHaveLength(KEYS);
    expect(diagnostics.every((d) => d.code === 'unknown-field')).toBe(true);
    expect(new Set(diagnostics.map((d) => d.line)).size).toBe(KEYS);
    expect(diagnostics.at(-1)?.line).toBe(6 + KEYS);

    const stylish = await runCli(['validate', 'bot.yaml'], { cwd: t.dir });
    expect(stylish.stdout + stylish.stderr).toContain(
      `✖ ${KEYS} problems (${KEYS} errors, 0 warnings)`,
    );
    expect(stylish.stdout + stylish.stderr).toContain(`${6 + KEYS}:1`);
  });
});
