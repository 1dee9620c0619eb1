// Rules about single steps: buttons, conditions, randomizer weights, renames.
import type { Diagnostic } from '../../diagnostics/types.js';
import type { GraphContext } from '../context.js';
import { isRecord } from '../../model/json.js';

const buttonPlace = (index: number, text: string, key: string) =>
  `Button ${index + 1} ("${text}") of step "${key}"`;

export function checkButtons(ctx: GraphContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [key, step] of ctx.scenario.steps) {
    const labels = new Map<string, number>();
    step.menu.forEach((button, index) => {
      if (button.goto !== null && button.url !== null) {
        out.push(
          ctx.report(
            'button-target',
            `${buttonPlace(index, button.text, key)} has both \`goto\` and \`url\`; a button does one or the other.`,
            step.origin.file,
            button.origin.path,
          ),
        );
      } else if (button.goto === null && button.url === null) {
        out.push(
          ctx.report(
            'button-target',
            `${buttonPlace(index, button.text, key)} has neither \`goto\` nor \`url\`, so pressing it does nothing.`,
            step.origin.file,
            button.origin.path,
            'value',
            {
              hint: 'Add `goto: <step key>` or `url: https://...`.',
            },
          ),
        );
      }
      const seen = labels.get(button.text);
      if (seen !== undefined) {
        out.push(
          ctx.report(
            'duplicate-button',
            `Buttons ${seen + 1} and ${index + 1} of step "${key}" have the same label "${button.text}"; users cannot tell them apart.`,
            step.origin.file,
            [...button.origin.path, 'text'],
          ),
        );
      } else labels.set(button.text, index);
    });
  }
  return out;
}

export function checkConditions(ctx: GraphContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [key, step] of ctx.scenario.steps) {
    if (step.type !== 'condition' || typeof step.fields.else === 'string') continue;
    out.push(
      ctx.report(
        'condition-without-else',
        `Condition step "${key}" has no \`else\`: a user for whom no branch holds would be stuck.`,
        step.origin.file,
        step.origin.path,
        'key',
        {
          hint: 'Add `else: <step key>`.',
        },
      ),
    );
  }
  return out;
}

export function checkRandomizers(ctx: GraphContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [key, step] of ctx.scenario.steps) {
    if (step.type !== 'randomizer' || !Array.isArray(step.fields.variants)) continue;
    const weights = step.fields.variants.map((v) =>
      isRecord(v) && typeof v.weight === 'number' ? v.weight : NaN,
    );
    if (weights.some((w) => Number.isNaN(w))) continue; // the schema reports it
    const zero = weights.findIndex((w) => w <= 0);
    const sum = weights.reduce((a, b) => a + b, 0);
    if (zero >= 0) {
      out.push(
        ctx.report(
          'randomizer-weights',
          `Variant ${zero + 1} of randomizer "${key}" has weight ${weights[zero]}; no user would ever get it.`,
          step.origin.file,
          [...step.origin.path, 'variants', zero, 'weight'],
        ),
      );
    } else if (sum !== 100) {
      out.push(
        ctx.report(
          'randomizer-weights',
          `The weights of randomizer "${key}" add up to ${sum}, not 100.`,
          step.origin.file,
          [...step.origin.path, 'variants'],
          'key',
          {
            hint: `Weights are percentages: ${weights.join(' + ')} should make 100.`,
          },
        ),
      );
    }
  }
  return out;
}

// A renamed_from naming a key that is still defined is allowed: it takes over a second live
// step of that name (made by hand in the web constructor), which is how pull writes them.
export function checkRenames(ctx: GraphContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const claimedBy = new Map<string, string>();
  for (const [key, step] of ctx.scenario.steps) {
    step.renamedFrom.forEach((old, index) => {
      const path = [...step.origin.path, 'renamed_from', index];
      if (old === key) {
        out.push(
          ctx.report(
            'rename-conflict',
            `Step "${key}" lists its own key in \`renamed_from\`.`,
            step.origin.file,
            path,
          ),
        );
      } else if (claimedBy.has(old)) {
        out.push(
          ctx.report(
            'rename-conflict',
            `Steps "${claimedBy.get(old)}" and "${key}" both say they were renamed from "${old}".`,
            step.origin.file,
            path,
          ),
        );
      } else claimedBy.set(old, key);
    });
  }
  return out;
}
