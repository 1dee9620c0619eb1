// The safety net: a fingerprint of what a YAML document means, blind to layout, comments and
// key order, and strict about everything else (a number stays a number, "1" stays a string,
// NaN and -0 stay themselves). Two documents with the same fingerprint hold deep-equal values.
import { isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';

class FingerprintLimit extends Error {}

export function valueFingerprint(doc: Document, maxAliases: number): string {
  let aliases = 0;
  const print = (node: unknown): string => {
    if (node === null || node === undefined) return 'null';
    if (isAlias(node)) {
      if (++aliases > maxAliases) throw new FingerprintLimit(`more than ${maxAliases} aliases`);
      return print(node.resolve(doc));
    }
    if (isScalar(node)) return scalar(node.value);
    if (isSeq(node)) return `[${node.items.map(print).join(',')}]`;
    if (isMap(node)) {
      const entries = node.items.map((pair) => `${print(pair.key)}:${print(pair.value)}`);
      return `{${entries.sort().join(',')}}`;
    }
    throw new FingerprintLimit(`unexpected node ${String(node)}`);
  };
  return print(doc.contents);
}

function scalar(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `s${JSON.stringify(value)}`;
    case 'number':
      return `n${Object.is(value, -0) ? '-0' : String(value)}`;
    case 'bigint':
      return `i${String(value)}`;
    case 'boolean':
      return `b${String(value)}`;
    default:
      return value === null ? 'null' : `?${Object.prototype.toString.call(value)}${String(value)}`;
  }
}
