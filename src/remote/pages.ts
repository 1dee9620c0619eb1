// Reading a whole collection from limit/offset pages: the first page gives the count, then the
// remaining pages are fetched concurrently (bounded) and put together in offset order. When
// nothing fails that is exactly ceil(count / pageSize) GETs, one for an empty list. A list that
// changes while it is read (another writer) is read once more; if it changes again, ListChanged.
import type { Page } from './contract.js';
import { mapBounded } from '../bounded-map.js';

export interface ListReadOptions {
  /** The page size asked for (the `limit` the pages are fetched with). */
  limit: number;
  /** How many pages may be in flight at once. */
  concurrency: number;
  /** Told when a read was inconsistent and the list is read again. */
  onRetry?: (observed: string) => void;
}

/** The list kept changing; `observed` says how, for each of the two reads. */
export class ListChanged extends Error {
  override readonly name = 'ListChanged';
  readonly observed: string[];
  constructor(observed: string[]) {
    super(`the list changed while it was read: ${observed.join('; then ')}`);
    this.observed = observed;
  }
}

type ReadOnce<T> = { ok: true; items: T[] } | { ok: false; observed: string };

/** All records of a collection; `fetchPage(offset)` fetches one page of `limit` records. */
export async function readAllPages<T extends { id: number }>(
  fetchPage: (offset: number) => Promise<Page<T>>,
  options: ListReadOptions,
): Promise<T[]> {
  const observed: string[] = [];
  for (let read = 0; read < 2; read += 1) {
    const result = await readOnce(fetchPage, options);
    if (result.ok) return result.items;
    observed.push(result.observed);
    if (read === 0) options.onRetry?.(result.observed);
  }
  throw new ListChanged(observed);
}

async function readOnce<T extends { id: number }>(
  fetchPage: (offset: number) => Promise<Page<T>>,
  options: ListReadOptions,
): Promise<ReadOnce<T>> {
  const first = await fetchPage(0);
  const count = first.count;
  if (first.results.length >= count) return finish(count, [first]);
  // The server's page size is what it gave for a page that is not the last; normally `limit`.
  const pageSize = first.results.length > 0 ? first.results.length : options.limit;
  const offsets: number[] = [];
  for (let offset = pageSize; offset < count; offset += pageSize) offsets.push(offset);
  const rest = await mapBounded(offsets, Math.max(1, options.concurrency), fetchPage);
  const changed = rest.find((page) => page.count !== count);
  if (changed) return { ok: false, observed: `count ${count}, then ${changed.count}` };
  return finish(count, [first, ...rest]);
}

function finish<T extends { id: number }>(count: number, pages: Page<T>[]): ReadOnce<T> {
  const seen = new Set<number>();
  const items: T[] = [];
  for (const page of pages) {
    for (const item of page.results) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      items.push(item);
    }
  }
  if (items.length !== count)
    return {
      ok: false,
      observed: `count ${count}, but ${items.length} distinct records on the pages`,
    };
  return { ok: true, items };
}
