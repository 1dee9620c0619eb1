// Assembles the scenario IR from the parsed files: steps from every file, the start step and
// entry points, with the structural errors only visible across files (a key defined twice,
// two starts). Reads defensively: a step with schema errors still takes part as far as it can,
// so one typo does not hide every other problem.
import { diagnosticFor } from '../diagnostics/make.js';
import type { Diagnostic, SourceLocator } from '../diagnostics/types.js';
import {
  COMMON_STEP_FIELDS,
  type Button,
  type EntryPoint,
  type Origin,
  type Scenario,
  type Step,
} from '../model/scenario.js';
import { isStepType } from '../steps/index.js';
import { isRecord } from '../model/json.js';

export interface SourceDocument {
  file: string;
  value: unknown;
  locator: SourceLocator;
}

export interface BuildResult {
  scenario: Scenario;
  /** Step keys that are defined but too broken to check (no valid type); they still count as existing. */
  brokenKeys: Set<string>;
  diagnostics: Diagnostic[];
}

// The schema reports these; keeping them out of the IR keeps them away from every later stage.
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function buildScenario(documents: readonly SourceDocument[]): BuildResult {
  const diagnostics: Diagnostic[] = [];
  const steps = new Map<string, Step>();
  const brokenKeys = new Set<string>();
  const firstDefinition = new Map<string, { locator: SourceLocator; path: (string | number)[] }>();
  let start: EntryPoint | null = null;
  let startLocator: SourceLocator | undefined;
  const entries: EntryPoint[] = [];

  for (const doc of documents) {
    if (!isRecord(doc.value)) continue;
    const root = doc.value;
    const startKey = str(root.start);
    if (startKey !== null) {
      if (start && startLocator) {
        const first = startLocator.locate(['start']);
        diagnostics.push(
          diagnosticFor(
            'duplicate-start',
            `The start step is set twice: here and in ${start.origin.file}:${first.line}:${first.column}.`,
            doc.locator,
            ['start'],
            'key',
            {
              related: [
                {
                  file: start.origin.file,
                  line: first.line,
                  column: first.column,
                  message: 'first set here',
                },
              ],
              hint: 'Set `start:` in exactly one file.',
            },
          ),
        );
      } else {
        start = { key: startKey, origin: { file: doc.file, path: ['start'] } };
        startLocator = doc.locator;
      }
    }
    if (Array.isArray(root.entries)) {
      root.entries.forEach((entry, index) => {
        if (typeof entry === 'string')
          entries.push({ key: entry, origin: { file: doc.file, path: ['entries', index] } });
      });
    }
    if (!isRecord(root.steps)) continue;
    for (const [key, raw] of Object.entries(root.steps)) {
      const path = ['steps', key];
      const previous = firstDefinition.get(key);
      if (previous) {
        const first = previous.locator.locate(previous.path, 'key');
        diagnostics.push(
          diagnosticFor(
            'duplicate-step',
            `Step "${key}" is defined twice: here and in ${previous.locator.file}:${first.line}:${first.column}.`,
            doc.locator,
            path,
            'key',
            {
              related: [
                {
                  file: previous.locator.file,
                  line: first.line,
                  column: first.column,
                  message: 'first defined here',
                },
              ],
              hint: 'Step keys are unique across all files of a scenario. Rename or remove one of them.',
            },
          ),
        );
        continue;
      }
      firstDefinition.set(key, { locator: doc.locator, path });
      const step = RESERVED_KEYS.has(key) ? undefined : readStep(key, raw, doc.file);
      if (step) steps.set(key, step);
      else brokenKeys.add(key);
    }
  }
  return { scenario: { start, entries, steps }, brokenKeys, diagnostics };
}

// A button knows where it was written, but makes that origin only when asked (a diagnostic, an
// editor): a 50,000-step shop has 200,000 buttons, and an object and an array each for their
// origins were a fifth of validate's garbage.
class ScenarioButton implements Button {
  readonly #file: string;
  readonly #step: string;
  readonly #index: number;
  constructor(
    readonly text: string,
    readonly goto: string | null,
    readonly url: string | null,
    file: string,
    step: string,
    index: number,
  ) {
    this.#file = file;
    this.#step = step;
    this.#index = index;
  }
  get origin(): Origin {
    return { file: this.#file, path: ['steps', this.#step, 'menu', this.#index] };
  }
  /** Serialised like a plain button, origin included. */
  toJSON(): Button {
    return { text: this.text, goto: this.goto, url: this.url, origin: this.origin };
  }
}

function readStep(key: string, raw: unknown, file: string): Step | undefined {
  if (!isRecord(raw) || !isStepType(raw.type)) return undefined;
  const path = ['steps', key];
  // Plain loops: this runs once per step of scenarios with 50,000 of them.
  const fields: Record<string, unknown> = {};
  for (const name of Object.keys(raw)) {
    if (COMMON_STEP_FIELDS.has(name)) continue;
    // `__proto__` stays a field (the schema reports it), not the object's prototype.
    if (name === '__proto__')
      Object.defineProperty(fields, name, {
        value: raw[name],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else fields[name] = raw[name];
  }
  const menu: Button[] = [];
  if (Array.isArray(raw.menu)) {
    const items: unknown[] = raw.menu;
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      if (isRecord(item))
        menu.push(
          new ScenarioButton(str(item.text) ?? '', str(item.goto), str(item.url), file, key, index),
        );
    }
  }
  return {
    key,
    type: raw.type,
    text: str(raw.text) ?? '',
    next: str(raw.next),
    menu,
    end: raw.end === true,
    protect: raw.protect === true,
    renamedFrom: Array.isArray(raw.renamed_from)
      ? raw.renamed_from.filter((k): k is string => typeof k === 'string')
      : [],
    fields,
    origin: { file, path },
  };
}
