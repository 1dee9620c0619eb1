// Checks a test file against the scenario before anything runs: every step, operation, variant
// and button it names exists, stubs answer only declared statuses with bodies that match the
// declared response (seed 002), regexes compile. Each problem points at its line in the test file.
import type { Code } from '../diagnostics/codes.js';
import { diagnosticFor } from '../diagnostics/make.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { Diagnostic, DocPath, PathTarget } from '../diagnostics/types.js';
import { isRecord } from '../model/json.js';
import type { Scenario, Step } from '../model/scenario.js';
import { transitionsOf, waitsForUser } from '../graph/transitions.js';
import { ownButtonLabel, ownButtonsOf } from '../steps/roles.js';
import { fieldsOf, matchesType } from '../validate/api-declaration.js';
import { compileTextPattern } from './text-pattern.js';
import { typeName } from '../validate/describe-path.js';
import type { TestFile, TextCheck } from './types.js';

const TEXT_CHECKS = ['says', 'not_says', 'image'] as const;

// A suite presses the same steps' buttons thousands of times, over many files: each step's
// labels once per compiled scenario (a step belongs to one), not once per file.
const labelsOf = new WeakMap<Step, readonly string[]>();

function labelsAt(step: Step): readonly string[] {
  let labels = labelsOf.get(step);
  if (!labels) {
    labels = offeredLabels(step);
    labelsOf.set(step, labels);
  }
  return labels;
}

export function checkTestFile(file: TestFile, scenario: Scenario): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (
    code: Code,
    message: string,
    path: DocPath,
    target: PathTarget = 'value',
    hint?: string,
  ) => out.push(diagnosticFor(code, message, file.locator, path, target, hint ? { hint } : {}));
  let keys: string[] | undefined;
  const stepKeys = () => {
    keys ??= [...scenario.steps.keys()];
    return keys;
  };
  // The path is made only for a problem: a large suite names steps tens of thousands of times.
  const knownStep = (
    key: string,
    path: () => DocPath,
    target: PathTarget = 'value',
  ): Step | undefined => {
    const step = scenario.steps.get(key);
    if (!step)
      report(
        'test-unknown-step',
        `There is no step "${key}" in the scenario.`,
        path(),
        target,
        didYouMean(key, stepKeys()),
      );
    return step;
  };
  const names = new Set<string>();
  for (const test of file.tests) {
    if (names.has(test.name))
      report('test-duplicate-name', `Another test in this file is already named "${test.name}".`, [
        ...test.path,
        'name',
      ]);
    names.add(test.name);
    if (test.start !== undefined) knownStep(test.start, () => [...test.path, 'start']);
    for (const [key, choice] of Object.entries(test.random ?? {})) {
      const step = knownStep(key, () => [...test.path, 'random', key], 'key');
      if (!step) continue;
      const targets = (Array.isArray(step.fields.variants) ? step.fields.variants : []).map(
        (v: unknown) => (isRecord(v) && typeof v.goto === 'string' ? v.goto : ''),
      );
      if (step.type !== 'randomizer')
        report(
          'test-unknown-variant',
          `Step "${key}" is a ${step.type} step, not a randomizer.`,
          [...test.path, 'random', key],
          'key',
        );
      else if (typeof choice === 'number' ? choice >= targets.length : !targets.includes(choice)) {
        const hint = typeof choice === 'string' ? didYouMean(choice, targets) : undefined;
        report(
          'test-unknown-variant',
          `Randomizer "${key}" has no variant ${typeof choice === 'number' ? `at position ${choice}` : `going to "${choice}"`}; its variants go to ${targets.map((t) => `"${t}"`).join(', ')}.`,
          [...test.path, 'random', key],
          'value',
          hint,
        );
      }
    }
    for (const [key, stub] of Object.entries(test.stubs ?? {})) {
      const path = [...test.path, 'stubs', key];
      const step = knownStep(key, () => path, 'key');
      if (!step) continue;
      if (step.type !== 'operation' || !isRecord(step.fields.api)) {
        report(
          'test-not-an-operation',
          `Step "${key}" is a ${step.type} step; only operation steps call an API and can be stubbed.`,
          path,
          'key',
        );
        continue;
      }
      out.push(...checkStub(file, key, step.fields.api, stub.status, stub.body, path));
    }
    // Before any bot turn, the bot waits where the conversation starts — when that step waits
    // for a press (a step that waits for an answer takes a press as typed text).
    const startKey = test.start ?? scenario.start?.key;
    const startStep = startKey === undefined ? undefined : scenario.steps.get(startKey);
    let waitingAt: Step | undefined =
      startStep && waitsForUser(startStep) && labelsAt(startStep).length > 0
        ? startStep
        : undefined;
    for (const turn of test.turns) {
      if ('bot' in turn) {
        const bot = turn.bot;
        waitingAt =
          bot.step !== undefined
            ? knownStep(bot.step, () => [...turn.path, 'bot', 'step'])
            : undefined;
        if (bot.called) {
          const op = knownStep(bot.called.operation, () => [
            ...turn.path,
            'bot',
            'called',
            'operation',
          ]);
          if (op && op.type !== 'operation')
            report(
              'test-not-an-operation',
              `Step "${op.key}" is a ${op.type} step; it calls no API.`,
              [...turn.path, 'bot', 'called', 'operation'],
            );
        }
        const notCalled =
          bot.not_called === undefined
            ? []
            : Array.isArray(bot.not_called)
              ? bot.not_called.map((k, i) => [k, [...turn.path, 'bot', 'not_called', i]] as const)
              : [[bot.not_called, [...turn.path, 'bot', 'not_called']] as const];
        for (const [key, at] of notCalled) {
          const op = knownStep(key, () => at);
          if (op && op.type !== 'operation')
            report(
              'test-not-an-operation',
              `Step "${op.key}" is a ${op.type} step; it calls no API.`,
              at,
            );
        }
        const notEntered = bot.not_entered;
        if (notEntered !== undefined)
          (Array.isArray(notEntered) ? notEntered : [notEntered]).forEach((key, i) => {
            knownStep(key, () =>
              Array.isArray(notEntered)
                ? [...turn.path, 'bot', 'not_entered', i]
                : [...turn.path, 'bot', 'not_entered'],
            );
          });
        for (const key of TEXT_CHECKS) {
          const value = bot[key];
          if (value === undefined) continue;
          const checks = Array.isArray(value) ? value : [value];
          checks.forEach((check: TextCheck, i) => {
            if (typeof check !== 'object' || !('matches' in check)) return;
            const pattern = compileTextPattern(check.matches);
            if (pattern.ok) return;
            const at = Array.isArray(value)
              ? [...turn.path, 'bot', key, i, 'matches']
              : [...turn.path, 'bot', key, 'matches'];
            report(
              'test-bad-regex',
              `The regular expression does not compile: ${pattern.message}.`,
              at,
            );
          });
        }
      } else if ('operator' in turn) {
        if (test.operator !== true)
          report(
            'test-no-operator',
            "No operator takes this test's hand-offs, so this operator turn never happens.",
            [...turn.path, 'operator'],
            'key',
            'Add `operator: true` to the test.',
          );
        waitingAt = undefined;
      } else {
        const user = turn.user;
        if ('press' in user && waitingAt) {
          const labels = labelsAt(waitingAt);
          if (!labels.includes(user.press)) {
            report(
              'test-unknown-button',
              `Step "${waitingAt.key}" offers no button "${user.press}"; it offers ${labels.length > 0 ? labels.map((l) => `"${l}"`).join(', ') : 'no buttons'}.`,
              [...turn.path, 'user', 'press'],
              'value',
              didYouMean(user.press, labels),
            );
          }
        }
        waitingAt = undefined;
      }
    }
  }
  return out;
}

