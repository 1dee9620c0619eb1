// botform's own package.json, read once on first use (not at import): its version (recorded in
// plans and reports) and where its documentation is published (`repository`, `homepage`), so
// links in reports resolve for whoever installed the package.
import { readFileSync } from 'node:fs';

export interface PackageMeta {
  name: string;
  version: string;
  homepage?: string;
  repository?: string | { type?: string; url?: string; directory?: string };
}

let meta: PackageMeta | undefined;

export function packageMeta(): PackageMeta {
  meta ??= JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as PackageMeta;
  return meta;
}
