// Property: for generated scenarios applied to the emulator, pulling the shop (as YAML and as
// TypeScript) gives files that plan as no change, and pulling again gives the same bytes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compileFiles } from '../helpers/compile.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { pullDocument } from '../../src/pull/to-document.js';
import { pulledToTs } from '../../src/pull/write-ts.js';
import { pulledToYaml } from '../../src/pull/write-yaml.js';
import { readLiveState } from '../../src/remote/read-live.js';
import { scenarioArbitrary } from '../helpers/gen-scenario.js';
import { converge, planFor, scenarioOf, startShop, byHand } from '../helpers/shop.js';

async function compileFile(name: string, content: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'botform-pull-'));
  try {
    writeFileSync(path.join(dir, name), content);
    return await compileFiles([name], { cwd: dir, config: defaultConfig(dir) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('pull round trip', () => {
  it('generated scenarios: plan after pull is empty, a second pull is identical (YAML and TS)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (generated) => {
        const shop = await startShop();
        try {
          const scenario = scenarioOf({ 'gen.yaml': stringify(generated) });
          expect((await converge(shop, scenario)).operations).toStrictEqual([]);
          const first = pullDocument(await readLiveState(shop.client, shop.shopId));
          const yaml = pulledToYaml(first, 'scenario.schema.json');
          const ts = pulledToTs(first);
          for (const [name, content] of [
            ['pulled.yaml', yaml],
            ['pulled.ts', ts],
          ] as const) {
            const compiled = await compileFile(name, content);
            const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
            expect(errors, `${name}:\n${content}`).toStrictEqual([]);
            const { plan } = await planFor(shop, compiled.scenario);
            expect(plan.operations, `${name}:\n${content}`).toStrictEqual([]);
          }
          const second = pullDocument(await readLiveState(shop.client, shop.shopId));
          expect(pulledToYaml(second, 'scenario.schema.json')).toBe(yaml);
          expect(pulledToTs(second)).toBe(ts);
        } finally {
          await shop.close();
        }
      }),
      { numRuns: 12, seed: 424242 },
    );
  });

  it('live steps sharing a name are told apart and reported', async () => {
    const shop = await startShop();
    try {
      await converge(
        shop,
        scenarioOf({
          'a.yaml': 'start: a\nsteps:\n  a:\n    type: message\n    text: A\n    end: true\n',
        }),
      );
      await byHand(shop, 'POST', '/api/steps/', {
        name: 'a',
        type: 'message',
        text: 'copy',
        params: { end: true },
      });
      const pulled = pullDocument(await readLiveState(shop.client, shop.shopId));
      expect(pulled.steps.map((s) => s.key)).toStrictEqual(['a', 'a__2']);
      expect(pulled.warnings).toStrictEqual([
        expect.stringContaining('2 live steps are named "a"'),
      ]);
      const yaml = pulledToYaml(pulled, 'scenario.schema.json');
      expect(yaml).toContain('renamed_from:\n      - a');
      const compiled = await compileFile('pulled.yaml', yaml);
      const { plan } = await planFor(shop, compiled.scenario);
      // The copy keeps its id and takes its new name: one PATCH, nothing deleted.
      expect(plan.operations.map((o) => [o.action, o.address.key, o.call.body])).toStrictEqual([
        ['update', 'a__2', { name: 'a__2' }],
      ]);
    } finally {
      await shop.close();
    }
  });
});
