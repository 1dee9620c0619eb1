// The table of every diagnostic botform reports: stable code, default severity, and one line
// for the docs. Codes never change meaning; docs/diagnostics.md documents each one, and a test
// checks that the table and the docs agree.
import type { Severity } from './types.js';

export interface CodeInfo {
  severity: Severity;
  /** Whether a config file may change its severity (problems that make the input unreadable may not). */
  configurable: boolean;
  summary: string;
}

const fixed = (severity: Severity, summary: string): CodeInfo => ({
  severity,
  configurable: false,
  summary,
});
const rule = (severity: Severity, summary: string): CodeInfo => ({
  severity,
  configurable: true,
  summary,
});

export const CODES = {
  // Reading files
  'no-scenario-files': fixed('error', 'No scenario files were found at the given paths.'),
  'file-unreadable': fixed(
    'error',
    'A scenario file could not be read (missing, a directory, no permission).',
  ),
  'file-too-large': fixed('error', 'A scenario file is larger than the size limit.'),
  'file-not-utf8': fixed('error', 'A scenario file is not valid UTF-8 text.'),
  'empty-file': fixed('error', 'A scenario file is empty or holds only comments.'),
  'yaml-syntax': fixed('error', 'The YAML is malformed.'),
  'yaml-duplicate-key': fixed('error', 'A mapping has the same key twice.'),
  'yaml-alias-limit': fixed('error', "The document's aliases repeat too much (an alias bomb)."),
  'yaml-too-deep': fixed('error', 'The document is nested deeper than the limit.'),
  'lone-surrogate': fixed(
    'error',
    'A text holds a lone UTF-16 surrogate, which is not a character (the API refuses it).',
  ),
  'yaml-unsupported': fixed(
    'error',
    'The document uses a YAML feature botform does not accept (custom tags, complex keys, several documents).',
  ),
  'ts-error': fixed('error', 'A TypeScript scenario file does not type-check.'),
  'ts-evaluation': fixed(
    'error',
    'A TypeScript scenario file threw or exported no scenario when it was run.',
  ),
  // Schema
  'not-a-mapping': fixed('error', 'The document, or a part of it, should be a mapping.'),
  'missing-field': fixed('error', 'A required field is missing.'),
  'unknown-field': fixed('error', 'A field that this kind of object does not have.'),
  'wrong-type': fixed('error', 'A value has the wrong type.'),
  'invalid-value': fixed(
    'error',
    'A value is outside what the field allows (range, length, pattern, format, choices).',
  ),
  'unknown-step-type': fixed(
    'error',
    "A step has a type that is not one of the constructor's blocks.",
  ),
  'reserved-key': fixed('error', 'A step key that is reserved (such as __proto__).'),
  // Scenario structure
  'duplicate-step': fixed('error', 'The same step key is defined twice (in one file or in two).'),
  'duplicate-start': fixed('error', 'More than one file sets the start step.'),
  'missing-start': fixed('error', 'No file sets the start step.'),
  'unknown-start': fixed(
    'error',
    'The start step, or an entry point, names a step that does not exist.',
  ),
  'dangling-transition': fixed(
    'error',
    'A transition (next, button, branch, variant, on_error) names a step that does not exist.',
  ),
  // Graph rules
  'unreachable-step': rule(
    'warning',
    'A step that cannot be reached from the start or any entry point.',
  ),
  'dead-end': rule(
    'error',
    'A step that neither waits for the user nor leads anywhere and is not marked end.',
  ),
  'endless-loop': rule(
    'error',
    'A cycle of automatic transitions with no step that waits for the user.',
  ),
  'button-target': rule('error', 'A button has both goto and url, or neither.'),
  'condition-without-else': rule('error', 'A condition step without an else branch.'),
  'randomizer-weights': rule(
    'error',
    'Randomizer weights that are not positive or do not add up to 100.',
  ),
  'duplicate-button': rule('warning', 'Two buttons of one step have the same label.'),
  'rename-conflict': rule(
    'error',
    'A renamed_from entry claimed by two steps, or naming the step itself.',
  ),
  // Channel limits
  'channel-button-count': rule(
    'error',
    'More buttons on a step than a messenger the shop uses can show.',
  ),
  'channel-button-label': rule(
    'error',
    'A button label longer than a messenger the shop uses allows.',
  ),
  'channel-message-length': rule(
    'error',
    'A message longer than a messenger the shop uses allows.',
  ),
  // External APIs
  'api-inline-secret': fixed(
    'error',
    'An external API holds a credential inline (a header, or the URL query) instead of a ${secret:NAME} reference.',
  ),
  'api-example-mismatch': rule(
    'error',
    'An example request or response does not match the declared fields.',
  ),
  'api-url-placeholder': rule(
    'error',
    'A {placeholder} in an API URL is not a declared request field.',
  ),
  'api-staging-url': rule(
    'error',
    "An operation's staging_url is not the whole staging URL with url's placeholders.",
  ),
  // Team rules (docs/rules.md)
  'rules-invalid': fixed(
    'error',
    'A team rule file is not YAML, breaks its schema, or a rule names a step, type or CEL that does not work.',
  ),
  'rule-violation': fixed(
    'error',
    "A path or step breaks a team rule (with the rule's severity, error by default; its id and message are in the diagnostic).",
  ),
  'rule-vacuous': rule(
    'warning',
    'A team rule holds only because its selectors select nothing or its target cannot be reached.',
  ),
  'rule-undecided': rule(
    'warning',
    'botform cannot decide a team rule at a place: the way that would break it cannot be walked, and the search for another ran past its bound.',
  ),
  'plan-denied': fixed('error', "A plan policy of the team's rules refuses the plan."),
  // Config
  'config-invalid': fixed('error', 'The botform config file is malformed or has an invalid value.'),
  // Plan (found when the scenario is compared with the live shop)
  'protected-step': fixed('error', 'The plan would delete a live step marked protect: true.'),
  'ignored-reference': fixed(
    'error',
    'The plan would delete a step that a step left alone by the ignore patterns still points at.',
  ),
  'unresolved-reference': fixed(
    'error',
    'A reference names a step that is neither in the scenario nor in the live shop.',
  ),
  'duplicate-live-name': fixed(
    'warning',
    'Several live steps share a name; botform manages the oldest.',
  ),
  'ignored-steps': fixed('info', "Live steps left alone by the config's ignore patterns."),
  // Expressions and templates
  'expression-syntax': fixed(
    'error',
    'A condition or a {{ }} template part that does not parse, or a {{ without }}.',
  ),
  'expression-unsupported': fixed(
    'error',
    'An expression over the size limits, or using a function the language leaves out (matches).',
  ),
  'unknown-variable': rule('error', 'An expression reads a variable that nothing sets.'),
  'unknown-variable-field': rule(
    'error',
    'An expression reads a field the variable does not have (by its declared type).',
  ),
  'expression-type': rule(
    'error',
    'An expression combines values of types that do not fit (e.g. a text compared with a number).',
  ),
  'condition-not-bool': rule('error', 'A condition whose value is not true or false.'),
  'variable-maybe-unset': rule(
    'warning',
    'A variable read on a path where no step has saved it yet.',
  ),
  'duplicate-branch-condition': rule(
    'warning',
    'A branch that can never be taken: an earlier branch of the step has the same condition.',
  ),
  // Conversation tests (*.test.yaml)
  'no-test-files': fixed('error', 'No conversation test files were found at the given paths.'),
  'test-unknown-step': fixed('error', 'A test names a step that the scenario does not have.'),
  'test-unknown-button': fixed(
    'error',
    'A test presses a button that the step the bot waits at does not offer.',
  ),
  'test-not-an-operation': fixed('error', 'A test stubs a step that is not an operation step.'),
  'test-undeclared-status': fixed(
    'error',
    'A stub answers with a status that the operation does not declare.',
  ),
  'test-stub-mismatch': fixed(
    'error',
    "A stub body does not match the operation's declared response.",
  ),
  'test-unknown-variant': fixed(
    'error',
    'A test forces a randomizer variant that the step does not have.',
  ),
  'test-bad-regex': fixed('error', 'A `matches:` regular expression does not compile.'),
  'test-duplicate-name': fixed('error', 'Two tests in one file have the same name.'),
  'transition-infeasible': fixed(
    'warning',
    'No conversation can walk this transition (`botform test generate` proves it from the scenario).',
  ),
  'test-no-operator': fixed(
    'error',
    'A test has an `operator:` turn but no `operator: true`, so no operator takes its hand-offs.',
  ),
  // Environments
  'env-unknown-import': fixed(
    'error',
    'An environment or layer imports a name that is neither a layer nor an environment.',
  ),
  'env-import-cycle': fixed('error', 'Imports of environments or layers form a cycle.'),
  'env-missing-shop': fixed(
    'error',
    'An environment has no shop, from itself or anything it imports.',
  ),
  'env-var-file-invalid': fixed(
    'error',
    'A variable file is missing, does not parse, or is not a mapping of names to values.',
  ),
  'env-secret-unset': fixed(
    'error',
    "The environment variable an environment names as a secret's or credential's source is not set.",
  ),
  'env-shop-conflict': fixed(
    'error',
    'Two environments deploy to the same shop with different scenarios.',
  ),
  'env-unknown-environment': fixed(
    'error',
    'No environment has the given name, or no environment matches the given pattern.',
  ),
  'unset-variable': fixed(
    'error',
    'A ${var.NAME} in the scenario that some environments do not set.',
  ),
  'unset-secret-source': fixed(
    'error',
    'A ${secret:NAME} in the scenario that some environments give no source for.',
  ),
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function isCode(value: string): value is Code {
  return Object.hasOwn(CODES, value);
}
