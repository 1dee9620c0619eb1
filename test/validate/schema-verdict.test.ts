// The validators generated at build time (dist/validate/schema-verdicts.cjs, from
// scripts/build-validators.mjs) say yes exactly when the compiled ones do: on every
// step type, on the example and broken fixtures, and on generated and mutated values. And the
// file in dist/ is what the schemas make today (`npm test` builds before it tests).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/load/limits.js';
import { parseYamlSource } from '../../src/load/yaml-source.js';
import { schemaValidator } from '../../src/validate/schemas.js';
import { REPO } from '../helpers/fixtures.js';
import { scenarioArbitrary } from '../helpers/gen-scenario.js';

const GENERATED = path.join(REPO, 'dist', 'validate', 'schema-verdicts.cjs');
type Generated = ((value: unknown) => boolean) & { errors?: unknown[] | null };
const generated = createRequire(import.meta.url)(GENERATED) as {
  scenario: Generated;
  config: Generated;
  test: Generated;
};
const compiled = schemaValidator('scenario.schema.json');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return name.endsWith('.yaml') ? [full] : [];
  });
}

const VALUES = [
  ...yamlFiles(path.join(REPO, 'scenarios')),
  ...yamlFiles(path.join(REPO, 'test', 'fixtures', 'broken')),
]
  .map((file) => parseYamlSource(file, readFileSync(file, 'utf8'), DEFAULT_LIMITS).value)
  .filter((value) => value !== undefined);

// The same verdict, and for a refused value the same errors: what translate-errors.ts reads
// (keyword, places, params, and the schema objects `verbose` adds).
const errorsOf = (errors: unknown[] | null | undefined) =>
  JSON.parse(
    JSON.stringify(
      (errors ?? []).map((e) => {
        const { keyword, instancePath, schemaPath, params, schema, parentSchema } = e as Record<
          string,
          unknown
        >;
        return { keyword, instancePath, schemaPath, params, schema, parentSchema };
      }),
    ),
  ) as unknown;
const agree = (value: unknown): void => {
  const verdict = compiled(value);
  expect(generated.scenario(value)).toBe(verdict);
  if (!verdict)
    expect(errorsOf(generated.scenario.errors)).toStrictEqual(errorsOf(compiled.errors));
};

