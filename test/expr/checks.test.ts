// The expression checks through the whole pipeline: exact positions inside YAML strings of every
// style and inside TS string literals, did-you-mean, types, definite assignment, config variables.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileFiles } from '../helpers/compile.js';
import { defaultConfig, loadConfig } from '../../src/config/load-config.js';
import type { Diagnostic } from '../../src/diagnostics/types.js';
import { runCli, tempTree } from '../helpers/cli.js';
import { REPO } from '../helpers/fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function compileDir(files: Record<string, string>) {
  const t = tempTree(files);
  cleanups.push(t.cleanup);
  const { config, diagnostics: configDiagnostics } = await loadConfig(t.dir);
  const result = await compileFiles(['.'], { cwd: t.dir, config: { ...config, scenario: [] } });
  return { ...result, configDiagnostics, dir: t.dir };
}

const at = (d: Diagnostic) =>
  `${d.code} ${d.file}:${d.line}:${d.column}-${d.endLine}:${d.endColumn}`;
const only = (ds: Diagnostic[], codes: string[]) => ds.filter((d) => codes.includes(d.code));

const STOCK = [
  'start: check',
  'steps:',
  '  check:',
  '    type: operation',
  '    api:',
  '      method: GET',
  '      url: https://shop.example.com/stock',
  '      response:',
  '        required:',
  '          in_stock: integer',
  '          name: string',
  '        example: { in_stock: 3, name: candle }',
  '      errors: [{ status: 500 }]',
  '    save_as: stock',
  '    next: tell',
  '  tell:',
  '    type: message',
  '    end: true',
];

describe('positions inside strings', () => {
  const cases: [string, string[], string][] = [
    ['plain', ['    text: We have {{stock.in_stok}} candles'], 'a.yaml:19:27-19:34'],
    [
      'double-quoted with escapes',
      ['    text: "\\u00e9 \\"x\\" {{ stock.in_stok }}"'],
      'a.yaml:19:34-19:41',
    ],
    [
      'single-quoted with doubled quotes',
      ["    text: 'it''s {{ stock.in_stok }}'"],
      'a.yaml:19:27-19:34',
    ],
    [
      'literal block',
      ['    text: |', '      Good news!', '        indented {{stock.in_stok}}'],
      'a.yaml:21:26-21:33',
    ],
    [
      'folded block',
      ['    text: >-', '      Good news,', '      we have {{stock.in_stok}}'],
      'a.yaml:21:23-21:30',
    ],
    [
      'plain over two lines',
      ['    text: We have', '      {{stock.in_stok}} candles'],
      'a.yaml:20:15-20:22',
    ],
  ];
  it.each(cases)('%s', async (_name, textLines, where) => {
    const { diagnostics } = await compileDir({
      'a.yaml': `${[...STOCK, ...textLines].join('\n')}\n`,
    });
    const found = only(diagnostics, ['unknown-variable-field']);
    expect(found.map(at)).toStrictEqual([`unknown-variable-field ${where}`]);
    expect(found[0]?.message).toBe(
      '"stock" has no field "in_stok". Did you mean "stock.in_stock"?',
    );
  });

  it('in the TypeScript DSL, inside string literals and builder arguments', async () => {
    const { diagnostics } = await compileDir({
      'bot.ts': [
        "import { scenario, message, question, condition, when } from 'botform';",
        'export default scenario({',
        "  start: 'ask',",
        '  steps: {',
        "    ask: question({ text: 'How many candles?', save_as: 'candles', expect: 'number', next: 'route' }),",
        "    route: condition({ branches: [when('candels > 10', 'many')], else: 'many' }),",
        "    many: message({ text: 'We have \\'{{ candle }}\\' {{ user.nme }}', end: true }),",
        '  },',
        '});',
        '',
      ].join('\n'),
    });
    expect(diagnostics.map(at)).toStrictEqual([
      'unknown-variable bot.ts:6:41-6:48',
      'unknown-variable bot.ts:7:41-7:47',
      'unknown-variable-field bot.ts:7:61-7:64',
    ]);
    expect(diagnostics[0]?.message).toBe('Unknown variable "candels". Did you mean "candles"?');
    expect(diagnostics[2]?.message).toContain('Did you mean "user.name"?');
  });
});

