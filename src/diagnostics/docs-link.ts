// Where a diagnostic code is explained: its section of docs/diagnostics.md, as a URL anyone can
// open — the file at this version's tag in the repository that package.json names, else under
// its homepage, else the file in the published package. Never a path on the machine that
// ran botform: reports travel (pull requests, code scanning, CI artefacts).
import { type PackageMeta, packageMeta } from '../package-meta.js';

const DOCS_PATH = 'docs/diagnostics.md';

let base: string | undefined;

/** The section's address: the heading of each code is `### <code>`, so its anchor is the code. */
export function docsLink(code: string): string {
  const pkg = packageMeta();
  base ??= docsUrl(pkg, DOCS_PATH) ?? publishedFile(pkg, DOCS_PATH);
  return `${base}#${code}`;
}

/**
 * A file as published in the package on the npm registry (the package ships docs/), served by
 * unpkg: the fallback for a package.json that names no repository or homepage.
 */
function publishedFile(pkg: PackageMeta, file: string): string {
  return `https://unpkg.com/${pkg.name}@${pkg.version}/${file}`;
}

/**
 * The URL of a file of the package's source at its version: a blob URL on GitHub, GitLab or
 * Bitbucket for a `repository` there (the tag is `v<version>`, as `npm version` makes it), the
 * file under `homepage` otherwise; undefined when package.json names neither.
 */
function docsUrl(pkg: PackageMeta, file: string): string | undefined {
  const repo = repositoryOf(pkg.repository);
  const tag = `v${pkg.version}`;
  if (repo) {
    const dir = repo.directory ? `${repo.directory.replace(/^\/+|\/+$/g, '')}/` : '';
    const at = `${dir}${file}`;
    if (repo.host === 'github.com') return `https://github.com/${repo.path}/blob/${tag}/${at}`;
    if (repo.host === 'gitlab.com') return `https://gitlab.com/${repo.path}/-/blob/${tag}/${at}`;
    return `https://bitbucket.org/${repo.path}/src/${tag}/${at}`;
  }
  const home = httpUrl(pkg.homepage);
  if (home) {
    home.hash = '';
    if (!home.pathname.endsWith('/')) home.pathname += '/';
    return new URL(file, home).href;
  }
  return undefined;
}

const HOSTS = ['github.com', 'gitlab.com', 'bitbucket.org'] as const;

/** `owner/name` on a known forge, from any of npm's spellings of `repository`. */
function repositoryOf(
  field: PackageMeta['repository'],
): { host: (typeof HOSTS)[number]; path: string; directory?: string } | undefined {
  const spec = typeof field === 'string' ? field : field?.url;
  if (!spec) return undefined;
  const directory = typeof field === 'object' ? field.directory : undefined;
  const short = /^(?:(github|gitlab|bitbucket):)?([\w.-]+\/[\w.-]+)$/.exec(spec);
  if (short) {
    const host =
      short[1] === 'gitlab'
        ? 'gitlab.com'
        : short[1] === 'bitbucket'
          ? 'bitbucket.org'
          : 'github.com';
    return { host, path: strip(short[2] as string), ...(directory ? { directory } : {}) };
  }
  const url = httpUrl(
    spec
      .replace(/^git\+/, '')
      .replace(/^git:\/\//, 'https://')
      .replace(/^ssh:\/\/git@/, 'https://'),
  );
  const host = HOSTS.find((h) => url?.hostname === h || url?.hostname === `www.${h}`);
  const parts = url?.pathname.split('/').filter(Boolean) ?? [];
  if (!host || parts.length < 2) return undefined;
  return { host, path: strip(`${parts[0]}/${parts[1]}`), ...(directory ? { directory } : {}) };
}

function strip(path: string): string {
  return path.replace(/\.git$/, '');
}

function httpUrl(text: string | undefined): URL | undefined {
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
