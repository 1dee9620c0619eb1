// ajv's errors speak JSON Schema; bot designers should not have to. This turns them into one
// diagnostic per problem, in their words, pointing at the offending node: an unknown field at
// its key, a wrong value at the value, a missing field at the object that lacks it.
import type { ErrorObject } from 'ajv';
import type { Code } from '../diagnostics/codes.js';
import { diagnosticFor } from '../diagnostics/make.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { Diagnostic, DocPath, PathTarget, SourceLocator } from '../diagnostics/types.js';
import { STEP_TYPES } from '../steps/index.js';
import { describePath, pointerToPath, typeName } from './describe-path.js';
import { plural } from '../plural.js';

interface Translated {
  code: Code;
  message: string;
  path: DocPath;
  target: PathTarget;
  hint?: string;
}

export function translateSchemaErrors(
  errors: readonly ErrorObject[],
  locator: SourceLocator,
): Diagnostic[] {
  const translated: Translated[] = [];
  const byPath = new Map<string, ErrorObject[]>();
  // A oneOf that failed because of a problem further in (an item of a list of checks) is said
  // better by that problem: the oneOf's "none of the forms" is dropped, with what each of its
  // forms said about the value at its own place.
  const saidFurtherIn = new Set(
    errors
      .filter(
        (error) =>
          error.keyword === 'oneOf' &&
          errors.some((e) => e.instancePath.startsWith(`${error.instancePath}/`)),
      )
      .map((error) => error.instancePath),
  );
  for (const error of errors) {
    if (
      saidFurtherIn.has(error.instancePath) &&
      (error.keyword === 'oneOf' || error.schemaPath.includes('/oneOf/'))
    )
      continue;
    const list = byPath.get(error.instancePath) ?? [];
    list.push(error);
    byPath.set(error.instancePath, list);
  }
  for (const [pointer, group] of byPath) {
    const unknown = unknownInEveryForm(group, pointerToPath(pointer));
    if (unknown.length > 0) {
      translated.push(...unknown);
      continue;
    }
    for (const error of mostSpecific(group)) {
      const t = translateOne(error, pointerToPath(pointer));
      if (t) translated.push(t);
    }
  }
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const t of translated) {
    const key = `${t.code}|${t.path.join('/')}|${t.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(
      diagnosticFor(t.code, t.message, locator, t.path, t.target, t.hint ? { hint: t.hint } : {}),
    );
  }
  return out;
}

/** Drops errors that only restate another one at the same place. */
function mostSpecific(all: ErrorObject[]): ErrorObject[] {
  // Errors about a key's name come twice: from the inner schema and from propertyNames.
  const group = all.filter((e) => (e as { propertyName?: string }).propertyName === undefined);
  // A oneOf over alternatives (a field type given as a name or as a mapping) reports every
  // alternative's failure; the oneOf itself says it best.
  // Nested oneOfs (a text check inside "one check or a list") fail together: the outermost, last
  // in ajv's order, says it best.
  const oneOfs = group.filter((e) => e.keyword === 'oneOf');
  if (oneOfs.length > 0)
    return group.filter(
      (e) =>
        e === oneOfs[oneOfs.length - 1] ||
        (e.keyword !== 'oneOf' && !e.schemaPath.includes('/oneOf/')),
    );
  // A step is checked against its type's schema by `if`/`then` (schemas/step.schema.json): the
  // `then` schema's own errors say what is wrong; the `if` error ("must match then") adds nothing.
  return group.filter((e) => e.keyword !== 'if');
}

/**
 * A mapping that fits none of a oneOf's forms because of a field no form has (`says: {contain:
 * …}`): one unknown-field problem per such field, with "did you mean" among every form's fields,
 * instead of the oneOf's "none of the forms".
 */
function unknownInEveryForm(
  group: readonly ErrorObject[],
  path: (string | number)[],
): Translated[] {
  if (!group.some((e) => e.keyword === 'oneOf')) return [];
  const extra = group.filter(
    (e) => e.keyword === 'additionalProperties' && e.schemaPath.includes('/oneOf/'),
  );
  if (extra.length === 0) return [];
  const allowed = new Set<string>();
  for (const e of extra)
    for (const key of Object.keys(
      (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {},
    ))
      allowed.add(key);
  const fields = new Set(
    extra
      .map((e) => String((e.params as { additionalProperty?: unknown }).additionalProperty))
      .filter((f) => !allowed.has(f)),
  );
  const where = describePath(path);
  const list = [...allowed];
  return [...fields].map((field) => {
    const suggestion = didYouMean(field, list);
    return {
      code: 'unknown-field',
      message: `Unknown field \`${field}\` in ${where}.${suggestion ? ` ${suggestion}` : ''}`,
      path: [...path, field],
      target: 'key',
      hint: `One of these fields: ${list.join(', ')}.`,
    } as Translated;
  });
}