/**
 * Labels a user can press at a step: its goto buttons, and the buttons its type offers of its
 * own (a cart's checkout, when the step has the transition it takes), as the registry declares.
 */
export function offeredLabels(step: Step): string[] {
  const labels = step.menu.filter((b) => b.goto !== null).map((b) => b.text);
  for (const button of ownButtonsOf(step.type))
    if (transitionsOf(step).some((t) => t.kind === button.takes))
      labels.push(ownButtonLabel(button, step.fields));
  return labels;
}

function checkStub(
  file: TestFile,
  key: string,
  api: Record<string, unknown>,
  status: number,
  body: unknown,
  path: DocPath,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (
    code: Code,
    message: string,
    p: DocPath,
    target: PathTarget = 'value',
    hint?: string,
  ) => out.push(diagnosticFor(code, message, file.locator, p, target, hint ? { hint } : {}));
  const errors = Array.isArray(api.errors) ? api.errors.filter(isRecord) : [];
  const declared = errors.map((e) => e.status).filter((s): s is number => typeof s === 'number');
  if (status < 200 || status > 299) {
    if (!declared.includes(status)) {
      at(
        'test-undeclared-status',
        `Operation "${key}" declares no error with status ${status}; it declares ${declared.length > 0 ? declared.join(', ') : 'none'}.`,
        [...path, 'status'],
        'value',
        'Declare the error under api.errors in the scenario, or stub a declared status.',
      );
    }
    return out;
  }
  if (body === undefined) return out;
  const response = isRecord(api.response) ? api.response : {};
  const required = fieldsOf(response.required);
  const all = { ...fieldsOf(response.optional), ...required };
  if (!isRecord(body)) {
    if (Object.keys(all).length > 0)
      at(
        'test-stub-mismatch',
        `The stub body of "${key}" is ${typeName(body)}, but the declared response is an object.`,
        [...path, 'body'],
      );
    return out;
  }
  for (const name of Object.keys(required)) {
    if (!Object.hasOwn(body, name))
      at(
        'test-stub-mismatch',
        `The stub body of "${key}" lacks the required response field \`${name}\`.`,
        [...path, 'body'],
        'key',
      );
  }
  for (const [name, value] of Object.entries(body)) {
    const spec = all[name];
    if (!spec) {
      if (Object.keys(all).length > 0)
        at(
          'test-stub-mismatch',
          `The stub body of "${key}" has a field \`${name}\` that the response does not declare.`,
          [...path, 'body', name],
          'key',
          didYouMean(name, Object.keys(all)),
        );
      continue;
    }
    if (!matchesType(value, spec.type))
      at(
        'test-stub-mismatch',
        `The stub body of "${key}" has \`${name}\` as ${typeName(value)}, but it is declared as ${spec.type}.`,
        [...path, 'body', name],
      );
    else if (spec.enum && !spec.enum.some((allowed) => allowed === value))
      at(
        'test-stub-mismatch',
        `The stub body of "${key}" has \`${name}\` = ${JSON.stringify(value)}, which is not one of its declared values.`,
        [...path, 'body', name],
      );
  }
  return out;
}
