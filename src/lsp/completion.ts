// Completion from the line being typed: it has to work while the file does not parse, so the
// context comes from the text (which field, which list, which step), and the knowledge from the
// workspace (step keys, also of files that are broken right now), the JSON Schemas (step types
// and their fields) and the variables hook.
import {
  CompletionItemKind,
  type CompletionItem,
  type CompletionList,
  type Position,
} from 'vscode-languageserver';
import { STEP_TYPES } from '../steps/index.js';
import { STEP_KEY_FIELDS } from '../steps/roles.js';
import { isRecord } from '../model/json.js';
import { schemaDocument } from '../validate/schemas.js';
import { yamlKey } from './rename.js';
import type { VariableInfo } from './variables.js';

export interface CompletionSource {
  keys: readonly string[];
  /** The type of a known step, for the item's detail. */
  typeOf(key: string): string | undefined;
  variables(stepKey: string | undefined): VariableInfo[];
}

/** More items than this are cut (the list is then marked incomplete and asked again as the user types). */
const MAX_ITEMS = 500;
/** `next:`, `goto:`, every transition field of the registry (`no_operator:`...), and `start:`. */
const STEP_KEY_FIELD = new RegExp(
  `^\\s*(?:-\\s+)?(${[...STEP_KEY_FIELDS, 'start'].join('|')}):\\s*(["']?)([^"'\\s]*)$`,
);
const FLOW_LIST = /^\s*(entries|renamed_from):\s*\[(?:[^\]]*,)?\s*(["']?)([^"',\s\]]*)$/;
const BLOCK_ITEM = /^(\s*)-\s+(["']?)([^"'\s:]*)$/;
const TYPE_FIELD = /^(\s*)type:\s*([A-Za-z_]*)$/;
const FIELD_NAME = /^(\s*)([A-Za-z_]*)$/;
const CONDITION = /^\s*(?:-\s+)?if:\s/;

export function completeAt(
  text: string,
  position: Position,
  source: CompletionSource,
): CompletionList {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const line = lines[position.line] ?? '';
  const before = line.slice(0, position.character);
  const replace = (partial: string) => ({
    start: { line: position.line, character: position.character - partial.length },
    end: position,
  });

  const open = before.lastIndexOf('{{');
  if ((open >= 0 && open > before.lastIndexOf('}}')) || CONDITION.test(before)) {
    const partial = /[A-Za-z0-9_.]*$/.exec(before)?.[0] ?? '';
    const step = enclosingStep(lines, position.line);
    const items = source.variables(step).map(
      (v): CompletionItem => ({
        label: v.name,
        kind: CompletionItemKind.Variable,
        detail: v.detail,
        textEdit: { range: replace(partial), newText: v.name },
      }),
    );
    return { isIncomplete: false, items };
  }

  const keyContext =
    STEP_KEY_FIELD.exec(before) ??
    FLOW_LIST.exec(before) ??
    blockListItem(lines, position.line, before);
  if (keyContext) {
    const quoted = keyContext[2] !== '';
    const partial = keyContext[3] ?? '';
    return stepKeyItems(source, partial, replace(partial), quoted);
  }

  const typeMatch = TYPE_FIELD.exec(before);
  if (typeMatch && enclosingStep(lines, position.line) !== undefined) {
    const partial = typeMatch[2] ?? '';
    return {
      isIncomplete: false,
      items: STEP_TYPES.map((t) => ({
        label: t,
        kind: CompletionItemKind.EnumMember,
        documentation: schemaDescription(`step-${t}.schema.json`),
        textEdit: { range: replace(partial), newText: t },
      })),
    };
  }

  const field = FIELD_NAME.exec(before);
  if (field) {
    const indent = (field[1] ?? '').length;
    const partial = field[2] ?? '';
    const present = siblingKeys(lines, position.line, indent);
    if (indent === 0)
      return fieldItems(propertiesOf('scenario.schema.json'), present, replace(partial));
    const parent = parentKey(lines, position.line, indent);
    if (
      parent &&
      parent.indent > 0 &&
      parentKey(lines, parent.line, parent.indent)?.key === 'steps'
    ) {
      const type = present.get('type');
      const schema =
        type !== undefined && (STEP_TYPES as readonly string[]).includes(type)
          ? `step-${type}.schema.json`
          : 'step.schema.json';
      return fieldItems(propertiesOf(schema), present, replace(partial));
    }
  }
  return { isIncomplete: false, items: [] };
}

function stepKeyItems(
  source: CompletionSource,
  partial: string,
  range: { start: Position; end: Position },
  quoted: boolean,
): CompletionList {
  const wanted = partial.toLowerCase();
  const matching =
    wanted === '' ? source.keys : source.keys.filter((k) => k.toLowerCase().includes(wanted));
  const items = matching.slice(0, MAX_ITEMS).map((key): CompletionItem => {
    const type = source.typeOf(key);
    return {
      label: key,
      kind: CompletionItemKind.Reference,
      ...(type ? { detail: `${type} step` } : {}),
      filterText: key,
      textEdit: { range, newText: quoted ? key : yamlKey(key) },
    };
  });
  return { isIncomplete: matching.length > MAX_ITEMS, items };
}

/** `- ite|` under `entries:` or `renamed_from:`. */
function blockListItem(
  lines: readonly string[],
  lineIndex: number,
  before: string,
): RegExpExecArray | null {
  const match = BLOCK_ITEM.exec(before);
  if (!match) return null;
  const parent = parentKey(lines, lineIndex, (match[1] ?? '').length + 1);
  return parent && (parent.key === 'entries' || parent.key === 'renamed_from') ? match : null;
}

interface KeyLine {
  key: string;
  indent: number;
  line: number;
}

const KEY_LINE = /^(\s*)(?:-\s+)?(["']?)([^"'#:]+?)\2:(?:\s|$)/;

/** The nearest mapping key above `lineIndex` that is indented less than `indent`. */
function parentKey(
  lines: readonly string[],
  lineIndex: number,
  indent: number,
): KeyLine | undefined {
  for (let i = lineIndex - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const own = line.length - line.trimStart().length;
    if (own >= indent) continue;
    const match = KEY_LINE.exec(line);
    if (match) return { key: match[3] ?? '', indent: own, line: i };
    if (own === 0) return undefined;
  }
  return undefined;
}

/** The step whose block the line is in: a key under the top-level `steps:`. */
function enclosingStep(lines: readonly string[], lineIndex: number): string | undefined {
  const line = lines[lineIndex] ?? '';
  let indent = line.length - line.trimStart().length;
  let at = lineIndex;
  for (;;) {
    const parent = parentKey(lines, at, indent);
    if (!parent) return undefined;
    if (parent.indent === 0) return undefined;
    const grand = parentKey(lines, parent.line, parent.indent);
    if (grand?.key === 'steps' && grand.indent === 0) return parent.key;
    indent = parent.indent;
    at = parent.line;
  }
}

/** Keys (and scalar values) of the mapping the line belongs to, at exactly `indent`. */
function siblingKeys(
  lines: readonly string[],
  lineIndex: number,
  indent: number,
): Map<string, string> {
  const out = new Map<string, string>();
  const scan = (i: number) => {
    const line = lines[i] ?? '';
    if (line.trim() === '' || line.trimStart().startsWith('#')) return true;
    const own = line.length - line.trimStart().length;
    if (own < indent) return false;
    const match =
      own === indent
        ? /^\s*(["']?)([^"'#:\s][^"'#:]*?)\1:\s*["']?([^"'#]*?)["']?\s*(?:#.*)?$/.exec(line)
        : null;
    if (match) out.set(match[2] ?? '', match[3] ?? '');
    return true;
  };
  for (let i = lineIndex - 1; i >= 0 && scan(i); i--);
  for (let i = lineIndex + 1; i < lines.length && scan(i); i++);
  return out;
}

interface FieldDoc {
  name: string;
  description: string | undefined;
}

function fieldItems(
  fields: FieldDoc[],
  present: ReadonlyMap<string, string>,
  range: { start: Position; end: Position },
): CompletionList {
  return {
    isIncomplete: false,
    items: fields
      .filter((f) => !present.has(f.name))
      .map((f) => ({
        label: f.name,
        kind: CompletionItemKind.Field,
        ...(f.description ? { documentation: f.description } : {}),
        textEdit: { range, newText: `${f.name}: ` },
      })),
  };
}

/** Property names and descriptions of a schema file, following `common.schema.json#/definitions/...` refs for descriptions. */
function propertiesOf(schemaName: string): FieldDoc[] {
  const properties = schemaDocument(schemaName)?.properties;
  if (!isRecord(properties)) return [];
  return Object.entries(properties).map(([name, raw]) => ({
    name,
    description: isRecord(raw) ? describe(raw) : undefined,
  }));
}

function describe(property: Record<string, unknown>): string | undefined {
  if (typeof property.description === 'string') return property.description;
  const ref = property.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('common.schema.json#/definitions/'))
    return undefined;
  const definitions = schemaDocument('common.schema.json')?.definitions;
  const target = isRecord(definitions)
    ? definitions[ref.slice('common.schema.json#/definitions/'.length)]
    : undefined;
  return isRecord(target) && typeof target.description === 'string'
    ? target.description
    : undefined;
}

function schemaDescription(schemaName: string): string | undefined {
  const description = schemaDocument(schemaName)?.description;
  return typeof description === 'string' ? description : undefined;
}
