// Longest test files first, so that the last minute of a run on two workers is not one long file
// started late (vitest sorts by its own cache, which a clean CI checkout does not have, and
// otherwise by file size, which says little here: the package test is small and takes the
// longest). test/durations.json holds seconds measured on a run; a file not in it counts as
// short. Failed files of the last local run still go first, as vitest's own sequencer does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const DURATIONS = JSON.parse(
  readFileSync(new URL('./durations.json', import.meta.url), 'utf8'),
) as Record<string, number>;

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const seconds = (spec: TestSpecification) =>
      DURATIONS[path.relative(root, spec.moduleId).split(path.sep).join('/')] ?? 0;
    const failed = (spec: TestSpecification) =>
      this.ctx.cache.getFileTestResults(
        `${spec.project.name}:${path.relative(root, spec.moduleId)}`,
      )?.failed === true;
    return [...files].sort(
      (a, b) => Number(failed(b)) - Number(failed(a)) || seconds(b) - seconds(a),
    );
  }
}
