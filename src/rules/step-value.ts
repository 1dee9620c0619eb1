// A step as the value rules' CEL sees (`step.type`, `step.text`, `step.menu`, `has(step.on_error)`):
// the fields as written in the scenario file, plus `key` and `file`.
import type { Step } from '../model/scenario.js';

export function stepAsValue(step: Step): Record<string, unknown> {
  return {
    ...step.fields,
    key: step.key,
    type: step.type,
    text: step.text,
    ...(step.next !== null ? { next: step.next } : {}),
    menu: step.menu.map((b) => ({
      text: b.text,
      ...(b.goto !== null ? { goto: b.goto } : {}),
      ...(b.url !== null ? { url: b.url } : {}),
    })),
    end: step.end,
    file: step.origin.file,
  };
}
