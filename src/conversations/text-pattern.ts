// `says: {matches: …}` patterns in test files, compiled and run by RE2 (re2js, a pure-JavaScript
// port): matching takes time linear in the text, whatever the pattern. JavaScript's own engine
// backtracks — `^(a+)+$` on 31 characters ran for 50 seconds — and a test file is text anyone can
// send in a pull request. The price is RE2's syntax: no backreferences (`\1`) and no lookaround
// (`(?=…)`, `(?<!…)`), which a does-not-compile diagnostic says. One function for every check
// (the test-file checks, local and live runs), so the engine is one decision in one place.
import { RE2JS } from 're2js';

export type TextPattern =
  | { ok: true; test: (text: string) => boolean }
  | { ok: false; message: string };

const MAX_CACHED = 1000;
const cache = new Map<string, TextPattern>();

/** Compiles a pattern once (memoised by its text); never throws. */
export function compileTextPattern(source: string): TextPattern {
  let found = cache.get(source);
  if (found === undefined) {
    found = compile(source);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(source, found);
  }
  return found;
}

function compile(source: string): TextPattern {
  try {
    const pattern = RE2JS.compile(source);
    // `test` finds the pattern anywhere in the text, as RegExp.prototype.test does.
    return { ok: true, test: (text) => pattern.test(text) };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const reason = raw.replace(/^error parsing regexp:\s*/, '');
    return {
      ok: false,
      message: `${reason.charAt(0).toUpperCase()}${reason.slice(1)} (patterns use RE2 syntax, which has no backreferences or lookaround)`,
    };
  }
}
