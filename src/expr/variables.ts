// Where each variable comes from and what type it has: the steps that save it (as their types'
// registry entries declare: a question's save_as typed by `expect`, an operation's save_as shaped
// by its declared response, the fields of a form or an order), the config's `variables:`, and
// the platform's built-ins.
import type { Scenario, Step } from '../model/scenario.js';
import { isRecord } from '../model/json.js';
import { savedVariablesOf, type SavedType } from '../steps/roles.js';
import { ANY, BOOL, BUILT_INS, listOf, mergeTypes, NUMBER, STRING, type VarType } from './types.js';

/** A config's `variables:` entry: a type name, or a map of fields for an object. */
export type VariableSpec = string | { [field: string]: VariableSpec };

/** The type of a config variable spec: string, number, bool/boolean, list, map/object, any; a mapping is an object. */
function typeFromSpec(spec: VariableSpec): VarType {
  if (typeof spec === 'string') return scalarType(spec);
  const fields = new Map<string, VarType>();
  for (const k of Object.keys(spec)) fields.set(k, typeFromSpec(spec[k] as VariableSpec));
  return { kind: 'object', fields };
}

function scalarType(name: string): VarType {
  switch (name) {
    case 'string':
    case 'text':
    case 'email':
    case 'phone':
    case 'date':
      return STRING;
    case 'number':
    case 'integer':
      return NUMBER;
    case 'bool':
    case 'boolean':
      return BOOL;
    case 'list':
    case 'array':
      return listOf(ANY);
    default:
      // object, map, null, any: no checks on what is inside.
      return ANY;
  }
}

/** A declared API field type: `string` or `{type: string, ...}`. Dotted names nest. */
function responseShape(response: unknown): VarType {
  if (!isRecord(response)) return ANY;
  const root = new Map<string, VarType>();
  for (const part of ['required', 'optional'] as const) {
    const fields = response[part];
    if (!isRecord(fields)) continue;
    for (const name of Object.keys(fields)) {
      const spec = fields[name];
      const typeName =
        typeof spec === 'string'
          ? spec
          : isRecord(spec) && typeof spec.type === 'string'
            ? spec.type
            : 'any';
      insertDotted(root, name.split('.'), scalarType(typeName));
    }
  }
  // A response with no declared fields is not checked.
  return root.size === 0 ? ANY : { kind: 'object', fields: root };
}

function insertDotted(into: Map<string, VarType>, names: string[], type: VarType): void {
  const [head, ...rest] = names;
  if (head === undefined) return;
  if (rest.length === 0) {
    const before = into.get(head);
    into.set(head, before ? mergeTypes(before, type) : type);
    return;
  }
  const existing = into.get(head);
  const inner = new Map(existing?.kind === 'object' ? existing.fields : []);
  insertDotted(inner, rest, type);
  into.set(head, { kind: 'object', fields: inner });
}

function savedType(type: SavedType, holder: Readonly<Record<string, unknown>>): VarType {
  switch (type.from) {
    case 'fixed':
      return scalarType(type.kind);
    case 'answer-kind': {
      const kind = holder[type.key];
      return scalarType(typeof kind === 'string' ? kind : type.default);
    }
    case 'api-response': {
      const api = holder[type.key];
      return isRecord(api) ? responseShape(api.response) : ANY;
    }
    default:
      return unknownSource(type);
  }
}

function unknownSource(type: never): VarType {
  throw new Error(`a saved variable's type comes from an unknown source: ${JSON.stringify(type)}`);
}

/** The variables a step saves (as its type's registry entry declares), with their types. */
export function savedBy(step: Step): Map<string, VarType> {
  const out = new Map<string, VarType>();
  for (const saved of savedVariablesOf(step.type, step.fields)) {
    out.set(saved.name, savedType(saved.saves.type, saved.holder));
  }
  return out;
}

/** The variables a step has set before it says its field `field`: those it saves before that message. */
export function savedBefore(step: Step, field: string): Set<string> {
  const out = new Set<string>();
  for (const saved of savedVariablesOf(step.type, step.fields))
    if (saved.saves.setBefore.includes(field)) out.add(saved.name);
  return out;
}

export interface VariableTable {
  /** Every name an expression may read, with its type. */
  types: Map<string, VarType>;
  /** Names that are always set (built-ins and config variables): never "maybe unset". */
  alwaysSet: Set<string>;
  /** The steps that save each scenario variable. */
  savers: Map<string, string[]>;
}

export function variableTable(
  scenario: Scenario,
  configVariables: ReadonlyMap<string, VariableSpec>,
): VariableTable {
  const types = new Map<string, VarType>();
  const alwaysSet = new Set<string>();
  const savers = new Map<string, string[]>();
  for (const [name, builtIn] of BUILT_INS) {
    types.set(name, builtIn.type);
    alwaysSet.add(name);
  }
  for (const [name, spec] of configVariables) {
    const type = typeFromSpec(spec);
    const before = types.get(name);
    types.set(name, before ? mergeTypes(before, type) : type);
    alwaysSet.add(name);
  }
  const saved = new Map<string, VarType>();
  for (const step of scenario.steps.values()) {
    for (const [name, type] of savedBy(step)) {
      const before = saved.get(name);
      saved.set(name, before ? mergeTypes(before, type) : type);
      const list = savers.get(name) ?? [];
      list.push(step.key);
      savers.set(name, list);
    }
  }
  for (const [name, type] of saved) {
    const before = types.get(name);
    // A saved variable named like a built-in (an operation saved as `order`) adds its fields.
    types.set(
      name,
      before && before.kind === 'object' && type.kind === 'object'
        ? mergeTypes(before, type)
        : type,
    );
  }
  return { types, alwaysSet, savers };
}