describe('the build-time schema validators', () => {
  it('agree with the compiled config validator on the repository config and broken ones', () => {
    const config = schemaValidator('config.schema.json');
    const repoConfig = parseYamlSource(
      'botform.config.yaml',
      readFileSync(path.join(REPO, 'botform.config.yaml'), 'utf8'),
      DEFAULT_LIMITS,
    ).value;
    const cases: unknown[] = [
      repoConfig,
      {},
      { scenario: 3 },
      { channels: ['telegram', 'nope'] },
      { rules: { 'dead-end': 'loud' } },
      { unknown: true },
      [],
    ];
    expect(cases.map((c) => config(c))).toContain(true);
    expect(cases.map((c) => config(c))).toContain(false);
    for (const c of cases) expect(generated.config(c)).toBe(config(c));
  });

  it('agree with the compiled test-file validator on the example suite, changed and broken', () => {
    const test = schemaValidator('test.schema.json');
    const suites = yamlFiles(path.join(REPO, 'tests')).map(
      (file) => parseYamlSource(file, readFileSync(file, 'utf8'), DEFAULT_LIMITS).value,
    );
    const first = (suites[0] as { tests: Record<string, unknown>[] }).tests[0];
    const cases: unknown[] = [
      ...suites,
      { tests: [] },
      { tests: [{ ...first, turns: 'none' }] },
      { tests: [{ ...first, name: 3 }] },
      { tests: [{ ...first, turns: [{ bot: { step: 'a', sayz: 'hi' } }] }] },
      { tests: [{ ...first, turns: [{ user: { press: 1 } }] }] },
      { tests: [{ ...first, stubs: { op: { status: 'teapot' } } }] },
      { nope: true },
      [],
    ];
    expect(suites.length).toBeGreaterThan(0);
    expect(cases.map((c) => test(c))).toContain(true);
    expect(cases.map((c) => test(c))).toContain(false);
    for (const c of cases) {
      const verdict = test(c);
      expect(generated.test(c)).toBe(verdict);
      if (!verdict) expect(errorsOf(generated.test.errors)).toStrictEqual(errorsOf(test.errors));
    }
  });

  it('is what the schemas generate today', async () => {
    const { generateVerdictCode } = (await import(
      path.join(REPO, 'scripts', 'build-validators.mjs')
    )) as { generateVerdictCode: () => string };
    expect(readFileSync(GENERATED, 'utf8')).toBe(generateVerdictCode());
  });

  it('agrees with the compiled validator on the example and every broken fixture', () => {
    expect(VALUES.length).toBeGreaterThan(20);
    const verdicts = VALUES.map((value) => compiled(value));
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
    for (const value of VALUES) agree(value);
  });

  it('agrees on generated scenarios and on values with one field replaced', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => agree(scenario)),
      { seed: 1111, numRuns: 300 },
    );
    const junk = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.string({ maxLength: 6 }),
      fc.constant([]),
      fc.constant({}),
      fc.constant({ type: 'message' }),
    );
    fc.assert(
      fc.property(fc.nat(), fc.nat(), junk, (which, where, replacement) => {
        const value = structuredClone(VALUES[which % VALUES.length]) as Record<string, unknown>;
        // Replace one node found by a walk: the root's, a step's, or a field's.
        const nodes: Record<string, unknown>[] = [];
        const walk = (v: unknown) => {
          if (v !== null && typeof v === 'object') {
            nodes.push(v as Record<string, unknown>);
            for (const child of Object.values(v)) walk(child);
          }
        };
        walk(value);
        const node = nodes[where % nodes.length] as Record<string, unknown>;
        const keys = Object.keys(node);
        if (keys.length > 0) node[keys[where % keys.length] as string] = replacement;
        agree(value);
      }),
      { seed: 2222, numRuns: 600 },
    );
  });
});

describe('the verdict path', () => {
  it('is the same from the sources (the tests) as from the build (users): the generated validators', async () => {
    const { schemaErrors } = await import('../../src/validate/schema-verdict.js');
    const example = VALUES.find((value) => compiled(value));
    expect(schemaErrors('scenario', example)).toBeUndefined();
    expect(schemaErrors('scenario', { steps: 3 })?.length).toBeGreaterThan(0);
    // The module the sources loaded is dist/'s generated file, not a fallback.
    expect(createRequire(import.meta.url).cache[GENERATED]).toBeDefined();
  });

  it('no module of validate/ reads a file when it is imported', () => {
    // A fresh process (imports run once per process): fs counted from before the first import.
    const modules = readdirSync(path.join(REPO, 'dist', 'validate'))
      .filter((name) => name.endsWith('.js'))
      .map((name) => pathToFileURL(path.join(REPO, 'dist', 'validate', name)).href);
    expect(modules.length).toBeGreaterThan(5);
    const script = `
      import fs from 'node:fs';
      import { syncBuiltinESMExports } from 'node:module';
      const reads = [];
      for (const name of ['readFileSync', 'readdirSync', 'statSync', 'existsSync', 'openSync']) {
        const original = fs[name];
        fs[name] = (...args) => { reads.push(name + ' ' + String(args[0])); return original(...args); };
      }
      syncBuiltinESMExports();
      for (const m of ${JSON.stringify(modules)}) await import(m);
      process.stdout.write(JSON.stringify(reads));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    // Node 22 and 24 read the imported modules' own source through fs (the ESM loader): those
    // are the import itself, not a read by a module.
    const reads = (JSON.parse(out) as string[]).filter(
      (r) => !/^(readFileSync|openSync) file:\/\/.+\.js$/.test(r),
    );
    expect(reads).toStrictEqual([]);
  });
});
