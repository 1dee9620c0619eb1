// Tools from Debian's packages that some tests judge botform's output with (diff-cover, xmllint;
// .ci/run installs them). Missing on a developer's machine, those tests are skipped with the
// reason; in CI (CI set) a missing tool fails instead, so a broken install cannot pass unseen.
import { spawnSync } from 'node:child_process';

export function toolMissing(command: string, debianPackage: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  if (found.status === 0) return undefined;
  if (process.env.CI) throw new Error(`${command} is missing: .ci/run installs ${debianPackage}.`);
  return `no ${command} (apt-get install ${debianPackage})`;
}
