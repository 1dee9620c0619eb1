// Small checks at the client's edge: is the configured API root usable, and is a 2xx answer the
// shape the contract promises (a page, a record, a login token)? Answers that fail these are
// reported as protocol errors rather than passed on half-read.
import type { LoginResponse, Page } from './contract.js';
import { isRecord } from '../model/json.js';

/**
 * The API root without a trailing slash. Throws for anything but an http(s) URL without
 * credentials, query or fragment; the message never repeats credentials found in it.
 */
export function baseUrlOf(raw: string): string {
  const fix =
    'Check --api / HIGHTOUCH_API_URL: it should be the API root, e.g. https://host or http://127.0.0.1:8765.';
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new TypeError(`The API URL is not a URL. ${fix}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(
      `The API URL must start with http:// or https://, not ${url.protocol}//. ${fix}`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new TypeError(
      'The API URL must not contain a user name or password: give them as HIGHTOUCH_USERNAME and HIGHTOUCH_PASSWORD, or a token as HIGHTOUCH_TOKEN.',
    );
  }
  if (url.search !== '' || url.hash !== '')
    throw new TypeError(`The API URL must not have a query or fragment. ${fix}`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** A platform record: an object with a numeric id. */
export function isIdRecord(value: unknown): value is { id: number } {
  return isRecord(value) && Number.isSafeInteger(value.id);
}

export function isPage(value: unknown): value is Page<{ id: number }> {
  return (
    isRecord(value) &&
    Number.isSafeInteger(value.count) &&
    (value.count as number) >= 0 &&
    Array.isArray(value.results) &&
    value.results.every(isIdRecord)
  );
}

export function isLoginResponse(value: unknown): value is LoginResponse {
  return isRecord(value) && typeof value.token === 'string' && value.token !== '';
}
