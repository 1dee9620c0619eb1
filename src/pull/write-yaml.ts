// A pulled scenario as YAML: the schema modeline, start, then each step with its fields in
// canonical order, multi-line texts as block literals, a blank line between steps.
import { Document, isScalar, Scalar, visit } from 'yaml';
import type { Json } from '../plan/canonical.js';
import { formatScenarioYaml } from '../fmt/index.js';
import type { PulledScenario } from './to-document.js';

export function pulledToYaml(scenario: PulledScenario, schemaPath: string): string {
  // Maps, not objects: keys that look like numbers would otherwise be moved to the front.
  const root = new Map<string, unknown>();
  if (scenario.start !== null) root.set('start', scenario.start);
  if (scenario.entries.length > 0) root.set('entries', scenario.entries);
  root.set(
    'steps',
    new Map(scenario.steps.map((step) => [step.key, new Map<string, Json>(step.fields)])),
  );
  const doc = new Document(root);
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && node.value.includes('\n'))
        node.type = Scalar.BLOCK_LITERAL;
    },
  });
  // A blank line before each step but the first, as people write them.
  const stepsNode = doc.get('steps', true);
  if (stepsNode && typeof stepsNode === 'object' && 'items' in stepsNode) {
    (stepsNode.items as { key: unknown }[]).forEach((pair, i) => {
      if (i > 0 && isScalar(pair.key)) pair.key.spaceBefore = true;
    });
  }
  const body = doc.toString({ indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0 });
  const text = `# yaml-language-server: $schema=${schemaPath}\n${body}`;
  // The same layout as `botform fmt` (nested keys in canonical order), so fmt --check passes on
  // a fresh pull.
  const formatted = formatScenarioYaml(text);
  return formatted.ok ? formatted.text : text;
}
