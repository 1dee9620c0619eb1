// `botform graph` on the example scenario and on a scenario with every kind of problem: node and
// edge counts, the colours that mark problems, coverage colours, a well-formed SVG, a
// self-contained HTML page, and clear errors for bad options.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFiles } from '../helpers/compile.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { transitionsOf } from '../../src/graph/transitions.js';
import { pictureToDot } from '../../src/graph-picture/dot.js';
import { buildPicture } from '../../src/graph-picture/model.js';
import { staleCoverage, staleCoverageWarning } from '../../src/graph-picture/coverage.js';
import { pictureShape } from '../../src/graph-picture/structure.js';
import { MARK } from '../../src/graph-picture/type-styles.js';
import { runCli, tempTree } from '../helpers/cli.js';
import { FIXTURES, REPO } from '../helpers/fixtures.js';

const PROBLEMS = {
  'main.yaml': `start: hello
steps:
  hello:
    type: message
    text: Hello
    menu:
      - text: Go
        goto: nowhere
      - text: Spin
        goto: spin_a
  spin_a:
    type: message
    text: A
    next: spin_b
  spin_b:
    type: delay
    seconds: 1
    next: spin_a
  lonely:
    type: message
    text: Nobody comes here
    end: true
`,
};

/** Well-formedness of XML: every tag closed in order, attributes quoted, one root. */
function assertWellFormedXml(xml: string): void {
  const body = xml
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/<!DOCTYPE[^>]*>/, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  const stack: string[] = [];
  let roots = 0;
  for (const match of body.matchAll(
    /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>|<|>/g,
  )) {
    const [whole, closing, name, , selfClosing] = match;
    if (whole === '<') throw new Error(`stray "<" at ${match.index}`);
    if (whole === '>') continue;
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}> at ${match.index}`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name as string);
    } else if (stack.length === 0) {
      roots++;
    }
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

describe('the picture model', () => {
  it('has a node per step and an edge per transition on the example scenario', async () => {
    const compiled = await compileFiles(['scenarios/pizza-shop'], {
      cwd: REPO,
      config: defaultConfig(REPO),
    });
    const picture = buildPicture(compiled);
    const transitions = [...compiled.scenario.steps.values()].reduce(
      (n, s) => n + transitionsOf(s).length,
      0,
    );
    expect(picture.nodes).toHaveLength(43);
    expect(picture.edges).toHaveLength(84);
    expect(transitions).toBe(84);
    expect(picture.nodes.filter((n) => n.problems.length > 0)).toEqual([]);
    expect(picture.nodes.find((n) => n.start)?.key).toBe('welcome');
    expect(picture.nodes.filter((n) => n.entry).map((n) => n.key)).toEqual(['promo_entry']);
    expect(picture.edges.find((e) => e.id === 'main_menu#button[0]')).toMatchObject({
      from: 'main_menu',
      to: 'catalog',
      automatic: false,
      label: '🍕 Order food',
    });
  });

  it('marks a missing target, an unreachable step and an endless loop, in red and orange', async () => {
    const tree = tempTree(PROBLEMS);
    try {
      const compiled = await compileFiles(['.'], {
        cwd: tree.dir,
        config: defaultConfig(tree.dir),
      });
      const picture = buildPicture(compiled);
      const problems = Object.fromEntries(picture.nodes.map((n) => [n.key, n.problems]));
      expect(problems).toEqual({
        hello: ['error'],
        spin_a: ['loop', 'error'],
        spin_b: ['loop'],
        lonely: ['unreachable'],
        nowhere: ['missing'],
      });
      expect(
        picture.edges
          .filter((e) => e.inLoop)
          .map((e) => e.id)
          .sort(),
      ).toEqual(['spin_a#next', 'spin_b#next']);
      expect(picture.edges.find((e) => e.dangling)?.id).toBe('hello#button[0]');

      const dot = pictureToDot(picture);
      const nodeLine = (key: string) =>
        dot.split('\n').find((l) => l.includes(`<b>${key}</b>`)) ?? '';
      expect(nodeLine('nowhere')).toContain(`color="${MARK.problem}"`);
      expect(nodeLine('nowhere')).toContain('dashed');
      expect(nodeLine('spin_a')).toContain(`color="${MARK.problem}"`);
      expect(nodeLine('spin_a')).toContain('endless loop');
      expect(nodeLine('lonely')).toContain(`color="${MARK.unreachable}"`);
      expect(nodeLine('lonely')).toContain('peripheries=2');
      expect(nodeLine('hello')).toContain(`color="${MARK.problem}"`);
    } finally {
      tree.cleanup();
    }
  });
});

describe('botform graph', () => {
  it('draws a well-formed SVG with a node per step, linked to its file and line', async () => {
    const run = await runCli(['graph', '--format', 'svg']);
    expect(run.code).toBe(0);
    assertWellFormedXml(run.stdout);
    expect(run.stdout.match(/<g id="node_s\d+" class="node"/g)).toHaveLength(43);
    // Links are relative to where the picture goes (stdout: the current folder).
    expect(run.stdout).toContain('xlink:href="scenarios/pizza-shop/catalog.yaml#L4"');
    expect(run.stdout).not.toContain(REPO);
    expect(run.stdout).toContain('Legend');
  });

  it('writes a self-contained HTML page that pans and zooms', async () => {
    const run = await runCli(['graph', '--format', 'html']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<!doctype html>/);
    expect(run.stdout).not.toMatch(/<(script|img|link)[^>]+(src|href)=/);
    expect(run.stdout).not.toMatch(/url\(\s*['"]?https?:/);
    expect(run.stdout).toContain("view.addEventListener('wheel'");
    expect(run.stdout).toContain('43 steps · 84 transitions');
  });

  it('draws mermaid and dot, and a neighbourhood with --focus and --depth', async () => {
    const mermaid = await runCli(['graph', '--format', 'mermaid']);
    expect(mermaid.stdout.split('\n')[0]).toBe('flowchart TD');
    // Every transition is an arrow, except buttons back to a hub: `↩ key` in their step's box.
    const compiled = await compileFiles(['scenarios/pizza-shop'], {
      cwd: REPO,
      config: defaultConfig(REPO),
    });
    const { tags } = pictureShape(buildPicture(compiled));
    expect(tags.size).toBeGreaterThan(10);
    expect(mermaid.stdout.match(/^ {2}s\d+ (-->|==>|-\.->)/gm)).toHaveLength(84 - tags.size);
    expect(
      mermaid.stdout.match(/^ {2}subgraph f\d+\["scenarios\/pizza-shop\/\w+\.yaml"\]$/gm),
    ).toHaveLength(4);
    expect(mermaid.stdout).toContain('<small>↩ main_menu</small>');

    const focus = await runCli([
      'graph',
      '--format',
      'dot',
      '--focus',
      'order_lookup',
      '--depth',
      '1',
    ]);
    expect(focus.code).toBe(0);
    const nodes = [...focus.stdout.matchAll(/label=<<b>([^<]+)<\/b>/g)].map((m) => m[1]).sort();
    expect(nodes).toEqual([
      'ask_order_number',
      'order_lookup',
      'order_not_found',
      'order_status_route',
      'order_wait',
    ]);
  });

  it('colours walked and unwalked transitions from a coverage file', async () => {
    const coverage = path.join(FIXTURES, 'graph-coverage', 'pizza-shop.botform-coverage.json');
    const run = await runCli(['graph', '--format', 'dot', '--coverage', coverage]);
    expect(run.code).toBe(0);
    const edge = (from: string, tooltip: string) =>
      run.stdout.split('\n').find((l) => l.includes(`tooltip="${tooltip}`) && l.includes(' -> ')) ??
      `no edge from ${from}`;
    expect(edge('welcome', 'welcome#next')).toContain(`color="${MARK.walked}"`);
    expect(edge('welcome', 'welcome#next')).toContain('2×');
    expect(edge('main_menu', 'main_menu#button[4]')).toContain('color="#8c959f"');
    expect(run.stdout).toContain('walked by tests');
  });

  it('warns when the coverage file names steps and transitions the scenario no longer has', async () => {
    const fixture = path.join(FIXTURES, 'graph-coverage', 'pizza-shop.botform-coverage.json');
    const current = await runCli(['graph', '--format', 'dot', '--coverage', fixture]);
    expect(current.stderr).toBe('');
    const data = JSON.parse(readFileSync(fixture, 'utf8')) as {
      steps: { key: string; hits: number }[];
      transitions: { id: string; hits: number }[];
    };
    data.steps.push({ key: 'old_menu', hits: 3 }, { key: 'old_cart', hits: 1 });
    data.transitions.push({ id: 'old_menu#next', hits: 3 });
    const tree = tempTree({ 'cov.json': JSON.stringify(data) });
    try {
      const file = path.join(tree.dir, 'cov.json');
      const run = await runCli(['graph', '--format', 'dot', '--coverage', file]);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe(
        `warning: ${file} names 2 steps the scenario no longer has: "old_menu", "old_cart", and a transition it no longer has; it was written before the scenario changed, so its counts are incomplete. Run botform test --coverage again.\n`,
      );
    } finally {
      tree.cleanup();
    }
  });

  it('names the step a stale key was renamed to (renamed_from)', () => {
    const stale = staleCoverage(
      {
        steps: new Map([
          ['menu', 1],
          ['old_bye', 2],
        ]),
        transitions: new Map(),
      },
      {
        steps: new Map([
          ['menu', { key: 'menu', renamedFrom: [] }],
          ['bye', { key: 'bye', renamedFrom: ['old_bye'] }],
        ]),
      },
      { coverage: false, nodes: [], edges: [] },
    );
    expect(stale).toStrictEqual({ steps: [{ key: 'old_bye', now: 'bye' }], transitions: 0 });
    expect(staleCoverageWarning(stale, 'c.json')).toContain('"old_bye" (now "bye")');
  });

  it('refuses bad options and bad coverage files with a clear message', async () => {
    const unknown = await runCli(['graph', '--focus', 'main_meny']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'no step "main_meny" in the scenario. Did you mean "main_menu"?',
    );
    const format = await runCli(['graph', '--format', 'png']);
    expect(format.code).toBe(2);
    const tree = tempTree({
      'cov.json': '{"format":"botform-coverage","version":2,"steps":[],"transitions":[]}',
    });
    try {
      const bad = await runCli(['graph', '--coverage', path.join(tree.dir, 'cov.json')]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('coverage format version 2 is not supported');
      expect(bad.stderr).not.toMatch(/\n\s+at /);
    } finally {
      tree.cleanup();
    }
  });
});
