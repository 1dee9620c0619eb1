// Query-string parameters: shop_id, filters, and limit/offset pages with DRF-style absolute
// next/previous links.
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '../remote/contract.js';
import type { Page } from '../remote/contract.js';
import { fieldError } from './api-error.js';

/** An integer query parameter, or undefined when absent. Throws a 400 naming it. */
export function intParam(url: URL, name: string, min: number): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  const value = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value)) throw fieldError(name, 'A valid integer is required.');
  if (value < min) throw fieldError(name, `Ensure this value is greater than or equal to ${min}.`);
  return value;
}

export function requiredIntParam(url: URL, name: string, min: number): number {
  const value = intParam(url, name, min);
  if (value === undefined) throw fieldError(name, 'This query parameter is required.');
  return value;
}

export interface PageRequest {
  limit: number;
  offset: number;
}

/** limit (1.., above the maximum cut to it, default the maximum) and offset (0.., default 0). */
export function pageRequest(url: URL): PageRequest {
  const limit = Math.min(intParam(url, 'limit', 1) ?? PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX);
  return { limit, offset: intParam(url, 'offset', 0) ?? 0 };
}

/**
 * A page with absolute links that keep every other query parameter, as Django REST framework
 * builds them; `previous` drops `offset` when it would be 0.
 */
export function pageOf<T>(url: URL, page: PageRequest, count: number, results: T[]): Page<T> {
  const link = (offset: number): string => {
    const target = new URL(url);
    target.searchParams.set('limit', String(page.limit));
    if (offset > 0) target.searchParams.set('offset', String(offset));
    else target.searchParams.delete('offset');
    return target.toString();
  };
  const hasNext = page.offset + page.limit < count;
  const hasPrevious = page.offset > 0;
  return {
    count,
    next: hasNext ? link(page.offset + page.limit) : null,
    previous: hasPrevious ? link(Math.max(page.offset - page.limit, 0)) : null,
    results,
  };
}
