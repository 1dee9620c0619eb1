// Where a character of a string's value is written in the source. A value offset maps to a
// different file column whenever the source has quotes, escapes (`\"`, `''`, `\u00e9`), folded
// lines or block-scalar indentation; the expression checks need the exact column of an
// identifier inside the string. Used only when a diagnostic is made.

export type StringStyle = 'plain' | 'yaml-double' | 'yaml-single' | 'yaml-block' | 'js';

interface Token {
  ch: string;
  at: number;
}

const YAML_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  '\t': '\t',
  r: '\r',
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  v: '\v',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const JS_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

function pushCodePoint(tokens: Token[], hex: string, at: number): void {
  const code = Number.parseInt(hex, 16);
  const text = Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  for (const ch of text.split('')) tokens.push({ ch, at });
}

function tokenize(raw: string, style: StringStyle): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  if (style === 'yaml-block') {
    const header = raw.indexOf('\n');
    i = header < 0 ? raw.length : header + 1;
  } else if (style !== 'plain') {
    i = 1; // the opening quote or backtick
  }
  const quote = raw[0];
  while (i < raw.length) {
    const c = raw[i] as string;
    if ((style === 'yaml-double' || style === 'js') && c === quote) break;
    if (style === 'yaml-single' && c === "'") {
      if (raw[i + 1] !== "'") break;
      tokens.push({ ch: "'", at: i });
      i += 2;
      continue;
    }
    if ((style === 'yaml-double' || style === 'js') && c === '\\') {
      const next = raw[i + 1] ?? '';
      if (next === '\n' || next === '\r') {
        // A line continuation: nothing in the value.
        i += next === '\r' && raw[i + 2] === '\n' ? 3 : 2;
        continue;
      }
      if (style === 'js' && next === 'u' && raw[i + 2] === '{') {
        const close = raw.indexOf('}', i + 3);
        pushCodePoint(tokens, raw.slice(i + 3, close < 0 ? i + 3 : close), i);
        i = close < 0 ? i + 2 : close + 1;
        continue;
      }
      const hex = style === 'js' && next === 'U' ? undefined : HEX_LENGTH[next];
      if (hex !== undefined) {
        pushCodePoint(tokens, raw.slice(i + 2, i + 2 + hex), i);
        i += 2 + hex;
        continue;
      }
      const table = style === 'js' ? JS_ESCAPES : YAML_ESCAPES;
      tokens.push({ ch: table[next] ?? next, at: i });
      i += 2;
      continue;
    }
    tokens.push({ ch: c, at: i });
    i++;
  }
  return tokens;
}

const isSpace = (c: string): boolean => c === ' ' || c === '\n' || c === '\t' || c === '\r';

/**
 * For each wanted offset into `value`, its offset into `raw` (the string as written, quotes and
 * all), or undefined when the two cannot be aligned. Value characters are matched to source
 * characters in order; source characters that folding or indentation removed are skipped, and
 * a folded line break matches any whitespace.
 */
export function sourceOffsets(
  raw: string,
  style: StringStyle,
  value: string,
  wanted: readonly number[],
): (number | undefined)[] {
  const tokens = tokenize(raw, style);
  const map: number[] = [];
  let j = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    while (
      j < tokens.length &&
      (tokens[j] as Token).ch !== c &&
      !(isSpace(c) && isSpace((tokens[j] as Token).ch))
    )
      j++;
    if (j >= tokens.length) break;
    map.push((tokens[j] as Token).at);
    j++;
  }
  return wanted.map((offset) => {
    if (offset < map.length) return map[offset];
    // Just past the last character: one after where it is written.
    if (offset === value.length && map.length === value.length && offset > 0)
      return (map[offset - 1] as number) + 1;
    return undefined;
  });
}
