// Checks real responses against schemas/hightouch.openapi.json: the documented status for the
// operation, and the body against that response's schema (ajv, JSON Schema 2020-12).
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const OPENAPI_FILE = new URL('../../schemas/hightouch.openapi.json', import.meta.url);

interface MediaType {
  schema?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface ResponseObject {
  $ref?: string;
  description?: string;
  content?: Record<string, MediaType>;
  headers?: Record<string, unknown>;
}
interface Operation {
  responses: Record<string, ResponseObject>;
  requestBody?: { content: Record<string, MediaType> };
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation | unknown>>;
  components: { responses: Record<string, ResponseObject>; schemas: Record<string, unknown> };
}

export const METHODS = ['get', 'post', 'patch', 'delete', 'put'] as const;

function loadOpenApi(): OpenApiDoc {
  return JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as OpenApiDoc;
}

const pointer = (...parts: string[]): string =>
  `#/${parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

export interface OpenApiChecker {
  doc: OpenApiDoc;
  /** Problems with this exchange; empty when it matches the description. */
  check(method: string, pathname: string, status: number, body: unknown): string[];
  /** A validator for the schema at a JSON pointer into the document. */
  validator(jsonPointer: string): ValidateFunction;
  /** "METHOD /template/ STATUS" for every documented response seen by check(). */
  seen: Set<string>;
  operation(
    method: string,
    pathname: string,
  ): { template: string; operation: Operation } | undefined;
}

export function createOpenApiChecker(doc: OpenApiDoc = loadOpenApi()): OpenApiChecker {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(doc as unknown as object, 'openapi.json');
  const cache = new Map<string, ValidateFunction>();
  const validator = (jsonPointer: string): ValidateFunction => {
    let v = cache.get(jsonPointer);
    if (!v) {
      v = ajv.compile({ $ref: `openapi.json${jsonPointer}` });
      cache.set(jsonPointer, v);
    }
    return v;
  };
  const templates = Object.keys(doc.paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
  const seen = new Set<string>();
  const operation = (method: string, pathname: string) => {
    const found = templates.find((t) => t.pattern.test(pathname));
    if (!found) return undefined;
    const op = doc.paths[found.template]?.[method.toLowerCase()] as Operation | undefined;
    return op ? { template: found.template, operation: op } : undefined;
  };
  const errorSchema = pointer('components', 'schemas', 'Error');
  return {
    doc,
    seen,
    validator,
    operation,
    check(method, pathname, status, body) {
      const found = operation(method, pathname);
      if (!found) {
        // Outside the described operations only 404 (no such path) and 405 (no such method) exist.
        if (status !== 404 && status !== 405)
          return [`${method} ${pathname}: undocumented operation answered ${status}`];
        const v = validator(errorSchema);
        return v(body) ? [] : [`${method} ${pathname} ${status}: ${ajv.errorsText(v.errors)}`];
      }
      const { template, operation: op } = found;
      let response = op.responses[String(status)];
      let where = pointer('paths', template, method.toLowerCase(), 'responses', String(status));
      if (!response) return [`${method} ${template}: status ${status} is not documented`];
      seen.add(`${method.toUpperCase()} ${template} ${status}`);
      if (response.$ref) {
        const name = response.$ref.split('/').pop() ?? '';
        response = doc.components.responses[name] ?? {};
        where = pointer('components', 'responses', name);
      }
      const media = response.content?.['application/json'];
      if (!media)
        return body === undefined
          ? []
          : [`${method} ${template} ${status}: documented without a body, got one`];
      const v = validator(`${where}/content/application~1json/schema`);
      return v(body)
        ? []
        : [
            `${method} ${template} ${status}: ${ajv.errorsText(v.errors)} in ${JSON.stringify(body).slice(0, 300)}`,
          ];
    },
  };
}
