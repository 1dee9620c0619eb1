// Splitting a template into literal text and `{{ expression }}` parts. The closing `}}` is the
// first one outside a CEL string literal, so `{{ "}}" }}` is one part. Literal braces in the text
// are written as an expression that yields them: `{{ "{{" }}`. A `}}` outside any part is text.

type RawPart =
  | { kind: 'text'; text: string }
  | { kind: 'expression'; source: string; offset: number };

export type SplitResult =
  | { ok: true; parts: RawPart[] }
  | { ok: false; message: string; start: number; end: number };

/** Index just past the string literal that starts at `start` (a quote), or -1 if it is not closed. */
function skipStringLiteral(text: string, start: number, limit: number): number {
  let i = start;
  // An r/R prefix (raw string) turns off escapes; b/B (bytes) does not change quoting.
  let raw = false;
  for (let back = start - 1; back >= 0 && back >= start - 2; back--) {
    const c = text[back];
    if (c === 'r' || c === 'R') raw = true;
    else if (c !== 'b' && c !== 'B') break;
  }
  const quote = text[i] as string;
  const triple = text.startsWith(quote.repeat(3), i);
  const closer = triple ? quote.repeat(3) : quote;
  i += closer.length;
  while (i < limit) {
    if (!raw && text[i] === '\\') {
      i += 2;
      continue;
    }
    if (!triple && text[i] === '\n') return -1;
    if (text.startsWith(closer, i)) return i + closer.length;
    i++;
  }
  return -1;
}

export function splitTemplate(text: string): SplitResult {
  const parts: RawPart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      literal += text.slice(i);
      break;
    }
    literal += text.slice(i, open);
    const exprStart = open + 2;
    let j = exprStart;
    let close = -1;
    while (j < text.length) {
      const c = text[j];
      if (c === '"' || c === "'") {
        const after = skipStringLiteral(text, j, text.length);
        if (after < 0)
          return {
            ok: false,
            message: 'a string inside "{{" is not closed',
            start: j,
            end: text.length,
          };
        j = after;
        continue;
      }
      if (c === '}' && text[j + 1] === '}') {
        close = j;
        break;
      }
      j++;
    }
    if (close < 0)
      return { ok: false, message: '"{{" without a closing "}}"', start: open, end: text.length };
    if (literal !== '') parts.push({ kind: 'text', text: literal });
    literal = '';
    parts.push({ kind: 'expression', source: text.slice(exprStart, close), offset: exprStart });
    i = close + 2;
  }
  if (literal !== '') parts.push({ kind: 'text', text: literal });
  return { ok: true, parts };
}