describe('checks', () => {
  it("the issue's two typos are errors with the suggestion, and validate exits 1", async () => {
    const t = tempTree({
      'a.yaml': `${[...STOCK, '    text: We have {{stock.in_stok}} candles', '  ask:', '    type: question', '    text: How many?', '    save_as: candles', '    expect: number', '    next: route', '  route:', '    type: condition', '    branches:', '      - if: candels > 10', '        goto: tell', '    else: tell', 'entries: [ask]'].join('\n')}\n`,
    });
    cleanups.push(t.cleanup);
    const run = await runCli(['validate', '.', '--format', 'json'], { cwd: t.dir });
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] };
    expect(out.diagnostics.map((d) => `${at(d)} ${d.message}`)).toStrictEqual([
      // `tell` is also reached from the entry `ask` without passing `check`:
      'variable-maybe-unset a.yaml:19:21-19:26 "stock" may not be set here: on the path ask → route → tell no step saves it.',
      'unknown-variable-field a.yaml:19:27-19:34 "stock" has no field "in_stok". Did you mean "stock.in_stock"?',
      'unknown-variable a.yaml:29:13-29:20 Unknown variable "candels". Did you mean "candles"?',
    ]);
  });

  it('type mismatches where types are known, none where they are not', async () => {
    const { diagnostics } = await compileDir({
      'a.yaml': [
        'start: ask',
        'steps:',
        '  ask: { type: question, text: Code?, save_as: code, expect: text, next: r }',
        '  r:',
        '    type: condition',
        '    branches:',
        '      - { if: code > 5, goto: done }',
        '      - { if: code == "A-1" && cart.total + 1 > 2.5, goto: done }',
        '      - { if: "user.name + 1 == 2", goto: done }',
        '      - { if: "cart.items.exists(i, i.qty > 1)", goto: done }',
        '    else: done',
        '  done: { type: message, text: "{{ code }} {{ cart.total * 2 }}", end: true }',
        '',
      ].join('\n'),
    });
    expect(diagnostics.map(at)).toStrictEqual([
      'expression-type a.yaml:7:15-7:23',
      'expression-type a.yaml:9:16-9:29',
    ]);
    expect(diagnostics[0]?.message).toBe('The expression compares text with a number.');
  });

  it('maybe-unset names one path; a save on every path, and built-ins, are fine', async () => {
    const { diagnostics } = await compileDir({
      'a.yaml': [
        'start: welcome',
        'steps:',
        '  welcome:',
        '    type: message',
        '    text: Hi {{ user.first_name }}',
        '    menu: [{ text: Go, goto: ask }, { text: Skip, goto: lookup }]',
        '  ask: { type: question, text: Name?, save_as: name, next: lookup, menu: [{ text: No, goto: lookup }] }',
        '  lookup:',
        '    type: operation',
        '    text: "Looking up {{ name }}"',
        '    api: { method: GET, url: "https://x.example.com/", response: { required: { ok: boolean }, example: { ok: true } }, errors: [{ status: 500 }] }',
        '    save_as: result',
        '    next: done',
        '    on_error: failed',
        '  failed: { type: message, text: "Failed: {{ result.ok }}", end: true }',
        '  done: { type: message, text: "{{ result.ok }}", end: true }',
        '',
      ].join('\n'),
    });
    expect(diagnostics.map((d) => `${at(d)} ${d.message}`)).toStrictEqual([
      'variable-maybe-unset a.yaml:10:26-10:30 "name" may not be set here: on the path welcome → lookup no step saves it.',
      'variable-maybe-unset a.yaml:15:46-15:52 "result" may not be set here: on the path welcome → lookup → failed no step saves it.',
    ]);
  });

  it('config variables: declared names and fields are known and typed, the schema rejects bad types', async () => {
    const scenario = [
      'start: r',
      'steps:',
      '  r:',
      '    type: condition',
      '    branches:',
      '      - { if: loyalty_points > 100 && profile.tier == "gold", goto: done }',
      '      - { if: profile.tir == "x" || vip > 1, goto: done }',
      '      - { if: vip > 1, goto: done }',
      '    else: done',
      '  done: { type: message, text: "{{ loyalty_points }}", end: true }',
      '',
    ].join('\n');
    const config = [
      'variables:',
      '  loyalty_points: number',
      '  vip: boolean',
      '  profile:',
      '    tier: string',
      '',
    ].join('\n');
    const { diagnostics, configDiagnostics } = await compileDir({
      'a.yaml': scenario,
      'botform.config.yaml': config,
    });
    expect(configDiagnostics).toStrictEqual([]);
    expect(diagnostics.map((d) => `${at(d)} ${d.message}`)).toStrictEqual([
      'unknown-variable-field a.yaml:7:23-7:26 "profile" has no field "tir". Did you mean "profile.tier"?',
      'expression-type a.yaml:8:15-8:22 The expression compares true/false with a number.',
    ]);

    const bad = await compileDir({
      'a.yaml': scenario,
      'botform.config.yaml': 'variables:\n  x: numbr\n',
    });
    expect(bad.configDiagnostics.map((d) => d.code)).toContain('config-invalid');
  });

  it('rules can turn the new checks off', async () => {
    const { diagnostics } = await compileDir({
      'a.yaml': 'start: a\nsteps:\n  a: { type: message, text: "{{ nope }}", end: true }\n',
      'botform.config.yaml': 'rules:\n  unknown-variable: off\n',
    });
    expect(diagnostics).toStrictEqual([]);
  });

  it('bad input is a diagnostic, never a throw', async () => {
    const deep = `${'('.repeat(200)}1${')'.repeat(200)}`;
    const wide = Array.from({ length: 450 }, () => '1').join('+');
    const branch = (n: number, expr: string) => [
      `  r${n}:`,
      '    type: condition',
      `    branches: [{ if: "${expr}", goto: done }]`,
      '    else: done',
    ];
    const { diagnostics } = await compileDir({
      'a.yaml': [
        'start: r1',
        'entries: [r2, r3, r4]',
        'steps:',
        ...branch(1, deep),
        ...branch(2, wide),
        ...branch(3, 'имя == 1'),
        ...branch(4, 'user.name.matches(\\"(a+)+$\\")'),
        '  done: { type: message, text: "Hello {{ user.name", end: true }',
        '',
      ].join('\n'),
    });
    expect(diagnostics.map(at)).toStrictEqual([
      // Nesting deeper than 48: at the parenthesis that goes over; too many parts: at the start.
      'expression-unsupported a.yaml:6:71-6:71',
      'expression-unsupported a.yaml:10:23-10:23',
      'expression-syntax a.yaml:14:23-14:24',
      'expression-unsupported a.yaml:18:23-18:52',
      'expression-syntax a.yaml:20:39-20:51',
    ]);
  });
});

