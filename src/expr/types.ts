// The static types of variables, as the checks see them, and the platform's built-in variables.
// Numbers are always `number` (a CEL double): scenario data is JSON. `any` is not checked.
import type { Environment } from '@marcbachmann/cel-js';

export type VarType =
  | { kind: 'string' | 'number' | 'bool' | 'any' }
  | { kind: 'list'; of: VarType }
  | { kind: 'object'; fields: ReadonlyMap<string, VarType> };

export const STRING: VarType = { kind: 'string' };
export const NUMBER: VarType = { kind: 'number' };
export const BOOL: VarType = { kind: 'bool' };
export const ANY: VarType = { kind: 'any' };
export const listOf = (of: VarType): VarType => ({ kind: 'list', of });
const objectOf = (fields: Record<string, VarType>): VarType => ({
  kind: 'object',
  fields: new Map(Object.entries(fields)),
});

/** A type as written in docs and messages: `string`, `list<string>`, `{status: string, ...}`. */
export function typeName(type: VarType): string {
  switch (type.kind) {
    case 'list':
      return `list<${typeName(type.of)}>`;
    case 'object':
      return 'object';
    default:
      return type.kind;
  }
}

/** The CEL type name for the library's registration. Objects become schemas (see toSchema). */
function celTypeName(type: VarType): string {
  switch (type.kind) {
    case 'string':
      return 'string';
    case 'number':
      return 'double';
    case 'bool':
      return 'bool';
    case 'any':
      return 'dyn';
    case 'list':
      return type.of.kind === 'object' ? 'list' : `list<${celTypeName(type.of)}>`;
    case 'object':
      return 'map';
  }
}

type Schema = { [key: string]: string | Schema };

/** Only field names that are CEL identifiers can be declared in a schema; others are read with ["a-b"]. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function toSchema(fields: ReadonlyMap<string, VarType>): Schema | undefined {
  const schema: Schema = Object.create(null) as Schema;
  for (const [name, type] of fields) {
    if (!IDENTIFIER.test(name)) return undefined;
    if (type.kind === 'object') {
      const inner = toSchema(type.fields);
      if (!inner || Object.keys(inner).length === 0) return undefined;
      schema[name] = inner;
    } else schema[name] = celTypeName(type);
  }
  return schema;
}

/** Declares a variable on a typed environment; objects whose fields cannot be declared become `map`. */
export function registerVariable(env: Environment, name: string, type: VarType): void {
  if (type.kind === 'object') {
    const schema = toSchema(type.fields);
    if (schema && Object.keys(schema).length > 0) {
      env.registerVariable({ name, schema });
      return;
    }
  }
  env.registerVariable(name, celTypeName(type));
}

/** Two declarations of one name: the same type stays; objects merge their fields; else `any`. */
export function mergeTypes(a: VarType, b: VarType): VarType {
  if (a.kind === 'object' && b.kind === 'object') {
    const fields = new Map(a.fields);
    for (const [k, t] of b.fields) {
      const before = fields.get(k);
      fields.set(k, before ? mergeTypes(before, t) : t);
    }
    return { kind: 'object', fields };
  }
  if (a.kind === 'list' && b.kind === 'list') return listOf(mergeTypes(a.of, b.of));
  return a.kind === b.kind ? a : ANY;
}

/**
 * The platform's built-in variables, set for every conversation (docs/expressions.md has the
 * same table). A scenario variable of the same name (e.g. an operation saved as `order`) merges
 * its fields into the built-in's.
 */
export const BUILT_INS: ReadonlyMap<string, { type: VarType; description: string }> = new Map([
  [
    'user',
    {
      type: objectOf({
        id: STRING,
        name: STRING,
        first_name: STRING,
        last_name: STRING,
        username: STRING,
        phone: STRING,
        email: STRING,
        language: STRING,
        is_subscriber: BOOL,
        tags: listOf(STRING),
      }),
      description: 'The person the bot talks to.',
    },
  ],
  [
    'cart',
    {
      type: objectOf({
        total: NUMBER,
        count: NUMBER,
        currency: STRING,
        items: listOf(objectOf({ sku: STRING, name: STRING, qty: NUMBER, price: NUMBER })),
      }),
      description: "The user's cart in this shop.",
    },
  ],
  [
    'order',
    {
      type: objectOf({
        id: STRING,
        status: STRING,
        total: NUMBER,
        currency: STRING,
        payment: STRING,
        created_at: STRING,
      }),
      description: "The user's latest order (empty fields before the first one).",
    },
  ],
  [
    'shop',
    {
      type: objectOf({
        name: STRING,
        currency: STRING,
        phone: STRING,
        website: STRING,
        timezone: STRING,
      }),
      description: 'The shop the bot belongs to.',
    },
  ],
  [
    'channel',
    {
      type: STRING,
      description:
        'The messenger of this conversation: telegram, whatsapp, facebook, instagram, viber, vk or webchat.',
    },
  ],
]);
