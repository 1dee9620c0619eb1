/// <reference lib="dom" />
// What people see, judged by the tools that draw it: Mermaid diagrams rendered by the real
// Mermaid library (in headless Chromium, as GitHub and wikis render them), and the HTML page of a
// large scenario whose "Fit" view shows the whole picture at a readable shape.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFiles } from '../helpers/compile.js';
import { defaultConfig } from '../../src/config/load-config.js';
import { fullDiagram, MERMAID_LIMITS } from '../../src/graph-picture/mermaid.js';
import { buildPicture } from '../../src/graph-picture/model.js';
import { browserMissing, launchBrowser } from '../helpers/browser.js';
import { tempTree } from '../helpers/cli.js';
import { REPO } from '../helpers/fixtures.js';
import { runMain } from '../helpers/in-process.js';
import { chain, tangle } from '../helpers/large-scenarios.js';

const MERMAID_JS = path.join(REPO, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
const missing = browserMissing();

interface Rendered {
  ok: boolean;
  error?: string;
  nodes?: number;
  clusters?: number;
  text?: string;
}

describe.skipIf(missing !== undefined)(
  `in a browser${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let browser: Browser;
    let page: Page;
    const cleanups: (() => void)[] = [];
    beforeAll(async () => {
      browser = await launchBrowser();
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.setContent('<!doctype html><body><div id="out"></div></body>');
      await page.addScriptTag({ path: MERMAID_JS });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      for (const c of cleanups.splice(0)) c();
    });

    /** Mermaid's own render, with its default configuration (the limits GitHub keeps). */
    const render = (text: string): Promise<Rendered> =>
      page.evaluate(async (source) => {
        const w = window as unknown as {
          mermaid: {
            initialize(o: object): void;
            render(id: string, text: string): Promise<{ svg: string }>;
          };
        };
        w.mermaid.initialize({ startOnLoad: false });
        const out = document.getElementById('out') as HTMLElement;
        try {
          const { svg } = await w.mermaid.render(`d${Math.random().toString(36).slice(2)}`, source);
          out.innerHTML = svg;
          return {
            ok: true,
            nodes: out.querySelectorAll('.node').length,
            clusters: out.querySelectorAll('.cluster').length,
            text: out.textContent ?? '',
          };
        } catch (error) {
          return { ok: false, error: String((error as Error).message ?? error) };
        }
      }, text);

    it('every Mermaid block of the docs renders', async () => {
      const docs = path.join(REPO, 'docs');
      const blocks = readdirSync(docs)
        .filter((name) => name.endsWith('.md'))
        .flatMap((name) =>
          [...readFileSync(path.join(docs, name), 'utf8').matchAll(/```mermaid\n([^`]*)```/g)].map(
            (m) => ({ name, text: m[1] as string }),
          ),
        );
      expect(blocks.length).toBeGreaterThan(0);
      for (const block of blocks) {
        const result = await render(block.text);
        expect(result.error, block.name).toBeUndefined();
        expect(result.nodes, block.name).toBeGreaterThan(1);
      }
    }, 60_000);

    it('renders the example: a box per step, a subgraph per file, ↩ tags', async () => {
      const run = await runMain(['graph', 'scenarios/pizza-shop', '--format', 'mermaid'], {
        cwd: REPO,
      });
      expect(run.code).toBe(0);
      const result = await render(run.stdout);
      expect(result.error).toBeUndefined();
      expect(result.nodes).toBe(43);
      expect(result.clusters).toBe(4);
      expect(result.text).toContain('scenarios/pizza-shop/catalog.yaml');
      expect(result.text).toContain('↩ main_menu');
      expect(result.text).toContain('Desserts');
    }, 60_000);

    it('past Mermaid’s limits: the whole diagram is refused by Mermaid, botform’s collapsed one renders', async () => {
      const t = tempTree(tangle(200));
      cleanups.push(t.cleanup);
      const compiled = await compileFiles(['.'], { cwd: t.dir, config: defaultConfig(t.dir) });
      const whole = fullDiagram(buildPicture(compiled), {});
      expect(whole.edges).toBeGreaterThan(MERMAID_LIMITS.edges);
      const refused = await render(whole.text);
      // Mermaid throws past its edge limit and draws an error notice past its text limit.
      expect(`${refused.error ?? ''}${refused.text ?? ''}`).toMatch(
        /Edge limit exceeded|Maximum text size in diagram exceeded/,
      );

      const run = await runMain(['graph', '.', '--format', 'mermaid'], { cwd: t.dir });
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('botform graph: the scenario has 200 steps and 598 arrows');
      expect(run.stderr).toContain(
        'so it shows one box per file with the arrows between files counted',
      );
      const collapsed = await render(run.stdout);
      expect(collapsed.error).toBeUndefined();
      expect(collapsed.nodes).toBe(2);
      expect(collapsed.text).toContain('100 steps');
    }, 60_000);

    it('one large file: the steps nearest the start, and a box counting the rest', async () => {
      const t = tempTree(chain(600));
      cleanups.push(t.cleanup);
      const run = await runMain(['graph', '.', '--format', 'mermaid'], { cwd: t.dir });
      expect(run.code).toBe(0);
      const shown = Number(/it shows the (\d+) steps nearest the start/.exec(run.stderr)?.[1]);
      expect(shown).toBeGreaterThan(100);
      expect(shown).toBeLessThan(600);
      expect(run.stdout.length).toBeLessThanOrEqual(MERMAID_LIMITS.chars);
      const result = await render(run.stdout);
      expect(result.error).toBeUndefined();
      expect(result.nodes).toBe(shown + 1);
      expect(result.text).toContain(`… ${600 - shown} more steps`);
    }, 60_000);

    it('the HTML page of 2,000 steps fits its picture in the window, and finds a step', async () => {
      const t = tempTree(tangle(2_000));
      cleanups.push(t.cleanup);
      const run = await runMain(['graph', '.', '--format', 'html', '-o', 'graph.html'], {
        cwd: t.dir,
      });
      expect(run.code).toBe(0);
      const html = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await html.setContent(readFileSync(path.join(t.dir, 'graph.html'), 'utf8'));
      const box = await html.evaluate(() => {
        const svg = document.querySelector('#view svg') as SVGSVGElement;
        const r = svg.getBoundingClientRect();
        const b = svg.viewBox.baseVal;
        return { width: r.width, height: r.height, aspect: b.width / b.height };
      });
      expect(box.aspect).toBeLessThanOrEqual(4);
      expect(box.aspect).toBeGreaterThanOrEqual(0.25);
      await html.fill('#find', 's1234');
      await html.dispatchEvent('#find', 'change');
      expect(await html.locator('.found').count()).toBe(1);
      expect(await html.locator('.found text').first().textContent()).toBe('s1234');
      await html.close();
    }, 60_000);
  },
);
