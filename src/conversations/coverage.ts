// Transition coverage as data: which steps were entered and which transitions walked by the
// tests, each located at its line in the scenario file. Two views of the same data: the
// botform-coverage JSON of CONTRACTS.md (read by `botform graph --coverage`), and istanbul's
// FileCoverage (steps and transitions as statements, each transition also a branch),
// from which istanbul-reports writes lcov, cobertura, json-summary and html.
import libCoverage, {
  type CoverageMap,
  type FileCoverageData,
  type Range as IstanbulRange,
} from 'istanbul-lib-coverage';
import type { Range, SourceLocator } from '../diagnostics/types.js';
import { transitionsOf, type TransitionKind } from '../graph/transitions.js';
import type { Scenario } from '../model/scenario.js';
import { transitionId } from '../runtime/index.js';
import type { TestResult } from './types.js';

interface StepCoverage {
  key: string;
  file: string;
  line: number;
  hits: number;
}

export interface TransitionCoverage {
  id: string;
  from: string;
  kind: TransitionKind;
  index?: number;
  to: string;
  file: string;
  line: number;
  column: number;
  hits: number;
}

export interface BotformCoverage {
  format: 'botform-coverage';
  version: 1;
  steps: StepCoverage[];
  transitions: TransitionCoverage[];
}

interface Located {
  /** The scenario file as the scenario IR names it (relative to cwd). */
  source: string;
  range: Range;
}

export interface CoverageInput {
  scenario: Scenario;
  locators: ReadonlyMap<string, SourceLocator>;
  results: readonly TestResult[];
  /** Turns a scenario file as the IR names it into the path the report shows (relative to the project root). */
  projectPath: (file: string) => string;
}

export interface CoverageModel {
  data: BotformCoverage;
  /** Ranges per step and transition id, for istanbul. */
  ranges: Map<string, Located>;
}

const NOWHERE: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

export function computeCoverage(input: CoverageInput): CoverageModel {
  const stepHits = new Map<string, number>();
  const transitionHits = new Map<string, number>();
  for (const r of input.results) {
    for (const key of r.entered) stepHits.set(key, (stepHits.get(key) ?? 0) + 1);
    for (const t of r.transitions) transitionHits.set(t.id, (transitionHits.get(t.id) ?? 0) + 1);
  }
  const ranges = new Map<string, Located>();
  const locate = (
    file: string,
    path: readonly (string | number)[],
    target: 'key' | 'value',
  ): Range => input.locators.get(file)?.locate(path, target) ?? NOWHERE;
  const steps: StepCoverage[] = [];
  const transitions: TransitionCoverage[] = [];
  for (const step of input.scenario.steps.values()) {
    const file = step.origin.file;
    const range = locate(file, step.origin.path, 'key');
    ranges.set(`step:${step.key}`, { source: file, range });
    steps.push({
      key: step.key,
      file: input.projectPath(file),
      line: range.line,
      hits: stepHits.get(step.key) ?? 0,
    });
    for (const t of transitionsOf(step)) {
      const id = transitionId(step.key, t.kind, t.index);
      const at = locate(file, t.path, 'value');
      ranges.set(id, { source: file, range: at });
      transitions.push({
        id,
        from: step.key,
        kind: t.kind,
        ...(t.index !== undefined ? { index: t.index } : {}),
        to: t.target,
        file: input.projectPath(file),
        line: at.line,
        column: at.column,
        hits: transitionHits.get(id) ?? 0,
      });
    }
  }
  return { data: { format: 'botform-coverage', version: 1, steps, transitions }, ranges };
}

export interface CoverageTotals {
  steps: { covered: number; total: number };
  transitions: { covered: number; total: number; percent: number };
}

export function coverageTotals(data: BotformCoverage): CoverageTotals {
  const covered = data.transitions.filter((t) => t.hits > 0).length;
  const total = data.transitions.length;
  return {
    steps: { covered: data.steps.filter((s) => s.hits > 0).length, total: data.steps.length },
    transitions: {
      covered,
      total,
      percent: total === 0 ? 100 : Math.floor((covered / total) * 1000) / 10,
    },
  };
}

const toIstanbul = (r: Range): IstanbulRange => ({
  start: { line: r.line, column: r.column - 1 },
  end: { line: r.endLine, column: Math.max(r.column, r.endColumn - 1) },
});

/** The istanbul coverage map; `absolute` turns a scenario file into the path istanbul reads its source from. */
export function istanbulCoverage(
  model: CoverageModel,
  scenario: Scenario,
  absolute: (file: string) => string,
): CoverageMap {
  const files = new Map<string, FileCoverageData>();
  const fileData = (source: string): FileCoverageData => {
    let data = files.get(source);
    if (!data) {
      data = {
        path: absolute(source),
        statementMap: {},
        fnMap: {},
        branchMap: {},
        s: {},
        f: {},
        b: {},
      };
      files.set(source, data);
    }
    return data;
  };
  const stepHits = new Map(model.data.steps.map((s) => [s.key, s.hits]));
  const transitionHits = new Map(model.data.transitions.map((t) => [t.id, t.hits]));
  const counters = new Map<FileCoverageData, { s: number; b: number }>();
  const next = (data: FileCoverageData, kind: 's' | 'b'): string => {
    const c = counters.get(data) ?? { s: 0, b: 0 };
    counters.set(data, c);
    return String(c[kind]++);
  };
  for (const step of scenario.steps.values()) {
    const located = model.ranges.get(`step:${step.key}`);
    if (!located) continue;
    const data = fileData(located.source);
    const n = next(data, 's');
    data.statementMap[n] = toIstanbul(located.range);
    data.s[n] = stepHits.get(step.key) ?? 0;
    // Each transition is a statement at its line (so line reports — lcov's DA, Cobertura's
    // <line> — and the diff tools reading them see a new button's line) and a branch there. One
    // branch entry per transition: istanbul's html marks a lone unwalked branch, while in a group
    // it marks only the unwalked ones of a partly walked group (none of an unentered step).
    for (const t of transitionsOf(step)) {
      const id = transitionId(step.key, t.kind, t.index);
      const range = toIstanbul(model.ranges.get(id)?.range ?? NOWHERE);
      const hits = transitionHits.get(id) ?? 0;
      const at = next(data, 's');
      data.statementMap[at] = range;
      data.s[at] = hits;
      const b = next(data, 'b');
      data.branchMap[b] = {
        loc: range,
        type: 'switch',
        line: range.start.line,
        locations: [range],
      };
      data.b[b] = [hits];
    }
  }
  const map = libCoverage.createCoverageMap({});
  for (const data of files.values()) map.addFileCoverage(data);
  return map;
}
