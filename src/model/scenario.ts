// The scenario IR: what every loader (YAML, the TypeScript DSL) produces and every later stage
// (graph checks, plan, pull, the conversation interpreter) consumes. It holds names, not ids,
// and each part remembers where it was written (file + document path) for diagnostics.
import type { DocPath } from '../diagnostics/types.js';
import type { StepType } from '../steps/index.js';

export interface Origin {
  file: string;
  path: DocPath;
}

export interface Button {
  text: string;
  goto: string | null;
  url: string | null;
  origin: Origin;
}

export interface Step {
  key: string;
  type: StepType;
  /** "" when the step type has no text (condition, randomizer) or none was given. */
  text: string;
  next: string | null;
  menu: Button[];
  end: boolean;
  protect: boolean;
  renamedFrom: string[];
  /**
   * Type-specific fields exactly as written (branches, else, variants, on_error, api, fields,
   * seconds, ...). Transitions inside them are read through graph/transitions.ts.
   */
  fields: Record<string, unknown>;
  origin: Origin;
}

export interface EntryPoint {
  key: string;
  origin: Origin;
}

export interface Scenario {
  start: EntryPoint | null;
  entries: EntryPoint[];
  /** In a stable order: by file, then as written. */
  steps: Map<string, Step>;
}

/** Where conversations start: the start step, then the entry points, by key. */
export function conversationStarts(scenario: Scenario): string[] {
  return [...(scenario.start ? [scenario.start.key] : []), ...scenario.entries.map((e) => e.key)];
}

/** Fields of a step that are common to all types and so are not part of `fields`. */
export const COMMON_STEP_FIELDS = new Set([
  'type',
  'text',
  'next',
  'menu',
  'end',
  'protect',
  'renamed_from',
]);
