// Generates a synthetic, valid scenario: `steps` steps with `buttons` buttons each, spread over
// `files` files. Deterministic, so runs are comparable.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function generateScenario(dir, { steps = 10_000, buttonsPerStep = 4, files = 100 } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const perFile = Math.ceil(steps / files);
  const key = (i) => `s${String(i).padStart(5, '0')}`;
  for (let f = 0; f < files; f++) {
    const lines = ['# yaml-language-server: $schema=../../../schemas/scenario.schema.json'];
    if (f === 0) lines.push(`start: ${key(0)}`);
    lines.push('steps:');
    for (let i = f * perFile; i < Math.min(steps, (f + 1) * perFile); i++) {
      const type = i % 10 === 9 ? 'catalog' : 'message';
      lines.push(`  ${key(i)}:`, `    type: ${type}`, `    text: |`, `      Step ${i} says hello.`, `      This is line two of step ${i}.`, '    menu:');
      const targets = [(i + 1) % steps, (i + 7) % steps, (i * 13 + 5) % steps, 0].slice(0, buttonsPerStep);
      targets.forEach((t, b) => lines.push(`      - text: Option ${b + 1} to ${t}`, `        goto: ${key(t)}`));
    }
    writeFileSync(path.join(dir, `part-${String(f).padStart(3, '0')}.yaml`), `${lines.join('\n')}\n`);
  }
  return { steps, buttons: steps * buttonsPerStep, files };
}
