// Texts must be Unicode: a lone UTF-16 surrogate (half of a pair, from an escape such as
// "\uD800" in a double-quoted YAML string, or a TypeScript string) is not a character. JSON
// cannot carry it as UTF-8, and the platform's API refuses the request with 400 — part-way
// through an apply, after other writes. So it is a finding when the file is read, at the text.
import { diagnosticFor } from '../diagnostics/make.js';
import type { Diagnostic, DocPath, SourceLocator } from '../diagnostics/types.js';

// In a `u` regex a well-formed pair is one code point; only a lone half is in category Cs.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Whether a YAML text can hold a lone surrogate at all: only through a `\u` or `\U` escape (the
 * file itself was checked to be UTF-8, which cannot encode one). Most files skip the walk.
 */
export function mayHoldLoneSurrogate(text: string): boolean {
  return text.includes('\\u') || text.includes('\\U');
}

/** A diagnostic for each key or string value holding a lone surrogate. */
export function loneSurrogates(value: unknown, locator: SourceLocator): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (text: string, path: DocPath, target: 'key' | 'value') => {
    const found = LONE_SURROGATE.exec(text);
    if (!found) return;
    const unit = text.charCodeAt(found.index).toString(16).toUpperCase();
    out.push(
      diagnosticFor(
        'lone-surrogate',
        `This ${target === 'key' ? 'key' : 'text'} holds a lone surrogate (U+${unit}, at character ${found.index + 1}): half of a UTF-16 pair, not a character. The API refuses it.`,
        locator,
        path,
        target,
        {
          hint: 'Write the character itself, or both halves of its pair (for 😀: "\\uD83D\\uDE00").',
        },
      ),
    );
  };
  // Iterative: the value may be as deep as the loader allows.
  const stack: { value: unknown; path: DocPath }[] = [{ value, path: [] }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const current = next.value;
    if (typeof current === 'string') report(current, next.path, 'value');
    else if (Array.isArray(current))
      for (const [i, item] of current.entries())
        stack.push({ value: item, path: [...next.path, i] });
    else if (typeof current === 'object' && current !== null)
      for (const key of Object.keys(current)) {
        report(key, [...next.path, key], 'key');
        stack.push({
          value: (current as Record<string, unknown>)[key],
          path: [...next.path, key],
        });
      }
  }
  return out;
}
