// `staging_url` has one meaning: the whole URL of the staging API, a template with the same
// `{field}` placeholders as `url` (the example scenario writes it so, and so did every user we
// watched). It is not a base that `url`'s path is appended to; a value that reads like one (no
// path where `url` has one, or placeholders missing) is reported here, so that a staging run
// never calls a path nobody declared.
import type { DocPath } from '../diagnostics/types.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { placeholderNames } from '../model/url-template.js';
import type { Reporter } from './api-declaration.js';

export function checkStagingUrl(
  api: Record<string, unknown>,
  report: Reporter,
  file: string,
  key: string,
  base: DocPath,
): Diagnostic[] {
  const staging = api.staging_url;
  const url = api.url;
  if (typeof staging !== 'string' || typeof url !== 'string') return [];
  const at = [...base, 'staging_url'];
  const problem = (message: string, hint: string) => [
    report('api-staging-url', message, file, at, 'value', { hint }),
  ];
  const declared = new Set(placeholderNames(url));
  const written = new Set(placeholderNames(staging));
  const missing = [...declared].filter((p) => !written.has(p));
  const extra = [...written].filter((p) => !declared.has(p));
  const urlPath = pathOf(url);
  const stagingPath = pathOf(staging);
  const example = urlPath !== undefined ? exampleFor(staging, url) : undefined;
  const whole = `staging_url is the whole URL of the staging API, with the same placeholders as url (not a base that url's path is added to)`;
  if (missing.length > 0)
    return problem(
      `The staging_url of step "${key}" lacks ${missing.map((p) => `{${p}}`).join(', ')}, which url has: ${whole}.`,
      example
        ? `For example: ${example}`
        : `Write the staging URL in full, with ${missing.map((p) => `{${p}}`).join(', ')}.`,
    );
  if (extra.length > 0)
    return problem(
      `The staging_url of step "${key}" has ${extra.map((p) => `{${p}}`).join(', ')}, which url does not: ${whole}.`,
      'Use the placeholders of url, filled from the same request fields.',
    );
  if (stagingPath === '/' && urlPath !== undefined && urlPath !== '/')
    return problem(
      `The staging_url of step "${key}" has no path, while url has ${urlPath}: ${whole}.`,
      example ? `For example: ${example}` : 'Write the staging URL in full.',
    );
  return [];
}

/** The path of a URL template (placeholders kept as written), or undefined if it is no URL. */
function pathOf(template: string): string | undefined {
  const match = /^https?:\/\/[^/?#]*([^?#]*)/.exec(template);
  if (!match) return undefined;
  return match[1] === '' ? '/' : match[1];
}

/** url's path, query and placeholders on staging_url's origin: what was most likely meant. */
function exampleFor(staging: string, url: string): string | undefined {
  const origin = /^https?:\/\/[^/?#]*/.exec(staging)?.[0];
  const rest = /^https?:\/\/[^/?#]*(.*)$/.exec(url)?.[1];
  return origin === undefined || rest === undefined ? undefined : `${origin}${rest}`;
}
