// Where a diagnostic code is explained: its section of docs/diagnostics.md. The link points at the
// copy shipped with botform (the package holds docs/), so it opens offline and matches the
// installed version; a hosted address can replace DOCS_FILE once the project publishes one.
import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';

const DOCS_FILE = pathToFileURL(
  fileURLToPath(new URL('../../docs/diagnostics.md', import.meta.url)),
).href;

/** The section's address: the heading of each code is `### <code>`, so its anchor is the code. */
export function docsLink(code: string): string {
  return `${DOCS_FILE}#${code}`;
}
