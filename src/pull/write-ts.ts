// A pulled scenario as a TypeScript DSL file: builder calls for steps and buttons, strings as
// literals (multi-line texts as template literals), fields in canonical order.
import type { Json } from '../plan/canonical.js';
import { isStepType, LIST_TRANSITIONS, STEP_REGISTRY, stepSpec } from '../steps/index.js';
import type { PulledScenario, PulledStep } from './to-document.js';

const BUILDERS: readonly string[] = STEP_REGISTRY.map((spec) => spec.builder);
const LIST_BY_FIELD = new Map(LIST_TRANSITIONS.map((t) => [t.field, t]));
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function pulledToTs(scenario: PulledScenario): string {
  const used = new Set<string>(['scenario']);
  const steps = scenario.steps.map((step) => writeStep(step, used));
  const imports = [...used].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const lines = [
    `import { ${imports.join(', ')} } from 'botform';`,
    '',
    'export default scenario({',
  ];
  if (scenario.start !== null) lines.push(`  start: ${str(scenario.start)},`);
  if (scenario.entries.length > 0)
    lines.push(`  entries: [${scenario.entries.map(str).join(', ')}],`);
  lines.push('  steps: {');
  steps.forEach((text, i) => {
    if (i > 0) lines.push('');
    lines.push(text);
  });
  lines.push('  },', '});', '');
  return lines.join('\n');
}

function order(name: string): number {
  if (name === 'scenario') return 0;
  return BUILDERS.includes(name) ? 1 : 2;
}

function writeStep(step: PulledStep, used: Set<string>): string {
  const type = String(step.fields.find(([k]) => k === 'type')?.[1]);
  // Pull only writes steps of known types (it reads them through the registry), so this holds.
  const builder = isStepType(type) ? stepSpec(type).builder : type;
  used.add(builder);
  const body = step.fields
    .filter(([k]) => k !== 'type')
    .map(
      ([k, v]) =>
        `      ${prop(k)}: ${k === 'menu' ? menu(v, used) : LIST_BY_FIELD.has(k) ? pairs(k, v, used) : value(v, 6)},`,
    )
    .join('\n');
  return `    ${prop(step.key)}: ${builder}({\n${body}\n    }),`;
}

function menu(v: Json, used: Set<string>): string {
  if (!Array.isArray(v)) return value(v, 6);
  const items = v.map((b) => {
    const button = b as { text: string; goto?: string; url?: string };
    if (button.goto !== undefined) {
      used.add('button');
      return `button(${str(button.text)}, ${str(button.goto)})`;
    }
    used.add('link');
    return `link(${str(button.text)}, ${str(button.url ?? '')})`;
  });
  return `[\n${items.map((i) => `        ${i},`).join('\n')}\n      ]`;
}

/** Branches and variants with the when()/variant() helpers, when they have exactly their two fields. */
function pairs(key: string, v: Json, used: Set<string>): string {
  const list = LIST_BY_FIELD.get(key);
  if (!list) return value(v, 6);
  const { helper } = list;
  const first = list.itemOrder[0] ?? 'goto';
  const simple =
    Array.isArray(v) &&
    v.every(
      (x) =>
        x !== null &&
        typeof x === 'object' &&
        !Array.isArray(x) &&
        Object.keys(x).sort().join() === [first, 'goto'].sort().join(),
    );
  if (!simple || !Array.isArray(v)) return value(v, 6);
  used.add(helper);
  const items = v.map((x) => {
    const item = x as Record<string, Json>;
    return `${helper}(${value(item[first] as Json, 8)}, ${value(item.goto as Json, 8)})`;
  });
  return `[\n${items.map((i) => `        ${i},`).join('\n')}\n      ]`;
}

function value(v: Json, indent: number): string {
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v === 'string') return str(v);
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(v))
    return v.length === 0
      ? '[]'
      : `[\n${v.map((x) => `${pad}${value(x, indent + 2)},`).join('\n')}\n${' '.repeat(indent)}]`;
  const entries = Object.entries(v);
  return entries.length === 0
    ? '{}'
    : `{\n${entries.map(([k, x]) => `${pad}${prop(k)}: ${value(x, indent + 2)},`).join('\n')}\n${' '.repeat(indent)}}`;
}

function prop(key: string): string {
  return IDENTIFIER.test(key) ? key : str(key);
}

function str(s: string): string {
  if (s.includes('\n'))
    return `\`${s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
  return `'${s
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')}'`;
}
