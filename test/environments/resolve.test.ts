// Layering and bad input of environments, in-process on real temp files: the documented
// precedence with the origin of every value, and each config mistake as a diagnostic at its place.
import { afterAll, describe, expect, it } from 'vitest';
import { setupEnvironments } from '../../src/environments/select.js';
import { tempTree } from '../helpers/cli.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

function project(files: Record<string, string>): string {
  const t = tempTree(files);
  cleanups.push(t.cleanup);
  return t.dir;
}

const none = { env: {}, varFiles: [], vars: [] };

describe('precedence: defaults < imports in order < the environment < BOTFORM_VAR_* < --var-file < --var', () => {
  const dir = project({
    'botform.config.yaml': `scenario: s
defaults:
  vars: { A: defaults, B: defaults, C: defaults, D: defaults, E: defaults, F: defaults, G: defaults }
layers:
  one:
    vars: { B: one, C: one, D: one }
  two:
    var_files: [two.yaml]
    vars: { C: two }
environments:
  acme-staging:
    imports: [one, two]
    shop: 5
    vars: { D: env, E: env, F: env, G: env }
`,
    'two.yaml': 'B: two-file\nC: two-file\n',
    'cli.yaml': 'F: var-file\nG: var-file\n',
  });

  it('takes each value from the highest layer that sets it, and says where it came from', async () => {
    const setup = await setupEnvironments(
      dir,
      undefined,
      { env: 'acme-staging' },
      {
        env: { BOTFORM_VAR_E: 'shell', BOTFORM_VAR_F: 'shell' },
        varFiles: ['cli.yaml'],
        vars: ['G=flag'],
      },
    );
    expect(setup.diagnostics).toEqual([]);
    const env = setup.selected[0]!;
    const values = Object.fromEntries([...env.vars].map(([k, v]) => [k, v.value]));
    expect(values).toEqual({
      A: 'defaults',
      B: 'two-file',
      C: 'two',
      D: 'env',
      E: 'shell',
      F: 'var-file',
      G: 'flag',
    });
    expect(env.vars.get('C')!.origin).toMatchObject({
      source: 'layer "two"',
      file: 'botform.config.yaml',
      line: 9,
    });
    expect(env.vars.get('B')!.origin.source).toBe('var file two.yaml (of layer "two")');
    expect(env.vars.get('E')!.origin.source).toBe('BOTFORM_VAR_E');
    expect(env.vars.get('F')!.origin.source).toBe('--var-file cli.yaml');
    expect(env.vars.get('G')!.origin.source).toBe('--var');
    expect(env.layers).toEqual([
      'defaults',
      'layer "one"',
      'layer "two"',
      'environment "acme-staging"',
    ]);
    expect(env.shop).toMatchObject({ value: 5, origin: { line: 13 } });
    expect(env.files).toEqual(['botform.config.yaml', 'two.yaml', 'cli.yaml']);
  });

  it('selects by pattern', async () => {
    expect(
      (await setupEnvironments(dir, undefined, { env: 'acme-*' }, none)).selected.map(
        (e) => e.name,
      ),
    ).toEqual(['acme-staging']);
    const missing = await setupEnvironments(dir, undefined, { env: 'globex-*' }, none);
    expect(missing.diagnostics.map((d) => d.code)).toEqual(['env-unknown-environment']);
  });
});

describe('bad input is a diagnostic at its place in the config', () => {
  const cases: [string, Record<string, string>, string, number][] = [
    [
      'an import cycle',
      {
        'botform.config.yaml':
          'layers:\n  a:\n    imports: [b]\n  b:\n    imports: [a]\nenvironments:\n  x:\n    imports: [a]\n    shop: 1\n',
      },
      'env-import-cycle',
      5,
    ],
    [
      'an unknown import',
      { 'botform.config.yaml': 'environments:\n  x:\n    imports: [nope]\n    shop: 1\n' },
      'env-unknown-import',
      3,
    ],
    [
      'an environment without a shop',
      { 'botform.config.yaml': 'environments:\n  x:\n    vars: { A: b }\n' },
      'env-missing-shop',
      2,
    ],
    [
      'a variable file that does not parse',
      {
        'botform.config.yaml': 'environments:\n  x:\n    shop: 1\n    var_files: [bad.yaml]\n',
        'bad.yaml': 'A: [unclosed\n',
      },
      'env-var-file-invalid',
      4,
    ],
    [
      'two environments on one shop with different scenarios',
      {
        'botform.config.yaml':
          'environments:\n  x:\n    shop: 1\n    scenario: a\n  y:\n    shop: 1\n    scenario: b\n',
      },
      'env-shop-conflict',
      6,
    ],
  ];
  for (const [what, files, code, line] of cases) {
    it(what, async () => {
      const setup = await setupEnvironments(project(files), undefined, {}, none);
      const d = setup.diagnostics.find((x) => x.code === code);
      expect(d, JSON.stringify(setup.diagnostics)).toBeDefined();
      expect(d).toMatchObject({ file: 'botform.config.yaml', line, severity: 'error' });
    });
  }
});
