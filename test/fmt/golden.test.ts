// Golden files: each test/fixtures/fmt/NAME.yaml formats to NAME.formatted.yaml, which is
// already canonical, holds the same value, and has the same comments.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCollection, isPair, parse, parseDocument, visit } from 'yaml';
import { formatScenarioYaml } from '../../src/fmt/index.js';
import { FIXTURES } from '../helpers/fixtures.js';

const DIR = path.join(FIXTURES, 'fmt');
const NAMES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml') && !f.endsWith('.formatted.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .sort();
const read = (file: string) => readFileSync(path.join(DIR, file), 'utf8');

function format(text: string): string {
  const result = formatScenarioYaml(text);
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.text;
}

/** Every comment line in a document, as yaml reads it. */
function commentLines(text: string): string[] {
  const doc = parseDocument(text);
  const all: (string | null | undefined)[] = [doc.commentBefore, doc.comment];
  const collect = (node: unknown) => {
    const n = node as { commentBefore?: string | null; comment?: string | null };
    all.push(n.commentBefore, n.comment);
  };
  visit(doc, {
    Node: (_key, node) => collect(node),
    Pair: (_key, pair) => {
      if (isPair(pair)) collect(pair.key);
    },
  });
  if (isCollection(doc.contents)) collect(doc.contents);
  return [...new Set(all)]
    .filter((c): c is string => typeof c === 'string')
    .flatMap((c) => c.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .sort();
}

describe('fmt golden files', () => {
  it('has fixtures', () => expect(NAMES.length).toBeGreaterThanOrEqual(8));

  describe.each(NAMES)('%s', (name) => {
    const input = read(`${name}.yaml`);
    const golden = read(`${name}.formatted.yaml`);

    it('formats to the golden file', () => expect(format(input)).toBe(golden));
    it('the golden file is canonical', () => {
      const again = formatScenarioYaml(golden);
      expect(again).toMatchObject({ ok: true, changed: false, text: golden });
    });
    it('keeps the value', () => expect(parse(golden)).toStrictEqual(parse(input)));
    it('keeps every comment', () =>
      expect(commentLines(golden)).toStrictEqual(commentLines(input)));
  });
});
