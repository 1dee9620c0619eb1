// Writes a random scenario (scenario-arbitrary.ts) as YAML text by hand, in the layout it asks
// for, and returns the comments it wrote. Each scalar gets the style it asks for when that style
// can hold its value exactly (checked by parsing a probe), else double quotes.
import { parse } from 'yaml';
import type { RDocument, REntry, RMap, RNode, RScalar, RSeq } from './scenario-arbitrary.js';

export interface Rendered {
  text: string;
  comments: string[];
}

export function renderDocument(doc: RDocument): Rendered {
  const out: string[] = [];
  const comments: string[] = [];
  const step = ' '.repeat(doc.indent);
  // A blank line right after a `|+` block would belong to its value.
  const keepEnds = new Set<number>();
  const blankLine = () => {
    if (!keepEnds.has(out.length - 1)) out.push('');
  };
  const blockLines = (block: { header: string; lines: string[] }, indent: string) => {
    for (const line of block.lines) out.push(line === '' ? '' : `${indent}${line}`);
    if (block.header === '|+') keepEnds.add(out.length - 1);
  };
  const note = (indent: string, c: string | null) => {
    if (c === null) return;
    comments.push(c);
    out.push(`${indent}# ${c}`);
  };
  const inline = (c: string | null) => {
    if (c === null) return '';
    comments.push(c);
    return ` # ${c}`;
  };

  const entries = (map: RMap, indent: string, skipFirstAbove = false) => {
    map.entries.forEach((e, i) => {
      if (!(skipFirstAbove && i === 0)) {
        if (e.blank) blankLine();
        note(indent, e.above);
      }
      entry(e, indent);
    });
    note(indent, map.trailing);
  };

  const entry = (e: REntry, indent: string) => {
    const head = `${indent}${key(e.key)}:`;
    const v = e.value;
    if (v.kind === 'scalar') {
      const block = blockScalar(v);
      if (block) {
        out.push(`${head} ${block.header}${inline(v.comment)}`);
        blockLines(block, indent + step);
      } else {
        const text = inlineScalar(v, false, true);
        out.push(`${head}${text === '' ? '' : ` ${text}`}${inline(v.comment)}`);
      }
    } else if (v.flow) {
      out.push(`${head} ${flow(v)}${inline(v.trailing)}`);
    } else if (v.kind === 'map') {
      out.push(`${head}${inline(v.keyLine)}`);
      entries(v, indent + step);
    } else {
      out.push(`${head}${inline(v.keyLine)}`);
      items(v, doc.indentSeq ? indent + step : indent);
    }
  };

  const items = (seq: RSeq, indent: string) => {
    for (const item of seq.items) {
      if (item.blank) blankLine();
      note(indent, item.above);
      const v = item.value;
      if (v.kind === 'scalar') {
        const block = blockScalar(v);
        if (block) {
          out.push(`${indent}- ${block.header}${inline(v.comment)}`);
          blockLines(block, indent + step);
        } else {
          out.push(`${indent}- ${inlineScalar(v, false, false)}${inline(v.comment)}`);
        }
      } else if (v.flow) {
        out.push(`${indent}- ${flow(v)}${inline(v.trailing)}`);
      } else if (v.kind === 'map') {
        // The first entry shares the dash's line; a comment above it goes above the dash.
        const first = v.entries[0];
        if (first) note(indent, first.above);
        const at = out.length;
        entries(v, `${indent}  `, true);
        out[at] = `${indent}- ${(out[at] ?? '').slice(indent.length + 2)}`;
      } else {
        throw new Error('lists of lists are not generated');
      }
    }
    note(indent, seq.trailing);
  };

  if (doc.modeline) out.push('# yaml-language-server: $schema=../../schemas/scenario.schema.json');
  note('', doc.header);
  entries(doc.root, '');
  note('', doc.footer);
  return { text: `${out.join('\n')}\n`, comments };
}

// ---- scalars -------------------------------------------------------------------------------

const QUIET = { logLevel: 'error' } as const; // throw on errors, say nothing of warnings
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const RESERVED = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n']);

function key(k: string): string {
  return IDENTIFIER.test(k) && !RESERVED.has(k) ? k : JSON.stringify(k);
}

function flow(node: RMap | RSeq): string {
  const value = (v: RNode): string =>
    v.kind === 'scalar' ? inlineScalar(v, true, false) : flow(v);
  if (node.kind === 'map')
    return `{${node.entries.map((e) => `${key(e.key)}: ${value(e.value)}`).join(', ')}}`;
  return `[${node.items.map((i) => value(i.value)).join(', ')}]`;
}

/** Reads back as exactly this value, as a block mapping's value or inside a flow list. */
function holds(text: string, value: unknown, inFlow: boolean): boolean {
  try {
    if (inFlow) return Object.is((parse(`[${text}]`, QUIET) as unknown[])[0], value);
    return Object.is((parse(`k: ${text}\n`, QUIET) as { k: unknown }).k, value);
  } catch {
    return false;
  }
}

function doubleQuoted(s: string): string {
  return JSON.stringify(s).replace(
    /[\u0085\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function inlineScalar(x: RScalar, inFlow: boolean, mapValue: boolean): string {
  const v = x.value;
  if (v === null)
    return x.style === 'single' ? '~' : x.style === 'double' && mapValue && !inFlow ? '' : 'null';
  if (typeof v === 'boolean') return x.style === 'single' ? (v ? 'True' : 'False') : String(v);
  if (typeof v === 'number') return String(v);
  const candidates =
    x.style === 'plain' ? [v] : x.style === 'single' ? [`'${v.replace(/'/g, "''")}'`] : [];
  for (const text of candidates) if (!text.includes('\n') && holds(text, v, inFlow)) return text;
  const quoted = doubleQuoted(v);
  if (!holds(quoted, v, inFlow)) throw new Error(`generator: cannot write ${JSON.stringify(v)}`);
  return quoted;
}

/** A `|` or `>` block for this string when it asks for one and one holds it exactly. */
function blockScalar(x: RScalar): { header: string; lines: string[] } | undefined {
  const v = x.value;
  if (
    typeof v !== 'string' ||
    v === '' ||
    /[^\n\t -~\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]/u.test(v)
  )
    return undefined;
  let block: { header: string; lines: string[] } | undefined;
  if (x.style === 'literal') {
    const body = v.replace(/\n+$/, '');
    const trailing = v.length - body.length;
    const lines = body.split('\n');
    const firstText = lines.find((l) => l !== '');
    if (
      firstText === undefined ||
      /^\s/.test(firstText) ||
      lines.some((l) => l !== '' && /^\s*$/.test(l))
    )
      return undefined;
    block = {
      header: trailing === 0 ? '|-' : trailing === 1 ? '|' : '|+',
      lines: [...lines, ...Array<string>(Math.max(0, trailing - 1)).fill('')],
    };
  } else if (x.style === 'folded') {
    if (!/^\S+( \S+)*$/.test(v)) return undefined;
    const words = v.split(' ');
    const half = Math.ceil(words.length / 2);
    block = {
      header: '>-',
      lines: [words.slice(0, half).join(' '), words.slice(half).join(' ')].filter((l) => l !== ''),
    };
  }
  if (!block) return undefined;
  const probe = `k: ${block.header}\n${block.lines.map((l) => (l === '' ? '' : `  ${l}`)).join('\n')}\nz: 1\n`;
  try {
    return (parse(probe, QUIET) as { k: unknown }).k === v ? block : undefined;
  } catch {
    return undefined;
  }
}
