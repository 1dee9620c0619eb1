// Between plain JSON-like values (what the runtime keeps) and CEL values (what the library
// evaluates), both ways, and how a value renders as text in a template.
//
// In: objects become Maps, so a field access can only ever see the data's own keys (no
// prototype, no `constructor`); numbers stay doubles; anything that is not JSON-like data
// (functions, class instances, symbols, undefined) is left out, as if it were missing.
// The size of the input is bounded, which bounds evaluation time together with the
// compile-time limits in cel-env.ts.

export const VALUE_LIMITS = {
  /** Values (scalars, list items, map entries) in one variables object. */
  maxValues: 100_000,
  maxDepth: 32,
  /** Characters over all strings in the input, and of one result. */
  maxChars: 1_000_000,
} as const;

export class ValueLimitError extends Error {}

interface Budget {
  values: number;
  chars: number;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function toCel(value: unknown, depth: number, budget: Budget): unknown {
  if (++budget.values > VALUE_LIMITS.maxValues)
    throw new ValueLimitError(`the variables hold more than ${VALUE_LIMITS.maxValues} values`);
  if (depth > VALUE_LIMITS.maxDepth)
    throw new ValueLimitError(
      `the variables are nested deeper than ${VALUE_LIMITS.maxDepth} levels`,
    );
  switch (typeof value) {
    case 'string':
      budget.chars += value.length;
      if (budget.chars > VALUE_LIMITS.maxChars)
        throw new ValueLimitError(
          `the variables hold more than ${VALUE_LIMITS.maxChars} characters`,
        );
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return value;
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out: unknown[] = [];
        for (const item of value as unknown[]) {
          const converted = toCel(item, depth + 1, budget);
          out.push(converted === undefined ? null : converted);
        }
        return out;
      }
      if (value instanceof Map) {
        const out = new Map<string, unknown>();
        for (const [k, v] of value as Map<unknown, unknown>) {
          if (typeof k !== 'string') continue;
          const converted = toCel(v, depth + 1, budget);
          if (converted !== undefined) out.set(k, converted);
        }
        return out;
      }
      if (!isPlainObject(value)) return undefined;
      {
        const out = new Map<string, unknown>();
        for (const k of Object.keys(value)) {
          const converted = toCel((value as Record<string, unknown>)[k], depth + 1, budget);
          if (converted !== undefined) out.set(k, converted);
        }
        return out;
      }
    default:
      return undefined;
  }
}

/** The variables object as the CEL context: a null-prototype record of converted values. */
export function toCelContext(
  variables: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>,
  spend?: (values: number) => void,
): Record<string, unknown> {
  const budget: Budget = { values: 0, chars: 0 };
  const context: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const entries =
    variables instanceof Map
      ? [...variables.entries()]
      : Object.keys(variables).map((k) => [k, (variables as Record<string, unknown>)[k]] as const);
  for (const [name, value] of entries) {
    const converted = toCel(value, 1, budget);
    if (converted !== undefined) context[name] = converted;
  }
  // Converting is work too: a turn that evaluates many expressions over large variables pays
  // for each conversion (budget.ts).
  spend?.(budget.values);
  return context;
}

/** A plain value of an evaluation result: JSON-like, numbers as numbers, maps as null-prototype records. */
export type PlainValue =
  | null
  | boolean
  | number
  | string
  | PlainValue[]
  | { [key: string]: PlainValue };

/** A CEL result back as a plain value. Ints become numbers (exact up to 2^53, rounded beyond). */
export function fromCel(value: unknown, depth = 0): PlainValue {
  if (depth > VALUE_LIMITS.maxDepth + 8)
    throw new ValueLimitError('the result is nested too deeply');
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return value;
    case 'bigint':
      return Number(value);
    case 'object':
      break;
    default:
      return String(value);
  }
  if (Array.isArray(value)) return value.map((item: unknown) => fromCel(item, depth + 1));
  if (value instanceof Map) {
    const out = Object.create(null) as Record<string, PlainValue>;
    for (const [k, v] of value as Map<unknown, unknown>) out[String(k)] = fromCel(v, depth + 1);
    return out;
  }
  if (value instanceof Uint8Array) return Array.from(value);
  if (value instanceof Date) return value.toISOString();
  if ('value' in value && typeof (value as { value: unknown }).value === 'bigint') {
    // An unsigned int (CEL uint) wraps a bigint.
    return Number((value as { value: bigint }).value);
  }
  return String(value);
}

/**
 * How a value renders in a template:
 * - a string as it is; a bool as `true` / `false`;
 * - a number in plain decimal: whole numbers without a fraction (`12`, not `12.0`), others with
 *   the shortest digits that read back the same (`12.5`, `0.1`); not-a-number and infinities as `NaN`, `Infinity`;
 * - null (and so a missing value, see renderTemplate) as the empty string;
 * - a list as its items rendered and joined with `, `;
 * - a map as `key: value` pairs joined with `, `, in the map's order.
 */
export function renderValue(value: PlainValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  if (Array.isArray(value)) return value.map(renderValue).join(', ');
  return Object.keys(value)
    .map((k) => `${k}: ${renderValue(value[k] ?? null)}`)
    .join(', ');
}
