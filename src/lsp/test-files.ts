// The editor in conversation test files (*.test.yaml): the test checker's diagnostics as you
// type (schema and scenario checks, conversations/), completion read from the line being typed
// (it must work while the file does not parse) — step keys, the button labels offered where the
// conversation is at that line, operation keys for stubs/called/not_called, an operation's
// declared statuses — and definition from a step named in a test to the scenario.
import {
  CompletionItemKind,
  type CompletionItem,
  type CompletionList,
  type Position,
} from 'vscode-languageserver';
import { checkTestFile, offeredLabels } from '../conversations/check.js';
import { parseTestText, withLocators } from '../conversations/load.js';
import { fillTestVariables, type TestVariables } from '../conversations/variables.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { isRecord } from '../model/json.js';
import type { Scenario, Step } from '../model/scenario.js';

const TEST_FILE = /\.test\.ya?ml$/;

export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path);
}

/** The problems `botform test` would report in this file before running (no test is run). */
export function checkTestText(
  file: string,
  text: string,
  scenario: Scenario | undefined,
  variables?: TestVariables,
): Diagnostic[] {
  const parsed = parseTestText(file, text);
  if (!parsed.file || !scenario) return parsed.diagnostics;
  // ${var.NAME} filled in with the values the scenario got, as `botform test` does.
  const filled = variables
    ? fillTestVariables(withLocators([parsed.file]), variables)
    : { files: withLocators([parsed.file]), diagnostics: [] };
  const [withLocator] = filled.files;
  return withLocator
    ? [...parsed.diagnostics, ...filled.diagnostics, ...checkTestFile(withLocator, scenario)]
    : [];
}

