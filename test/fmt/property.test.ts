// Property: for random scenario files in random layouts, with comments everywhere, fmt keeps the
// value, keeps every comment (same text, once each), puts keys in the canonical order, and a
// second run changes nothing.
import { isDeepStrictEqual } from 'node:util';
import { createPatch } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, parse, parseDocument, type YAMLMap } from 'yaml';
import { formatScenarioYaml } from '../../src/fmt/index.js';
import { ITEM_ORDERS, stepKeyOrder, TOP_LEVEL_ORDER } from '../../src/fmt/key-order.js';
import { scenarioDocument, plainValueOf } from './scenario-arbitrary.js';
import { renderDocument } from './scenario-render.js';

const COMMENT = /# (\[c\d+\] .*)$/gm;

function format(text: string): string {
  const result = formatScenarioYaml(text);
  if (!result.ok)
    throw new Error(`fmt refused:\n${JSON.stringify(result)}\n--- input ---\n${text}`);
  return result.text;
}

/** The known keys of a mapping appear in the order given. */
function inOrder(map: YAMLMap, order: readonly string[]): boolean {
  const ranks = map.items
    .map((p) => (isScalar(p.key) ? order.indexOf(String(p.key.value)) : -1))
    .filter((r) => r >= 0);
  return ranks.every((r, i) => i === 0 || (ranks[i - 1] as number) < r);
}

function canonicalOrder(text: string): boolean {
  const root = parseDocument(text).contents;
  if (!isMap(root)) return true;
  if (!inOrder(root, TOP_LEVEL_ORDER)) return false;
  const steps = root.get('steps', true);
  if (!isMap(steps)) return true;
  for (const { value: step } of steps.items) {
    if (!isMap(step)) continue;
    if (!inOrder(step, stepKeyOrder(step.get('type')))) return false;
    for (const [list, order] of Object.entries(ITEM_ORDERS)) {
      const items = step.get(list, true);
      if (isSeq(items) && !items.items.every((item) => !isMap(item) || inOrder(item, order)))
        return false;
    }
  }
  return true;
}

describe('fmt on generated scenarios', () => {
  it('keeps the value and every comment, orders keys, and is idempotent', () => {
    fc.assert(
      fc.property(scenarioDocument, (doc) => {
        const { text, comments } = renderDocument(doc);
        // The generator's own check: the text holds the value it was made from.
        expect(parse(text)).toEqual(plainValueOf(doc.root));

        const once = format(text);
        const twice = format(once);
        const found = [...once.matchAll(COMMENT)].map((m) => m[1]).sort();
        const problems = [
          !isDeepStrictEqual(parse(once), parse(text)) && 'the value changed',
          twice !== once && `a second run changed it:\n${createPatch('formatted', once, twice)}`,
          !isDeepStrictEqual(found, [...comments].sort()) &&
            `comments differ: ${JSON.stringify(found)}`,
          !canonicalOrder(once) && 'keys are not in the canonical order',
          doc.modeline &&
            !once.startsWith('# yaml-language-server: $schema=') &&
            'the modeline is not first',
          // One newline at the end, unless more belong to the last value (a `|+` block).
          (!once.endsWith('\n') ||
            (once.endsWith('\n\n') &&
              isDeepStrictEqual(parse(once.replace(/\n+$/, '\n')), parse(once)))) &&
            'not one newline at the end',
        ].filter(Boolean);
        if (problems.length > 0)
          throw new Error(
            `${problems.join('\n')}\n--- input ---\n${text}--- formatted ---\n${once}`,
          );
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });
});
