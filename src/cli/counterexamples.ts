// `validate --counterexamples DIR`: each team rule's violations written as conversation tests,
// one file per rule (DIR/<rule id>.test.yaml). A file there without botform's header is someone's
// own and is never overwritten; files of rules that now hold are removed.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ProjectCompile } from '../compile/project.js';
import { plural } from '../plural.js';
import {
  COUNTEREXAMPLE_HEADER,
  counterexampleFile,
  counterexampleTests,
  type Counterexample,
} from '../testgen/counterexample.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import type { CliIo } from './io.js';

export async function writeCounterexamples(
  dir: string,
  compiles: readonly ProjectCompile[],
  io: CliIo,
): Promise<boolean> {
  const absolute = path.resolve(io.cwd, dir);
  const byRule = new Map<string, Map<string, Counterexample>>();
  const notWritten: string[] = [];
  for (const compiled of compiles) {
    const violations = compiled.teamRules.violations;
    counterexampleTests(violations, compiled.scenario).forEach((made, i) => {
      const violation = violations[i] as (typeof violations)[number];
      if (!made.ok) {
        notWritten.push(`${violation.rule.id}: ${made.why}`);
        return;
      }
      const tests = byRule.get(violation.rule.id) ?? new Map<string, Counterexample>();
      tests.set(made.test.name, made);
      byRule.set(violation.rule.id, tests);
    });
  }
  const ours = (file: string) => readFileSync(file, 'utf8').startsWith(COUNTEREXAMPLE_HEADER);
  for (const id of byRule.keys()) {
    const file = path.join(absolute, `${id}.test.yaml`);
    if (existsSync(file) && !ours(file)) {
      io.stderr.write(
        `botform validate: ${path.relative(io.cwd, file)} was not written by botform; not overwriting it.\n`,
      );
      return false;
    }
  }
  // Rules that hold now leave no file behind.
  if (existsSync(absolute))
    for (const name of readdirSync(absolute)) {
      const file = path.join(absolute, name);
      if (
        name.endsWith('.test.yaml') &&
        !byRule.has(name.slice(0, -'.test.yaml'.length)) &&
        ours(file)
      )
        rmSync(file);
    }
  let count = 0;
  for (const [id, tests] of byRule) {
    await writeFileAtomic(
      path.join(absolute, `${id}.test.yaml`),
      counterexampleFile([...tests.values()]),
    );
    count += tests.size;
  }
  io.stderr.write(
    `Counterexamples: ${plural(count, 'conversation test')} in ${path.relative(io.cwd, absolute) || '.'}${
      notWritten.length > 0
        ? `; not written (the path is in the diagnostic):\n${[...new Set(notWritten)].map((w) => `  ${w}\n`).join('')}`
        : '.\n'
    }`,
  );
  return true;
}