/** Where a test names a step: `step:`, `start:`, `operation:`, `not_called:`, `not_entered:`, a stub's key. */
const STEP_VALUE =
  /^\s*(?:-\s+)?(?:(?:bot|user):\s*\{.*?)?\b(step|start|operation|not_called|not_entered):\s*(?:\[(?:[^[\]{},]*,)*\s*)?(["']?)([^"'\s,}\]]*)$/;
const FLOW_STEP_VALUE =
  /[{,]\s*(step|operation|not_called|not_entered):\s*(?:\[(?:[^[\]{},]*,)*\s*)?(["']?)([^"'\s,}\]]*)$/;
const PRESS = /\bpress:\s*(["']?)([^"'}]*)$/;
const STATUS = /\bstatus:\s*(\d*)$/;
const STUB_KEY = /^(\s*)([A-Za-z0-9_]*)$/;
const FLOW_STUB_KEY = /\bstubs:\s*\{(?:[^{}]*\{[^{}]*\}\s*,)*\s*([A-Za-z0-9_]*)$/;

export function completeInTest(
  text: string,
  position: Position,
  scenario: Scenario,
): CompletionList {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const before = (lines[position.line] ?? '').slice(0, position.character);
  const range = (partial: string) => ({
    start: { line: position.line, character: position.character - partial.length },
    end: position,
  });
  const list = (items: CompletionItem[]): CompletionList => ({ isIncomplete: false, items });
  const steps = (partial: string, keep: (s: Step) => boolean): CompletionList =>
    list(
      [...scenario.steps.values()]
        .filter((s) => keep(s) && s.key.toLowerCase().includes(partial.toLowerCase()))
        .slice(0, 500)
        .map((s) => ({
          label: s.key,
          kind: CompletionItemKind.Reference,
          detail: `${s.type} step`,
          textEdit: { range: range(partial), newText: s.key },
        })),
    );
  const isOperation = (s: Step) => s.type === 'operation';

  const press = PRESS.exec(before);
  if (press) {
    const partial = press[2] ?? '';
    const at = conversationPoint(lines, position.line, scenario);
    const labels = at ? offeredLabels(at) : [];
    return list(
      labels
        .filter((l) => l.toLowerCase().includes(partial.toLowerCase()))
        .map((label) => ({
          label,
          kind: CompletionItemKind.Value,
          ...(at ? { detail: `a button of step "${at.key}"` } : {}),
          textEdit: {
            range: range(partial),
            newText:
              press[1] === '' && /[:#{}[\],&*!|>'"%@`]|^\s|\s$/.test(label)
                ? JSON.stringify(label)
                : label,
          },
        })),
    );
  }
  const named = FLOW_STEP_VALUE.exec(before) ?? STEP_VALUE.exec(before);
  if (named) {
    const partial = named[3] ?? '';
    return steps(
      partial,
      named[1] === 'operation' || named[1] === 'not_called' ? isOperation : () => true,
    );
  }
  const status = STATUS.exec(before);
  if (status) {
    const operation = stubOperation(lines, position.line, before, scenario);
    if (operation) {
      const api = isRecord(operation.fields.api) ? operation.fields.api : {};
      const errors = Array.isArray(api.errors) ? api.errors.filter(isRecord) : [];
      const statuses = [200, ...errors.map((e) => e.status).filter((s) => typeof s === 'number')];
      const partial = status[1] ?? '';
      return list(
        statuses
          .filter((s) => String(s).startsWith(partial))
          .map((s) => ({
            label: String(s),
            kind: CompletionItemKind.EnumMember,
            detail:
              s === 200
                ? 'success: the declared example'
                : String(errors.find((e) => e.status === s)?.message ?? 'a declared error'),
            textEdit: { range: range(partial), newText: String(s) },
          })),
      );
    }
  }
  const flowStub = FLOW_STUB_KEY.exec(before);
  if (flowStub) return steps(flowStub[1] ?? '', isOperation);
  const key = STUB_KEY.exec(before);
  if (key && parentKeyName(lines, position.line, (key[1] ?? '').length) === 'stubs')
    return steps(key[2] ?? '', isOperation);
  return list([]);
}

/**
 * The step the bot waits at on this line of a test: the `step:` of the latest bot turn above it
 * in the same test, else the test's `start:`, else the scenario's start.
 */
function conversationPoint(
  lines: readonly string[],
  lineIndex: number,
  scenario: Scenario,
): Step | undefined {
  // The first turn found going up is the one being typed; a user turn above it means the
  // bot's step there is not known (no bot turn says it).
  let ownTurn = true;
  for (let i = lineIndex; i >= 0; i--) {
    const line = lines[i] ?? '';
    const turn = /^\s*-\s+(bot|user):/.exec(line)?.[1];
    if (i !== lineIndex) {
      const step = /\bstep:\s*["']?([^"',}\s]+)/.exec(line);
      if (step?.[1]) return scenario.steps.get(step[1]);
    }
    if (turn !== undefined) {
      if (!ownTurn && turn === 'user') return undefined;
      ownTurn = false;
    }
    if (/^\s*-\s+name:/.test(line)) {
      const start = lines
        .slice(i, lineIndex)
        .map((l) => /^\s*start:\s*["']?([^"'\s]+)/.exec(l)?.[1])
        .find((k) => k !== undefined);
      const key = start ?? scenario.start?.key;
      return key === undefined ? undefined : scenario.steps.get(key);
    }
  }
  return undefined;
}

/** The operation whose stub a `status:` belongs to: `key: {status: |` or a block under `key:`. */
function stubOperation(
  lines: readonly string[],
  lineIndex: number,
  before: string,
  scenario: Scenario,
): Step | undefined {
  const flow = /([A-Za-z0-9_]+):\s*\{[^{}]*$/.exec(before);
  if (flow?.[1] && flow[1] !== 'stubs') return scenario.steps.get(flow[1]);
  const indent = /^\s*/.exec(before)?.[0].length ?? 0;
  for (let i = lineIndex - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    const m = /^(\s*)([A-Za-z0-9_]+):\s*$/.exec(line);
    if (m && (m[1] ?? '').length < indent) return scenario.steps.get(m[2] ?? '');
  }
  return undefined;
}

function parentKeyName(
  lines: readonly string[],
  lineIndex: number,
  indent: number,
): string | undefined {
  for (let i = lineIndex - 1; i >= 0; i--) {
    const m = /^(\s*)(?:-\s+)?([A-Za-z0-9_]+):/.exec(lines[i] ?? '');
    if (m && (m[1] ?? '').length < indent) return m[2];
  }
  return undefined;
}

/** The step key under the cursor where a test names one (for go to definition). */
export function stepNameAt(text: string, position: Position): string | undefined {
  const line = text.split('\n')[position.line]?.replace(/\r$/, '') ?? '';
  const pattern =
    /\b(?:step|start|operation|not_called|not_entered):\s*\[?\s*["']?([A-Za-z0-9_][^"',}\]\s]*)|^\s*([A-Za-z0-9_]+):\s*\{?\s*status:/g;
  for (const m of line.matchAll(pattern)) {
    const key = m[1] ?? m[2];
    if (!key) continue;
    const start = line.indexOf(key, m.index);
    if (position.character >= start && position.character <= start + key.length) return key;
  }
  return undefined;
}
