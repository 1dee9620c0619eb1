// Which transitions no conversation can walk, proved from the scenario alone, and the values that
// make each guarded transition happen. A step's conditions are found through the registry's field
// roles (a `condition` inside a list field guards that list's transitions, in order; the step's
// `else` is taken when none holds); a variant of weight 0 is never drawn. Anything not proved
// impossible is left to the search (search.ts), which walks it or reports why it did not.
import { transitionsOf, type Transition } from '../graph/transitions.js';
import { isRecord } from '../model/json.js';
import type { Scenario, Step } from '../model/scenario.js';
import { transitionId } from '../runtime/index.js';
import { fieldSitesOf } from '../steps/roles.js';
import {
  andDnf,
  CART_FACTS,
  conditionDnf,
  hasUnsolved,
  pathsOf,
  solveDnf,
  type Dnf,
  type Witness,
} from './solve.js';

interface Guard {
  /** Values that make the transition's condition (and its order among the branches) hold. */
  witnesses: Witness[];
  /** A part of the condition the solver does not solve, when the witnesses may be incomplete. */
  unsolved?: string;
  /** The transition's own condition (a branch's `if`; none for `else`). */
  own?: Dnf;
  /** Its whole condition: its own, and every earlier branch failing. */
  condition?: Dnf;
  /**
   * Variable paths of the earlier branches: a branch whose variable is missing fails without its
   * negation holding, so `condition` is what taking it means only once these are set.
   */
  assumesSet?: string[];
}

export interface Feasibility {
  /** Transition id → why no conversation can walk it. */
  infeasible: Map<string, { step: Step; transition: Transition; reason: string }>;
  /** Transition id → what the solver found for its condition. */
  guards: Map<string, Guard>;
}

/** Paths that every conversation has, with a number: facts about them alone never error. */
const ALWAYS_SET = new Set(['cart.total', 'cart.count']);

export function analyzeFeasibility(scenario: Scenario): Feasibility {
  const infeasible: Feasibility['infeasible'] = new Map();
  const guards = new Map<string, Guard>();
  for (const step of scenario.steps.values()) {
    const transitions = transitionsOf(step);
    for (const t of transitions) {
      if (t.kind !== 'variant' || t.index === undefined) continue;
      const variants = step.fields.variants;
      const item = Array.isArray(variants) ? variants[t.index] : undefined;
      if (isRecord(item) && item.weight === 0)
        infeasible.set(transitionId(step.key, t.kind, t.index), {
          step,
          transition: t,
          reason: `variant ${t.index + 1} of "${step.key}" has weight 0: it is never drawn`,
        });
    }
    for (const site of fieldSitesOf(step.type, ['condition'])) {
      const list = step.fields[site.field];
      if (!Array.isArray(list) || site.at[0] !== '*') continue;
      const key = site.at[1];
      const sources = list.map((item: unknown) =>
        isRecord(item) && key !== undefined && typeof item[key] === 'string'
          ? (item[key] as string)
          : 'false',
      );
      const guarded = transitions.filter((t) => t.index !== undefined && t.kind !== 'button');
      const holds = sources.map((s) => conditionDnf(s, true));
      const fails = sources.map((s) => conditionDnf(s, false));
      const judge = (
        id: string,
        t: Transition,
        own: Dnf | undefined,
        before: number[],
        source?: string,
      ) => {
        let dnf: Dnf | undefined = own ?? [[]];
        for (const j of before) dnf = dnf && andDnf(dnf, fails[j] as Dnf);
        if (!dnf) {
          guards.set(id, {
            witnesses: [],
            unsolved: 'too many cases to solve',
            ...(own ? { own } : {}),
          });
          return;
        }
        const solved = solveDnf(dnf, CART_FACTS);
        const earlierPaths = new Set(before.flatMap((j) => [...pathsOf(holds[j] as Dnf)]));
        const shape = {
          ...(own ? { own } : {}),
          condition: dnf,
          assumesSet: [...earlierPaths].filter((p) => !ALWAYS_SET.has(p)),
        };
        if (solved.impossible !== undefined) {
          const alone = own ? solveDnf(own, CART_FACTS) : undefined;
          const ownPaths = own ? pathsOf(own) : new Set<string>();
          const provable =
            alone?.impossible !== undefined ||
            before.every((j) => {
              const earlier = holds[j] as Dnf;
              if (hasUnsolved(earlier)) return false;
              return [...pathsOf(earlier)].every(
                (p) => ALWAYS_SET.has(p) || (own !== undefined && ownPaths.has(p)),
              );
            });
          if (provable) {
            const reason =
              alone?.impossible !== undefined
                ? alone.impossible
                : source !== undefined
                  ? `an earlier branch takes every case where \`${source}\` holds`
                  : 'every case is taken by one of the branches';
            infeasible.set(id, { step, transition: t, reason });
            return;
          }
          guards.set(id, {
            witnesses: [],
            unsolved: `${solved.impossible}, unless an earlier condition fails on a missing value`,
            ...shape,
          });
          return;
        }
        guards.set(id, {
          witnesses: solved.witnesses,
          ...(solved.unsolved !== undefined ? { unsolved: solved.unsolved } : {}),
          ...shape,
        });
      };
      for (const t of guarded) {
        const i = t.index as number;
        if (i >= sources.length) continue;
        judge(
          transitionId(step.key, t.kind, t.index),
          t,
          holds[i],
          sources.map((_, j) => j).filter((j) => j < i),
          sources[i],
        );
      }
      const otherwise = transitions.find((t) => t.kind === 'else');
      if (otherwise)
        judge(
          transitionId(step.key, otherwise.kind),
          otherwise,
          undefined,
          sources.map((_, j) => j),
        );
    }
  }
  return { infeasible, guards };
}
