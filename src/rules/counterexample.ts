// A violation of a path rule as a conversation test (tests/*.test.yaml format) that replays the
// path and expects what the rule demands at its end — so it fails now and passes once the
// scenario keeps the rule. Written only where the path can be replayed by presses alone (plus a
// forced randomizer variant) from the start or an entry, and the rule names one step to
// expect; otherwise the reason is returned and the path stays in the diagnostic.
import { stringify } from 'yaml';
import type { Scenario } from '../model/scenario.js';
import { WAITING_TYPES } from '../steps/index.js';
import type { Violation } from './check.js';
import { describePath } from './paths.js';

export type Counterexample =
  | { ok: true; test: Record<string, unknown> }
  | { ok: false; why: string };

export function counterexampleTest(violation: Violation, scenario: Scenario): Counterexample {
  const { rule, path } = violation;
  const expected = singleKey(
    rule.form === 'every-path'
      ? rule.passes.describe
      : rule.form === 'reaches'
        ? rule.reaches.describe
        : undefined,
  );
  if (expected === undefined)
    return {
      ok: false,
      why:
        rule.form === 'never'
          ? 'a "never" rule names no step a test could expect instead'
          : 'the rule selects several steps, and a test expects one',
    };
  const entries = new Set([scenario.start?.key, ...scenario.entries.map((e) => e.key)]);
  if (!entries.has(path.start))
    return {
      ok: false,
      why: `the path starts at "${path.start}", which is not the start or an entry`,
    };
  const turns: Record<string, unknown>[] = [];
  const random: Record<string, string> = {};
  for (const hop of path.hops) {
    const from = scenario.steps.get(hop.from);
    if (hop.kind === 'button') turns.push({ user: { press: hop.label ?? '' } });
    else if (hop.kind === 'variant') random[hop.from] = hop.to;
    else if (hop.kind === 'next' && from && !WAITING_TYPES.has(from.type)) continue;
    else
      return {
        ok: false,
        why: `the path takes ${hop.kind.replace('_', ' ')} from "${hop.from}", which needs inputs a test cannot be given without solving the scenario's conditions`,
      };
  }
  turns.push({ bot: { step: expected } });
  return {
    ok: true,
    test: {
      name: `${rule.id}: ${describePath(path)}`,
      ...(scenario.start?.key !== path.start ? { start: path.start } : {}),
      ...(Object.keys(random).length > 0 ? { random } : {}),
      turns,
    },
  };
}

/** `"ask_phone"` from a selector's description when it names exactly one step. */
function singleKey(describe: string | undefined): string | undefined {
  const match = describe === undefined ? null : /^"([^"]+)"$/.exec(describe);
  return match ? (match[1] as string) : undefined;
}

export const COUNTEREXAMPLE_HEADER =
  '# Counterexamples of team rules, written by botform validate --counterexamples.\n# Each replays a conversation that breaks a rule and expects what the rule asks: it fails\n# until the scenario keeps the rule. Written again on every run; do not edit.\n';

export function counterexampleFile(tests: readonly Record<string, unknown>[]): string {
  return `${COUNTEREXAMPLE_HEADER}${stringify({ tests }, { lineWidth: 0 })}`;
}
