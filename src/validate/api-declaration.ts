// Checks what a schema cannot: that an external API declaration keeps secrets out of the files,
// fills every URL placeholder, and that its examples match the fields it declares (seed 002
// asks for examples; an example that contradicts its own declaration misleads everyone).
import type { Code } from '../diagnostics/codes.js';
import type { Extras } from '../diagnostics/make.js';
import type { Diagnostic, DocPath, PathTarget } from '../diagnostics/types.js';
import type { Scenario } from '../model/scenario.js';
import { typeName } from './describe-path.js';
import { isRecord } from '../model/json.js';
import { placeholderNames } from '../model/url-template.js';
import { checkStagingUrl } from './staging-url.js';

export type Reporter = (
  code: Code,
  message: string,
  file: string,
  path: DocPath,
  target?: PathTarget,
  extras?: Extras,
) => Diagnostic;

/** Header names whose values are credentials. */
const SENSITIVE_HEADER =
  /^(authorization|proxy-authorization|cookie)$|token|secret|api[-_]?key|password|passwd|signature|session/i;
const SECRET_REF = /\$\{secret:([A-Z][A-Z0-9_]*)\}/g;
/** What may stand beside secret references in a credential header: an auth scheme. */
const SCHEME_ONLY = /^\s*(bearer|basic|token|apikey|api-key|digest)?\s*$/i;

export function checkApiDeclarations(scenario: Scenario, report: Reporter): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [key, step] of scenario.steps) {
    const api = step.fields.api;
    if (!isRecord(api)) continue;
    const base = [...step.origin.path, 'api'];
    const file = step.origin.file;

    if (typeof api.url === 'string') {
      for (const param of inlineSecretParams(api.url)) {
        out.push(
          report(
            'api-inline-secret',
            `The URL of step "${key}" carries a credential inline in its query (${param}=…). Secrets go in the environment, never in scenario files.`,
            file,
            [...base, 'url'],
            'value',
            {
              hint: `Write it as a reference: ${param}=\${secret:${suggestSecretName(key)}}.`,
            },
          ),
        );
      }
    }
    if (isRecord(api.headers)) {
      for (const [name, value] of Object.entries(api.headers)) {
        // Any header whose value is "Bearer <something>" carries a credential, whatever its name.
        const schemeWithLiteral =
          typeof value === 'string' && /^\s*(bearer|basic|token)\s+(?!\$\{secret:)\S/i.test(value);
        if (typeof value !== 'string' || (!SENSITIVE_HEADER.test(name) && !schemeWithLiteral))
          continue;
        const withoutRefs = value.replace(SECRET_REF, '');
        const hasRef = withoutRefs.length !== value.length;
        if (!hasRef || !SCHEME_ONLY.test(withoutRefs)) {
          // Never echo the value: it may be a real credential.
          out.push(
            report(
              'api-inline-secret',
              `Header "${name}" of step "${key}" holds a credential inline. Secrets go in the environment, never in scenario files.`,
              file,
              [...base, 'headers', name],
              'value',
              {
                hint: `Write it as a reference, e.g. "${/^authorization$/i.test(name) ? 'Bearer ' : ''}\${secret:${suggestSecretName(key)}}", and set that variable where botform runs.`,
              },
            ),
          );
        }
      }
    }

    const request = isRecord(api.request) ? api.request : {};
    const requestFields = { ...fieldsOf(request.optional), ...fieldsOf(request.required) };
    if (typeof api.url === 'string') {
      // {field} placeholders; ${secret:NAME} references are not placeholders.
      for (const placeholder of placeholderNames(api.url)) {
        if (!Object.hasOwn(requestFields, placeholder)) {
          out.push(
            report(
              'api-url-placeholder',
              `The URL of step "${key}" has a placeholder {${placeholder}} that is not a declared request field.`,
              file,
              [...base, 'url'],
              'value',
              {
                hint: `Declare it under api.request.required (e.g. ${placeholder}: string).`,
              },
            ),
          );
        }
      }
    }
    out.push(...checkStagingUrl(api, report, file, key, base));
    out.push(...checkExample(report, file, key, 'request', request, [...base, 'request']));
    if (isRecord(api.response))
      out.push(...checkExample(report, file, key, 'response', api.response, [...base, 'response']));
  }
  return out;
}

export interface FieldSpec {
  type: string;
  enum?: unknown[];
}

export function fieldsOf(value: unknown): Record<string, FieldSpec> {
  const out: Record<string, FieldSpec> = {};
  if (!isRecord(value)) return out;
  for (const [name, spec] of Object.entries(value)) {
    if (typeof spec === 'string') out[name] = { type: spec };
    else if (isRecord(spec) && typeof spec.type === 'string')
      out[name] = Array.isArray(spec.enum)
        ? { type: spec.type, enum: spec.enum }
        : { type: spec.type };
  }
  return out;
}

function checkExample(
  report: Reporter,
  file: string,
  key: string,
  which: 'request' | 'response',
  section: Record<string, unknown>,
  path: DocPath,
): Diagnostic[] {
  const example = section.example;
  if (!isRecord(example)) return [];
  const required = fieldsOf(section.required);
  const optional = fieldsOf(section.optional);
  const declared = { ...optional, ...required };
  const examplePath = [...path, 'example'];
  const out: Diagnostic[] = [];
  const mismatch = (message: string, at: DocPath, target: PathTarget = 'value') =>
    out.push(
      report(
        'api-example-mismatch',
        `The example ${which} of step "${key}" ${message}`,
        file,
        at,
        target,
      ),
    );

  for (const name of Object.keys(required)) {
    if (!Object.hasOwn(example, name))
      mismatch(`lacks the required field \`${name}\`.`, examplePath, 'key');
  }
  const hasDeclarations = Object.keys(declared).length > 0;
  for (const [name, value] of Object.entries(example)) {
    const spec = declared[name];
    if (!spec) {
      if (hasDeclarations)
        mismatch(
          `has a field \`${name}\` that is not declared under required or optional.`,
          [...examplePath, name],
          'key',
        );
      continue;
    }
    if (!matchesType(value, spec.type))
      mismatch(`has \`${name}\` as ${typeName(value)}, but it is declared as ${spec.type}.`, [
        ...examplePath,
        name,
      ]);
    else if (spec.enum && !spec.enum.some((allowed) => allowed === value))
      mismatch(
        `has \`${name}\` = ${JSON.stringify(value)}, which is not one of its declared values.`,
        [...examplePath, name],
      );
  }
  return out;
}

export function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

/** Query parameters of a URL that look like credentials and are not ${secret:NAME} references. */
function inlineSecretParams(url: string): string[] {
  const query = url.split('?')[1];
  if (query === undefined) return [];
  return query
    .split('&')
    .map((pair) => pair.split('='))
    .filter(
      ([name, value]) =>
        name !== undefined &&
        value !== undefined &&
        value !== '' &&
        SENSITIVE_PARAM.test(name) &&
        !/^\$\{secret:[A-Z][A-Z0-9_]*\}$/.test(decodeURIComponentSafe(value)) &&
        !/^\{[^}]+\}$/.test(value),
    )
    .map(([name]) => name as string);
}

const SENSITIVE_PARAM =
  /^(access_?token|token|api_?key|apikey|key|secret|client_secret|password|passwd|auth|sig|signature)$/i;

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function suggestSecretName(stepKey: string): string {
  return `${stepKey.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_TOKEN`;
}
