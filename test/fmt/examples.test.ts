// The example scenario: each file formats cleanly, formatting is idempotent, and the formatted
// scenario is as valid as the original (the same diagnostics, none of them errors).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSources } from '../../src/compile/index.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { formatScenarioYaml } from '../../src/fmt/index.js';
import { DEFAULT_LIMITS } from '../../src/load/limits.js';
import { parseYamlSource } from '../../src/load/yaml-source.js';
import { REPO } from '../helpers/fixtures.js';

const DIR = path.join(REPO, 'scenarios', 'pizza-shop');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((name) => ({ name, text: readFileSync(path.join(DIR, name), 'utf8') }));
const config = { ...defaultConfig(REPO), channels: ['telegram', 'whatsapp'] };

function compile(files: { name: string; text: string }[]) {
  const sources = files.map((f) => parseYamlSource(f.name, f.text, DEFAULT_LIMITS));
  const diagnostics = compileSources(
    sources,
    sources.flatMap((s) => s.diagnostics),
    config,
  ).diagnostics;
  return diagnostics
    .map((d) => `${d.severity} ${d.code} ${d.file} ${JSON.stringify(d.path)}`)
    .sort();
}

describe('fmt on the example scenario', () => {
  const formatted = FILES.map((f) => {
    const result = formatScenarioYaml(f.text, { file: f.name });
    if (!result.ok) throw new Error(`${f.name}: ${JSON.stringify(result)}`);
    return { name: f.name, text: result.text };
  });

  it('the example files are already canonical (as `botform fmt --check` in CI would demand)', () => {
    for (const f of FILES)
      expect(formatScenarioYaml(f.text, { file: f.name }), f.name).toMatchObject({
        ok: true,
        changed: false,
      });
  });

  it('is idempotent on every file', () => {
    for (const f of formatted)
      expect(formatScenarioYaml(f.text), f.name).toMatchObject({ ok: true, changed: false });
  });

  it('keeps the scenario valid, with the same diagnostics', () => {
    const after = compile(formatted);
    expect(after.filter((d) => d.startsWith('error'))).toStrictEqual([]);
    expect(after).toStrictEqual(compile(FILES));
  });

  it("keeps each file's modeline as its first line", () => {
    for (const f of formatted)
      expect(f.text.split('\n')[0], f.name).toMatch(/^# yaml-language-server: \$schema=/);
  });
});
