// Every place a step key is written, read off the IR (transitions through transitionsOf) with
// positions from each file's locator: the one index behind definition, references, rename and
// hover. Occurrences of a file depend only on that file, so they are kept per locator: a file
// the editor did not touch keeps its list from one edit to the next.
import type { CompileResult } from '../compile/index.js';
import type { Range, SourceLocator } from '../diagnostics/types.js';
import { transitionsOf, type TransitionKind } from '../graph/transitions.js';
import type { Step } from '../model/scenario.js';

type Role = 'definition' | 'reference' | 'start' | 'entry' | 'renamed_from';

export interface Occurrence {
  key: string;
  role: Role;
  file: string;
  range: Range;
  /** For references: the step they are written in and how it leads on. */
  from?: string;
  kind?: TransitionKind;
}

export type OccurrenceCache = WeakMap<SourceLocator, Occurrence[]>;

export function occurrencesByFile(
  result: CompileResult,
  cache: OccurrenceCache,
): Map<string, Occurrence[]> {
  const stepsByFile = new Map<string, Step[]>();
  for (const step of result.scenario.steps.values()) {
    const list = stepsByFile.get(step.origin.file);
    if (list) list.push(step);
    else stepsByFile.set(step.origin.file, [step]);
  }
  const out = new Map<string, Occurrence[]>();
  for (const [file, locator] of result.locators) {
    const kept = cache.get(locator);
    if (kept) {
      out.set(file, kept);
      continue;
    }
    const list: Occurrence[] = [];
    const { start, entries } = result.scenario;
    if (start && start.origin.file === file)
      list.push({ key: start.key, role: 'start', file, range: locator.locate(start.origin.path) });
    for (const entry of entries)
      if (entry.origin.file === file)
        list.push({
          key: entry.key,
          role: 'entry',
          file,
          range: locator.locate(entry.origin.path),
        });
    for (const step of stepsByFile.get(file) ?? []) {
      list.push({
        key: step.key,
        role: 'definition',
        file,
        range: locator.locate(step.origin.path, 'key'),
      });
      for (const t of transitionsOf(step))
        list.push({
          key: t.target,
          role: 'reference',
          file,
          range: locator.locate(t.path),
          from: step.key,
          kind: t.kind,
        });
      for (const [i, old] of step.renamedFrom.entries())
        list.push({
          key: old,
          role: 'renamed_from',
          file,
          range: locator.locate([...step.origin.path, 'renamed_from', i]),
        });
    }
    cache.set(locator, list);
    out.set(file, list);
  }
  return out;
}
