// yaml makes an Error (with a captured stack) for every syntax problem it finds; a mangled file
// has thousands, and capturing their stacks was a third of parsing it. botform reads only their
// messages and positions, so the parser runs with no stack frames captured.

/** Runs `parse` with Error.stackTraceLimit at 0, restored afterwards whatever happens. */
export function withoutStacks<T>(parse: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parse();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
