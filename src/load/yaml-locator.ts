// Turns a document path into a source range by walking the parsed YAML nodes. Done only when a
// diagnostic is made, so valid files pay nothing for positions.
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type {
  DocPath,
  PathSegment,
  PathTarget,
  Range,
  SourceLocator,
} from '../diagnostics/types.js';
import { sourceOffsets, type StringStyle } from './string-offsets.js';
import { withoutStacks } from './without-stacks.js';

// Each mapping's pairs by key, built the first time a path goes through it: a diagnostic per
// key of a 40,000-key mapping then costs a lookup each, not a scan of the mapping each (that
// was quadratic: 20 s). The first pair of a key wins, as the scan did.
const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairOf(map: YAMLMap, segment: string | number): Pair | undefined {
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (!index.has(key)) index.set(key, pair as Pair);
    }
    pairIndexes.set(map, index);
  }
  return index.get(String(segment));
}

export function yamlLocator(
  file: string,
  root: Node | null,
  lineCounter: LineCounter,
  text: string,
): SourceLocator {
  const toRange = (start: number, rawEnd: number): Range => {
    // Block nodes end after their trailing newline; stop the range at the last character instead.
    let end = Math.max(start, rawEnd);
    while (end > start && /\s/.test(text.charAt(end - 1))) end--;
    const from = lineCounter.linePos(start);
    const to = lineCounter.linePos(end);
    return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  };
  const nodeRange = (node: Node | Pair): Range | undefined => {
    if (isPair(node)) {
      const key = node.key as Node | null;
      return key?.range ? toRange(key.range[0], key.range[1]) : undefined;
    }
    return node.range ? toRange(node.range[0], node.range[1]) : undefined;
  };

  return {
    file,
    locate(path: DocPath, target: PathTarget = 'value'): Range {
      // The document as a whole: its first position, not a range over the entire file.
      if (path.length === 0) {
        const at = root?.range ? lineCounter.linePos(root.range[0]) : { line: 1, col: 1 };
        return { line: at.line, column: at.col, endLine: at.line, endColumn: at.col };
      }
      // Walk as far as the path exists; a missing tail (a field that should be there) points at
      // the deepest node that does.
      let node: Node | null = root;
      let best: Range | undefined = root ? nodeRange(root) : undefined;
      for (let i = 0; i < path.length && node; i++) {
        const segment = path[i] as PathSegment;
        const last = i === path.length - 1;
        if (isMap(node)) {
          const pair = pairOf(node, segment);
          if (!pair) break;
          const value = pair.value as Node | null;
          const keyRange = nodeRange(pair);
          if (last && target === 'key') return keyRange ?? best ?? START;
          best = (value && nodeRange(value)) ?? keyRange ?? best;
          node = value;
        } else if (isSeq(node) && typeof segment === 'number') {
          const item = node.items[segment] as Node | undefined;
          if (!item) break;
          best = nodeRange(item) ?? best;
          node = item;
        } else {
          break;
        }
        if (node && isAlias(node)) break;
      }
      return best ?? START;
    },
    locateInString(path: DocPath, start: number, end: number): Range | undefined {
      const node = nodeAt(root, path);
      if (!node || !isScalar(node) || typeof node.value !== 'string' || !node.range)
        return undefined;
      const raw = text.slice(node.range[0], node.range[1]);
      const [from, to] = sourceOffsets(raw, scalarStyle(node.type), node.value, [
        start,
        Math.max(start, end),
      ]);
      if (from === undefined) return undefined;
      const a = lineCounter.linePos(node.range[0] + from);
      const b = lineCounter.linePos(node.range[0] + (to ?? from));
      return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
    },
  };
}

/** The node at exactly this path, or undefined when the path does not exist in the document. */
function nodeAt(root: Node | null, path: DocPath): Node | undefined {
  let node: Node | null = root;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = pairOf(node, segment);
      node = (pair?.value as Node | null | undefined) ?? null;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = (node.items[segment] as Node | undefined) ?? null;
    } else {
      return undefined;
    }
    if (!node || isAlias(node)) return undefined;
  }
  return node ?? undefined;
}

function scalarStyle(type: string | undefined): StringStyle {
  switch (type) {
    case 'QUOTE_DOUBLE':
      return 'yaml-double';
    case 'QUOTE_SINGLE':
      return 'yaml-single';
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return 'yaml-block';
    default:
      return 'plain';
  }
}

const START: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/**
 * A locator that keeps only the text and parses it again the first time a position is asked
 * for. Valid files (the common case) then hold no syntax tree in memory at all: for a large
 * scenario the trees cost more in garbage collection than the parse itself.
 */
export function lazyYamlLocator(file: string, text: string): SourceLocator {
  let inner: SourceLocator | undefined;
  const resolve = (): SourceLocator => {
    if (!inner) {
      const lineCounter = new LineCounter();
      const document = withoutStacks(() =>
        parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false }),
      );
      inner = yamlLocator(file, (document.contents as Node | null) ?? null, lineCounter, text);
    }
    return inner;
  };
  return {
    file,
    locate: (path, target) => resolve().locate(path, target),
    locateInString: (path, start, end) => resolve().locateInString?.(path, start, end),
  };
}
