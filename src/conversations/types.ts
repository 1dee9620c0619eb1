// Conversation tests as data: what a *.test.yaml file holds once read and schema-checked, and
// what running a test produces. Each part keeps its document path so that a problem or a failed
// expectation points at its line in the test file.
import type { DocPath, SourceLocator } from '../diagnostics/types.js';
import type { Json } from '../model/json.js';
import type { CartItem, JsonObject, TakenTransition } from '../runtime/types.js';

export type TextCheck = string | { contains: string } | { matches: string };

interface StubSpec {
  status: number;
  body?: Json;
}

export interface BotTurn {
  step?: string;
  says?: TextCheck | TextCheck[];
  buttons?: string[];
  vars?: JsonObject;
  lead?: JsonObject;
  order?: JsonObject;
  called?: { operation: string; request?: JsonObject; status?: number };
  ended?: boolean;
  /** Negative and partial checks (docs/testing.md). */
  not_says?: TextCheck | TextCheck[];
  buttons_include?: string[];
  no_lead?: true;
  no_order?: true;
  not_called?: string | string[];
  /** Steps the answer did not pass through (on its way or where it stops). */
  not_entered?: string | string[];
  image?: TextCheck;
}

export type UserTurn = { press: string } | { text: string } | { add: CartItem };

/** What the live operator of a hand-off does: writes to the user, or closes the conversation. */
export type OperatorTurn = { says: string } | { closes: true };

export type TurnSpec =
  | { bot: BotTurn; path: DocPath }
  | { user: UserTurn; path: DocPath }
  | { operator: OperatorTurn; path: DocPath };

export interface TestCase {
  file: string;
  name: string;
  path: DocPath;
  /** Where the test starts in its file (1-based). */
  line: number;
  column: number;
  start?: string;
  vars?: JsonObject;
  cart?: CartItem[];
  seed?: number;
  random?: Record<string, string | number>;
  stubs?: Record<string, StubSpec>;
  /** An operator is free at every hand-off (default: none is, so a hand-off takes `no_operator`). */
  operator?: boolean;
  skip?: boolean;
  /** Labels to choose tests by (`botform test --tag`). */
  tags?: string[];
  turns: TurnSpec[];
}

export interface TestFile {
  file: string;
  locator: SourceLocator;
  tests: TestCase[];
  /** false when the file's text has no `${var.` at all: nothing to fill in (variables.ts). */
  mayHoldVariables?: boolean;
}

export interface Failure {
  /** Where in the test file: the expectation (or turn) that failed. */
  file: string;
  line: number;
  column: number;
  message: string;
  expected?: string;
  actual?: string;
}

type TestStatus = 'passed' | 'failed' | 'skipped';

export interface TestResult {
  file: string;
  name: string;
  line: number;
  column: number;
  status: TestStatus;
  failures: Failure[];
  /** Why it was skipped. */
  reason?: string;
  /** Steps entered and transitions walked, for coverage. */
  entered: string[];
  transitions: TakenTransition[];
  /** How long the test took (JUnit's `time`). */
  durationMs?: number;
  /** A failed test stops at its first failed turn: how many turns after it were not run. */
  notRun?: number;
  /** A failed test's whole conversation, for reading under the failure. */
  transcript?: TranscriptLine[];
}

/** One line of a conversation as a failed test shows it. */
export type TranscriptLine =
  | { who: 'user'; text: string }
  | { who: 'bot'; step: string; text: string; buttons: string[]; image?: string };