function translateOne(error: ErrorObject, path: (string | number)[]): Translated | undefined {
  const where = describePath(path);
  const params = error.params as Record<string, unknown>;
  const last = path[path.length - 1];
  switch (error.keyword) {
    case 'required': {
      const field = String(params.missingProperty);
      if (field === 'type' && isStepPath(path)) {
        return {
          code: 'missing-field',
          message: `${capitalize(where)} has no \`type\`.`,
          path,
          target: 'key',
          hint: `Add one of: ${STEP_TYPES.join(', ')}.`,
        };
      }
      const stepType = stepTypeOf(error);
      const what = stepType && isStepPath(path) ? `${where} (a ${stepType} step)` : where;
      return {
        code: 'missing-field',
        message: `${capitalize(what)} is missing the required field \`${field}\`.`,
        path,
        target: path.length > 0 ? 'key' : 'value',
      };
    }
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const allowed = Object.keys(
        (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ??
          {},
      );
      const stepType = stepTypeOf(error);
      const owner = stepType && isStepPath(path) ? `a ${stepType} step` : where;
      const suggestion = didYouMean(field, allowed);
      return {
        code: 'unknown-field',
        message: `Unknown field \`${field}\` in ${owner}.${suggestion ? ` ${suggestion}` : ''}`,
        path: [...path, field],
        target: 'key',
        hint: allowed.length > 0 ? `Allowed fields: ${allowed.join(', ')}.` : undefined,
      } as Translated;
    }
    case 'type': {
      if (params.type === 'object') {
        const what = path.length === 0 ? 'The file' : capitalize(where);
        const extra = path.length === 0 ? ' with `start:` and `steps:`' : '';
        return {
          code: 'not-a-mapping',
          message: `${what} must be a mapping${extra}, not ${typeName(error.data)}.`,
          path,
          target: 'value',
        };
      }
      const expected = String(params.type).split(',').map(article).join(' or ');
      return {
        code: 'wrong-type',
        message: `${capitalize(where)} must be ${expected}, not ${typeName(error.data)}.`,
        path,
        target: 'value',
      };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const value = String(error.data);
      const suggestion = didYouMean(value, allowed);
      if (last === 'type' && isStepPath(path.slice(0, -1))) {
        if (error.data === null || error.data === '') {
          return {
            code: 'missing-field',
            message: `${capitalize(describePath(path.slice(0, -1)))} has an empty \`type\`.`,
            path,
            target: 'value',
            hint: `Write one of: ${allowed.join(', ')}.`,
          };
        }
        return {
          code: 'unknown-step-type',
          message: `Unknown step type "${value}".${suggestion ? ` ${suggestion}` : ''}`,
          path,
          target: 'value',
          hint: `Step types: ${allowed.join(', ')}.`,
        };
      }
      return {
        code: 'invalid-value',
        message: `${capitalize(where)} must be one of: ${allowed.join(', ')}.${suggestion ? ` ${suggestion}` : ''}`,
        path,
        target: 'value',
      };
    }
    case 'const':
      return {
        code: 'invalid-value',
        message: `${capitalize(where)} must be ${JSON.stringify(params.allowedValue)}.`,
        path,
        target: 'value',
      };
    case 'pattern':
      return {
        code: 'invalid-value',
        message: patternMessage(where, String(params.pattern), error.data),
        path,
        target: 'value',
      };
    case 'propertyNames': {
      const name = String(params.propertyName);
      return propertyNameProblem(path, name);
    }
    case 'not':
      return {
        code: 'reserved-key',
        message: `"${String(error.data)}" is a reserved name and cannot be used as a key.`,
        path,
        target: 'value',
      };
    case 'minLength':
      return {
        code: 'invalid-value',
        message: `${capitalize(where)} must not be empty${Number(params.limit) > 1 ? ` (at least ${String(params.limit)} characters)` : ''}.`,
        path,
        target: 'value',
      };
    case 'maxLength':
      return {
        code: 'invalid-value',
        message: `${capitalize(where)} is too long: at most ${String(params.limit)} characters.`,
        path,
        target: 'value',
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      // ajv's message already starts with "must be" ("must be >= 1"): say it once.
      return {
        code: 'invalid-value',
        message: `${capitalize(where)} must be ${(error.message ?? 'in range').replace(/^must be /, '')}.`,
        path,
        target: 'value',
      };
    case 'minItems':
      return {
        code: 'invalid-value',
        message: `${capitalize(where)} needs at least ${plural(Number(params.limit), 'item')}.`,
        path,
        target: 'value',
      };
    case 'maxItems':
      return {
        code: 'invalid-value',
        message: `${capitalize(where)} has too many items: at most ${String(params.limit)}.`,
        path,
        target: 'value',
      };
    case 'maxProperties':
      return {
        code: 'invalid-value',
        message: `${capitalize(where)} has too many entries: at most ${String(params.limit)}.`,
        path,
        target: 'value',
      };
    case 'uniqueItems':
      return {
        code: 'invalid-value',
        message: `${capitalize(where)} lists the same value twice (items ${Number(params.j) + 1} and ${Number(params.i) + 1}).`,
        path,
        target: 'value',
      };
    case 'oneOf': {
      if (error.schemaPath.includes('fieldType'))
        return {
          code: 'invalid-value',
          message: `${capitalize(where)} must be a type name (string, number, integer, boolean, object, array, null) or a mapping with \`type\`.`,
          path,
          target: 'value',
        };
      const description = (error.parentSchema as { description?: unknown } | undefined)
        ?.description;
      return {
        code: 'invalid-value',
        message: `${capitalize(where)} does not have any of the forms allowed here.`,
        path,
        target: 'value',
        hint: typeof description === 'string' ? description : undefined,
      } as Translated;
    }
    default:
      return {
        code: 'invalid-value',
        message: `${capitalize(where)} ${error.message ?? 'is invalid'}.`,
        path,
        target: 'value',
      };
  }
}

function propertyNameProblem(path: (string | number)[], name: string): Translated {
  const keyPath = [...path, name];
  if (['__proto__', 'constructor', 'prototype'].includes(name)) {
    return {
      code: 'reserved-key',
      message: `"${name}" is a reserved name and cannot be used as a key.`,
      path: keyPath,
      target: 'key',
    };
  }
  const isStepKey = path.length === 1 && path[0] === 'steps';
  return {
    code: 'invalid-value',
    message: isStepKey
      ? `Step key ${JSON.stringify(name)} is not valid: no control characters, no spaces at the start or end, at most 255 characters.`
      : `Key "${name}" is not a valid name here.`,
    path: keyPath,
    target: 'key',
  };
}

function patternMessage(where: string, pattern: string, value: unknown): string {
  if (pattern.startsWith('^https?://') || pattern.startsWith('^(?:https?://'))
    return `${capitalize(where)} must be an http:// or https:// URL${pattern.includes('var') ? ', or start with ${var.NAME}' : ''}.`;
  if (pattern.startsWith('^[a-z_]'))
    return `${capitalize(where)} must be a variable name: lower case letters, digits and _, starting with a letter or _.`;
  if (pattern.startsWith('^[A-Z]'))
    return `${capitalize(where)} must be the name of a secret in upper case, such as ORDERS_API_TOKEN.`;
  if (pattern.startsWith('^[^\\s'))
    return `${capitalize(where)} ${JSON.stringify(value)} is not a valid step key: no control characters, and no spaces at the start or end.`;
  return `${capitalize(where)} does not have the expected form.`;
}

function isStepPath(path: readonly (string | number)[]): boolean {
  return path.length === 2 && path[0] === 'steps';
}

function stepTypeOf(error: ErrorObject): string | undefined {
  const type = (error.parentSchema as { properties?: { type?: { const?: unknown } } } | undefined)
    ?.properties?.type?.const;
  return typeof type === 'string' ? type : undefined;
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    null: 'null',
  };
  return names[type] ?? type;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
