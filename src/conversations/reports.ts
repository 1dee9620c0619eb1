// Writing coverage reports: istanbul-reports does every standard format from the coverage map;
// botform adds its own JSON (CONTRACTS.md) beside them.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CoverageMap } from 'istanbul-lib-coverage';
import libReport from 'istanbul-lib-report';
import reports from 'istanbul-reports';
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