describe('the example scenario', () => {
  it('validates clean in YAML and in the DSL', async () => {
    const config = defaultConfig(REPO);
    for (const dir of ['scenarios/pizza-shop', 'scenarios/pizza-shop-ts']) {
      const { diagnostics } = await compileFiles([path.join(REPO, dir)], { cwd: REPO, config });
      expect(diagnostics, dir).toStrictEqual([]);
    }
  });

  it('a typo in the example is caught at its place', async () => {
    const text = readFileSync(path.join(REPO, 'scenarios/pizza-shop/orders.yaml'), 'utf8').replace(
      '{{kitchen.eta_minutes}}',
      '{{kitchen.eta_minuts}}',
    );
    const t = tempTree({ 'orders.yaml': text });
    cleanups.push(t.cleanup);
    writeFileSync(path.join(t.dir, 'extra.yaml'), 'start: order_sync\nsteps: {}\n');
    const { diagnostics } = await compileFiles(['.'], {
      cwd: t.dir,
      config: defaultConfig(t.dir),
    });
    const hit = diagnostics.find((d) => d.code === 'unknown-variable-field');
    expect(hit && at(hit)).toBe('unknown-variable-field orders.yaml:87:72-87:82');
    expect(hit?.message).toContain('Did you mean "kitchen.eta_minutes"?');
  });
});
