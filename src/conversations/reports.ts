// Writing coverage reports: istanbul-reports does every standard format from the coverage map;
// botform adds its own JSON (CONTRACTS.md) beside them.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CoverageMap } from 'istanbul-lib-coverage';
import type { BotformCoverage } from './coverage.js';

export const COVERAGE_REPORTS = ['lcov', 'cobertura', 'json-summary', 'html'] as const;
export type CoverageReport = (typeof COVERAGE_REPORTS)[number];

export function isCoverageReport(value: string): value is CoverageReport {
  return (COVERAGE_REPORTS as readonly string[]).includes(value);
}

/** Writes the reports into `dir`; source paths in them are shown relative to `projectRoot`. */
export async function writeCoverageReports(
  map: CoverageMap,
  data: BotformCoverage,
  dir: string,
  projectRoot: string,
  which: readonly CoverageReport[],
): Promise<string[]> {
  // Loaded here, not with the module: a run without --coverage never needs them.
  const [{ default: libReport }, { default: reports }] = await Promise.all([
    import('istanbul-lib-report'),
    import('istanbul-reports'),
  ]);
  await mkdir(dir, { recursive: true });
  const context = libReport.createContext({
    dir,
    coverageMap: map,
    defaultSummarizer: 'nested',
    watermarks: { statements: [50, 90], branches: [50, 90], functions: [50, 90], lines: [50, 90] },
  });
  const written: string[] = [];
  for (const name of which) {
    // lcov writes lcov.info and the html report under lcov-report/; 'html' alone writes to dir.
    const options = name === 'cobertura' ? { projectRoot } : name === 'lcov' ? { projectRoot } : {};
    reports.create(name, options).execute(context);
    if (name === 'cobertura') await completeCobertura(path.join(dir, 'cobertura-coverage.xml'));
    if (name === 'json-summary')
      await relativeSummary(path.join(dir, 'coverage-summary.json'), projectRoot);
    if (name === 'html') await relabelHtmlReport(dir);
    if (name === 'lcov') await relabelHtmlReport(path.join(dir, 'lcov-report'));
    written.push(name);
  }
  const botform = path.join(dir, 'botform-coverage.json');
  await writeFile(botform, `${JSON.stringify(data, null, 2)}\n`);
  return written;
}

/**
 * The Cobertura DTD (coverage-04) requires `complexity` on every package and class; istanbul
 * writes it on the root only. A scenario has no cyclomatic complexity to report: 0, as istanbul
 * writes for the root.
 */
async function completeCobertura(file: string): Promise<void> {
  const xml = await readFile(file, 'utf8');
  await writeFile(
    file,
    xml.replace(/<(package|class) (?![^>]*\bcomplexity=)/g, '<$1 complexity="0" '),
  );
}

/**
 * istanbul's json-summary names each file by its absolute path: a summary read on another
 * machine (a CI artefact, a badge job) would carry this one's folders. Keys become relative to
 * the project root, as in the lcov and Cobertura reports.
 */
async function relativeSummary(file: string, projectRoot: string): Promise<void> {
  const summary = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(summary))
    out[key === 'total' ? key : path.relative(projectRoot, key).split(path.sep).join('/')] = value;
  await writeFile(file, JSON.stringify(out));
}

/**
 * istanbul's html report speaks of code: Statements, Branches, a "Functions 0/0" a scenario
 * never has. Its pages are relabelled in botform's words — steps and transitions as statements
 * are "Steps + transitions", branches are "Transitions", the functions columns are hidden — and
 * titled as a scenario's coverage. Only labels change: every number stays istanbul's.
 */
async function relabelHtmlReport(dir: string): Promise<void> {
  const pages = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  for (const page of pages) {
    if (!page.endsWith('.html')) continue;
    const file = path.join(dir, page);
    await writeFile(file, relabelHtml(await readFile(file, 'utf8')));
  }
}

const HIDE_FUNCTIONS = `<style>
  .botform-no-functions, .coverage-summary th[data-col^="functions"],
  .coverage-summary td:nth-child(7), .coverage-summary td:nth-child(8) { display: none; }
</style>`;

function relabelHtml(html: string): string {
  return html
    .replace(
      /<title>Code coverage report for ([^<]*)<\/title>/,
      '<title>Scenario coverage: $1 (botform test)</title>',
    )
    .replace(
      /<span class="quiet">Statements<\/span>/g,
      '<span class="quiet">Steps + transitions</span>',
    )
    .replace(/<span class="quiet">Branches<\/span>/g, '<span class="quiet">Transitions</span>')
    .replace(
      /<div class='fl pad1y space-right2'>(\s*<span class="strong">[^<]*<\/span>\s*<span class="quiet">Functions<\/span>)/g,
      "<div class='fl pad1y space-right2 botform-no-functions'>$1",
    )
    .replace(/>Statements<\/th>/g, '>Steps + transitions</th>')
    .replace(/>Branches<\/th>/g, '>Transitions</th>')
    .replace(/<h1>All files<\/h1>/, '<h1>All scenario files</h1>')
    .replace(/title="statement not covered"/g, 'title="step or transition not walked by any test"')
    .replace(/title="branch not covered"/g, 'title="transition not walked by any test"')
    .replace('</head>', `${HIDE_FUNCTIONS}\n</head>`);
}
