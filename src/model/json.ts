// The one check every stage makes of untyped input (a parsed file, a DSL export, a platform
// record's params): is this value a mapping?
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Plain JSON, as stored in params and compared by the plan. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
