// Renaming a step: every place that names it (its key, transitions, start, entries) in every
// file, and in the conversation tests (*.test.yaml: start, bot step, random, stubs, called), plus
// the old key added to its `renamed_from` — or, renaming a step back to a name in that list, the
// name replaced by the old key, so a step's own key is never in it — as one WorkspaceEdit.
// Refused when the new key exists already, is not a valid key, or the step lives in a TypeScript
// file (its builders are renamed with TypeScript's own rename).
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { parseTestText } from '../conversations/load.js';
import { lazyYamlLocator } from '../load/yaml-locator.js';
import { testStepReferences } from '../conversations/step-refs.js';
import { isTypeScriptFile } from '../load/find-files.js';
import { schemaValidator } from '../validate/schemas.js';
import { referencesTo } from './navigation.js';
import { lineAt, toLspRange } from './positions.js';
import type { Snapshot } from './workspace.js';

export type RenameResult = { ok: true; edit: WorkspaceEdit } | { ok: false; message: string };

/** A conversation test file as the editor has it (unsaved text first). */
export interface TestText {
  absolute: string;
  text: string;
}

export function renameStep(
  snapshot: Snapshot,
  oldKey: string,
  newKey: string,
  tests: readonly TestText[] = [],
): RenameResult {
  const step = snapshot.result.scenario.steps.get(oldKey);
  if (!step) return { ok: false, message: `There is no step "${oldKey}" to rename.` };
  if (newKey === oldKey) return { ok: false, message: 'The new key is the same as the old one.' };
  if (snapshot.result.scenario.steps.has(newKey))
    return { ok: false, message: `A step "${newKey}" already exists; pick another key.` };
  if (!isValidKey(newKey))
    return {
      ok: false,
      message: `"${newKey}" is not a valid step key (no control characters, no leading or trailing spaces, at most 255 characters).`,
    };
  const places = referencesTo(snapshot, oldKey, true);
  const inTypeScript = places.find((o) => isTypeScriptFile(o.file));
  if (inTypeScript)
    return {
      ok: false,
      message: `"${oldKey}" is named in ${inTypeScript.file}; rename steps of TypeScript scenarios with TypeScript's own rename.`,
    };

  const changes: Record<string, TextEdit[]> = Object.create(null) as Record<string, TextEdit[]>;
  const addAt = (absolute: string, edit: TextEdit) => {
    const uri = pathToFileURL(absolute).href;
    const list = changes[uri] ?? [];
    list.push(edit);
    changes[uri] = list;
  };
  const add = (file: string, edit: TextEdit) => addAt(snapshot.absolute(file), edit);
  for (const o of places) add(o.file, { range: toLspRange(o.range), newText: yamlKey(newKey) });
  for (const test of tests) {
    const parsed = parseTestText(test.absolute, test.text);
    const locator = lazyYamlLocator(test.absolute, test.text);
    for (const t of parsed.file?.tests ?? [])
      for (const ref of testStepReferences(t))
        if (ref.key === oldKey)
          addAt(test.absolute, {
            range: toLspRange(locator.locate(ref.path, ref.target)),
            newText: yamlKey(newKey),
          });
  }
  const back = step.renamedFrom.indexOf(newKey);
  if (back >= 0) {
    // Back to an old name: that name leaves the list (the step's own key may not be in it) and
    // the key it had until now takes its place, unless it is listed already.
    const locator = snapshot.result.locators.get(step.origin.file);
    if (!locator || step.renamedFrom.includes(oldKey))
      return {
        ok: false,
        message: `"${newKey}" is in the renamed_from of "${oldKey}"; edit that list by hand.`,
      };
    add(step.origin.file, {
      range: toLspRange(locator.locate([...step.origin.path, 'renamed_from', back])),
      newText: yamlKey(oldKey),
    });
  } else if (!step.renamedFrom.includes(oldKey)) {
    const insert = renamedFromEdit(snapshot, oldKey);
    if (!insert)
      return {
        ok: false,
        message: `Could not find where to add \`renamed_from\` to "${oldKey}"; rename it by hand.`,
      };
    add(step.origin.file, insert);
  }
  return { ok: true, edit: { changes } };
}

function isValidKey(key: string): boolean {
  const validate = schemaValidator('common.schema.json#/definitions/stepKey');
  return validate(key) === true;
}

/** A key or reference as YAML: plain when that is unambiguous, double-quoted (JSON) otherwise. */
export function yamlKey(key: string): string {
  const plain =
    /^[A-Za-z_][A-Za-z0-9_.\-/]*$/.test(key) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(key);
  return plain ? key : JSON.stringify(key);
}

/** Where `renamed_from` goes: appended to an existing list, or a new field in fmt's order (before end/protect). */
function renamedFromEdit(snapshot: Snapshot, oldKey: string): TextEdit | undefined {
  const step = snapshot.result.scenario.steps.get(oldKey);
  const text = step ? snapshot.textOf(step.origin.file) : undefined;
  const locator = step ? snapshot.result.locators.get(step.origin.file) : undefined;
  if (!step || text === undefined || !locator) return undefined;
  const base = step.origin.path;
  const item = yamlKey(oldKey);
  if (step.renamedFrom.length > 0) {
    const list = locator.locate([...base, 'renamed_from']);
    const listLine = lineAt(text, list.line - 1);
    if (listLine.charAt(list.column - 1) === '[') {
      return {
        range: toLspRange({
          line: list.endLine,
          column: list.endColumn - 1,
          endLine: list.endLine,
          endColumn: list.endColumn - 1,
        }),
        newText: `, ${item}`,
      };
    }
    const last = locator.locate([...base, 'renamed_from', step.renamedFrom.length - 1]);
    const prefix = lineAt(text, last.line - 1).slice(0, last.column - 1);
    return {
      range: toLspRange({
        line: last.endLine,
        column: last.endColumn,
        endLine: last.endLine,
        endColumn: last.endColumn,
      }),
      newText: `\n${prefix}${item}`,
    };
  }
  const typeKey = locator.locate([...base, 'type'], 'key');
  const typeLine = lineAt(text, typeKey.line - 1);
  const indent = typeLine.slice(0, typeKey.column - 1);
  if (indent.trim() !== '') {
    // A flow mapping (`key: {type: message, ...}`): add the field inline.
    return {
      range: toLspRange({ ...typeKey, endLine: typeKey.line, endColumn: typeKey.column }),
      newText: `renamed_from: [${item}], `,
    };
  }
  const before = step.end ? 'end' : step.protect ? 'protect' : undefined;
  if (before) {
    const at = locator.locate([...base, before], 'key');
    return {
      range: toLspRange({ line: at.line, column: 1, endLine: at.line, endColumn: 1 }),
      newText: `${indent}renamed_from: [${item}]\n`,
    };
  }
  const whole = locator.locate(base);
  if (whole.endLine >= text.split('\n').length) {
    // The step ends the file without a final newline.
    const end = {
      line: whole.endLine,
      column: whole.endColumn,
      endLine: whole.endLine,
      endColumn: whole.endColumn,
    };
    return { range: toLspRange(end), newText: `\n${indent}renamed_from: [${item}]` };
  }
  return {
    range: toLspRange({
      line: whole.endLine + 1,
      column: 1,
      endLine: whole.endLine + 1,
      endColumn: 1,
    }),
    newText: `${indent}renamed_from: [${item}]\n`,
  };
}
