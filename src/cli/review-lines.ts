// Which lines the change under review touches, for ordering annotations and job-summary rows:
// from --changed-since REF, else from a pull request's GITHUB_BASE_REF (origin/<base>). When git
// cannot tell (a shallow checkout without the base branch), the report is still written, in the
// usual order, and a note on stderr says how to fetch the base.
import { changedLines, GitError } from '../environments/changed.js';
import type { InChange } from '../render/review-order.js';
import type { CliIo } from './io.js';

export const CHANGED_SINCE_HELP =
  '      --changed-since <ref>               github and summary formats: problems on lines changed\n                                          since <ref> first (default in a pull request: origin/$GITHUB_BASE_REF)\n';

export async function inChangeFor(
  ref: string | undefined,
  format: string,
  io: CliIo,
): Promise<InChange | undefined> {
  if (format !== 'github' && format !== 'summary') return undefined;
  const base = io.env.GITHUB_BASE_REF;
  const against = ref ?? (base ? `origin/${base}` : undefined);
  if (against === undefined) return undefined;
  try {
    const changed = await changedLines(io.cwd, against);
    return (file, line) => {
      const lines = changed.get(file.split('\\').join('/'));
      return lines === 'all' || (lines?.has(line) ?? false);
    };
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    io.stderr.write(
      `botform: ${error.message} Problems are not ordered by the change${ref === undefined ? ' (fetch the base branch, e.g. actions/checkout with fetch-depth: 0)' : ''}.\n`,
    );
    return undefined;
  }
}
