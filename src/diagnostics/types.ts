// One diagnostic model for every stage (parse, schema, graph, config, API). Checks report a
// place as a file plus a path into that file's document; one locator per file turns the path
// into line and column when the diagnostic is made, so checks never handle positions.

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export type PathSegment = string | number;
export type DocPath = readonly PathSegment[];

/** Whether a path points at a mapping key (e.g. a step's name) or at the value under it. */
export type PathTarget = 'key' | 'value';

export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Diagnostic extends Range {
  code: string;
  severity: Severity;
  message: string;
  file: string;
  path: PathSegment[];
  hint?: string;
  /** Other places that belong to the same problem, such as the first of two duplicate definitions. */
  related?: { file: string; line: number; column: number; message: string }[];
  /** A team rule's violation: the rule's id and message (docs/rules.md); SARIF lists each rule. */
  rule?: { id: string; message: string };
}

/** Turns a document path into a 1-based source range; the TS and YAML loaders each provide one. */
export interface SourceLocator {
  readonly file: string;
  locate(path: DocPath, target?: PathTarget): Range;
  /**
   * The range of characters `start`..`end` (0-based offsets into the value) of the string at
   * `path`, through quotes, escapes and block indentation; undefined when the path does not end
   * at a string written in the file (then `locate` gives the nearest place).
   */
  locateInString?(path: DocPath, start: number, end: number): Range | undefined;
}

export const START_OF_FILE: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };
