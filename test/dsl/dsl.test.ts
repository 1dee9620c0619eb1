// The TypeScript DSL: the example written in it is the same scenario as the YAML one, and TS
// errors and graph findings in .ts files point at the right line and column.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileFiles } from '../helpers/compile.js';
import { defaultConfig } from '../../src/config/load-config.js';
import type { Diagnostic } from '../../src/diagnostics/types.js';
import { desiredState } from '../../src/plan/desired.js';
import { tempTree } from '../helpers/cli.js';
import { REPO } from '../helpers/fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function compileDir(files: Record<string, string>) {
  const t = tempTree(files);
  cleanups.push(t.cleanup);
  return compileFiles(['.'], { cwd: t.dir, config: defaultConfig(t.dir) });
}

const at = (d: Diagnostic) =>
  `${d.code} ${d.file}:${d.line}:${d.column}-${d.endLine}:${d.endColumn}`;

describe('the TypeScript DSL', () => {
  it('the example in the DSL gives the same model as the YAML example', async () => {
    const config = defaultConfig(REPO);
    const yaml = await compileFiles([path.join(REPO, 'scenarios/pizza-shop')], {
      cwd: REPO,
      config,
    });
    const ts = await compileFiles([path.join(REPO, 'scenarios/pizza-shop-ts')], {
      cwd: REPO,
      config,
    });
    expect(yaml.diagnostics).toEqual([]);
    expect(ts.diagnostics).toEqual([]);
    const a = desiredState(yaml.scenario);
    const b = desiredState(ts.scenario);
    expect(b.start).toBe(a.start);
    expect(ts.scenario.entries.map((e) => e.key)).toStrictEqual(
      yaml.scenario.entries.map((e) => e.key),
    );
    const view = (s: ReturnType<typeof desiredState>) =>
      Object.fromEntries([...s.steps].map(([k, v]) => [k, { view: v.view, buttons: v.buttons }]));
    expect(view(b)).toStrictEqual(view(a));
    expect(ts.files).toStrictEqual(['scenarios/pizza-shop-ts/shop.ts']);
  });

  it('a type error is a ts-error at its place', async () => {
    const { diagnostics } = await compileDir({
      'bot.ts':
        "import { scenario, message } from 'botform';\n\nexport default scenario({\n  start: 'a',\n  steps: {\n    a: message({ text: 42, end: true }),\n  },\n});\n",
    });
    expect(diagnostics.map(at)).toStrictEqual(['ts-error bot.ts:6:18-6:22']);
    expect(diagnostics[0]?.message).toContain(
      "TS2322: Type 'number' is not assignable to type 'string'",
    );
  });

  it('a lone surrogate in a built string is a lone-surrogate error at the text', async () => {
    const { diagnostics } = await compileDir({
      'bot.ts':
        "import { scenario, message } from 'botform';\n\nexport default scenario({\n  start: 'a',\n  steps: {\n    a: message({ text: 'Hi ' + String.fromCharCode(0xd800), end: true }),\n  },\n});\n",
    });
    expect(diagnostics.map((d) => d.code)).toStrictEqual(['lone-surrogate']);
    expect(diagnostics[0]?.line).toBe(6);
    expect(diagnostics[0]?.message).toContain('U+D800');
  });

  it('a transition to a missing step is a type error at the literal that holds it, in one line, for builders and plain objects', async () => {
    const { diagnostics } = await compileDir({
      'bot.ts': [
        "import { scenario, message, button } from 'botform';",
        'export default scenario({',
        "  start: 'a',",
        '  steps: {',
        "    a: message({ text: 'A', menu: [button('To B', 'bb')] }),",
        "    b: { type: 'message', text: 'B', next: 'aa' },",
        '  },',
        '});',
        '',
      ].join('\n'),
    });
    expect(diagnostics.map(at)).toStrictEqual([
      'ts-error bot.ts:5:51-5:55',
      'ts-error bot.ts:6:38-6:42',
    ]);
    // At the button, in one line, with TypeScript's words and its "did you mean".
    expect(diagnostics[0]?.message).toBe(
      `TS2322: Type '"bb"' is not assignable to type '"a" | "b"'. Did you mean '"b"'?`,
    );
    expect(diagnostics[1]?.message).toBe(
      `TS2322: Type '"aa"' is not assignable to type '"a" | "b" | undefined'.`,
    );
  });

  it('graph findings point into the .ts file: a dangling transition TypeScript cannot see, an unreachable step', async () => {
    const { diagnostics } = await compileDir({
      'main.yaml': 'start: a\nsteps:\n  a:\n    type: message\n    text: A\n    end: true\n',
      'part.ts': [
        "import { scenarioPart, message, button } from 'botform';",
        '',
        "export default scenarioPart<'a' | 'elsewhere'>()({",
        '  steps: {',
        "    lonely: message({ text: 'nobody comes here', menu: [button('Home', 'a'), button('Away', 'elsewhere')] }),",
        '  },',
        '});',
        '',
      ].join('\n'),
    });
    expect(diagnostics.map(at)).toStrictEqual([
      'unreachable-step part.ts:5:5-5:11',
      'dangling-transition part.ts:5:93-5:104',
    ]);
  });

  it('YAML and TS mix in one scenario; a key defined in both names both places', async () => {
    const { diagnostics, scenario } = await compileDir({
      'a.yaml': 'start: a\nsteps:\n  a:\n    type: message\n    text: A\n    next: b\n',
      'b.ts':
        "import { scenarioPart, message, question } from 'botform';\nexport default scenarioPart<'a'>()({\n  steps: {\n    b: question({ text: 'B?', save_as: 'b', next: 'a' }),\n    a: message({ text: 'again', end: true }),\n  },\n});\n",
    });
    expect(diagnostics.map(at)).toStrictEqual(['duplicate-step b.ts:5:5-5:6']);
    expect(diagnostics[0]?.message).toContain('a.yaml:3:3');
    expect([...scenario.steps.keys()]).toStrictEqual(['a', 'b']);
  });

  it('a file that throws, or exports no scenario, is a ts-evaluation error; helper modules are not scenarios', async () => {
    const { diagnostics } = await compileDir({
      'a.yaml': 'start: a\nsteps:\n  a:\n    type: message\n    text: A\n    end: true\n',
      'boom.ts':
        "import { scenario } from 'botform';\nthrow new Error('boom');\nexport default scenario({ steps: {} });\n",
      'number.ts':
        "import type { ScenarioDocument } from 'botform';\nexport default 42;\nexport type Unused = ScenarioDocument;\n",
      'helper.ts': "import { button } from 'botform';\nexport const back = button('Back', 'a');\n",
      // TypeScript in the folder that does not use botform is not part of the scenario at all.
      'tool.ts':
        'export default function tool(): string { return 1 as unknown as string; }\nconst broken: number = "not a number";\n',
    });
    expect(diagnostics.map((d) => [d.code, d.file, d.message])).toStrictEqual([
      ['ts-evaluation', 'boom.ts', 'Running the file failed: boom'],
      [
        'ts-evaluation',
        'number.ts',
        'The file must `export default scenario({ ... })` (its default export is not a scenario).',
      ],
    ]);
  });
});
