// Generates a synthetic, valid scenario: `steps` steps with `buttons` buttons each, spread over
// `files` files. Deterministic, so runs are comparable.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const CONDITIONS = [
  ['cart.total == 0', 'cart.total < 15'],
  ['user.is_subscriber == true', 'size(cart.items) > 3'],
  ['channel == "telegram"', 'user.language.startsWith("it")'],
  ['order.status == "delivered"', 'cart.total >= 100 && !user.is_subscriber'],
];
const TEMPLATES = [
  '{{ user.first_name }}',
  'your cart is {{ cart.total }} {{ cart.currency }}',
  '{{ shop.name }} greets you',
  'order {{ order.id }} is {{ order.status }}',
];

// With `expressions`, realistic use of the expression language: one step in 10 is a condition,
// one text in 5 is a template (both on built-in variables).
export function generateScenario(
  dir,
  { steps = 10_000, buttonsPerStep = 4, files = 100, expressions = false } = {},
) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const perFile = Math.ceil(steps / files);
  const key = (i) => `s${String(i).padStart(5, '0')}`;
  for (let f = 0; f < files; f++) {
    const lines = ['# yaml-language-server: $schema=../../../schemas/scenario.schema.json'];
    if (f === 0) lines.push(`start: ${key(0)}`);
    lines.push('steps:');
    for (let i = f * perFile; i < Math.min(steps, (f + 1) * perFile); i++) {
      // One step in 10 is a condition on built-in variables; it leads on to a step that waits.
      if (expressions && i % 10 === 4) {
        const [a, b] = CONDITIONS[((i / 10) % CONDITIONS.length) | 0];
        lines.push(
          `  ${key(i)}:`,
          '    type: condition',
          '    branches:',
          `      - if: ${a}`,
          `        goto: ${key((i + 1) % steps)}`,
          `      - if: ${b}`,
          `        goto: ${key((i + 3) % steps)}`,
          `    else: ${key((i + 5) % steps)}`,
        );
        continue;
      }
      const type = i % 10 === 9 ? 'catalog' : 'message';
      // One text in 5 is a template.
      const hello =
        expressions && i % 5 === 0
          ? `Step ${i} says hello, ${TEMPLATES[((i / 5) % TEMPLATES.length) | 0]}.`
          : `Step ${i} says hello.`;
      lines.push(
        `  ${key(i)}:`,
        `    type: ${type}`,
        `    text: |`,
        `      ${hello}`,
        `      This is line two of step ${i}.`,
        '    menu:',
      );
      const targets = [(i + 1) % steps, (i + 7) % steps, (i * 13 + 5) % steps, 0].slice(
        0,
        buttonsPerStep,
      );
      for (const [b, t] of targets.entries())
        lines.push(`      - text: Option ${b + 1} to ${t}`, `        goto: ${key(t)}`);
    }
    writeFileSync(
      path.join(dir, `part-${String(f).padStart(3, '0')}.yaml`),
      `${lines.join('\n')}\n`,
    );
  }
  const conditions = expressions ? Math.floor((steps + 5) / 10) : 0;
  return { steps, buttons: (steps - conditions) * buttonsPerStep, files };
}

// Writes `steps` ([{key, type, text: [lines], next?, menu: [{text, goto}]}]) as YAML files.
function writeSteps(dir, start, steps, files) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const perFile = Math.ceil(steps.length / files);
  for (let f = 0; f < files; f++) {
    const lines = ['# yaml-language-server: $schema=../../../schemas/scenario.schema.json'];
    if (f === 0) lines.push(`start: ${start}`);
    lines.push('steps:');
    for (const step of steps.slice(f * perFile, (f + 1) * perFile)) {
      lines.push(
        `  ${step.key}:`,
        `    type: ${step.type}`,
        '    text: |',
        ...step.text.map((l) => `      ${l}`),
      );
      if (step.next) lines.push(`    next: ${step.next}`);
      if (step.menu.length > 0) lines.push('    menu:');
      for (const b of step.menu) lines.push(`      - text: ${b.text}`, `        goto: ${b.goto}`);
    }
    writeFileSync(
      path.join(dir, `part-${String(f).padStart(3, '0')}.yaml`),
      `${lines.join('\n')}\n`,
    );
  }
}

/**
 * A base scenario (the generateScenario pattern: `steps` steps, 4 buttons each) and a target
 * that differs from it by about 2,000 calls' worth of changes, all decided by the step index:
 * - i % 20 == 10: the step is deleted; buttons of kept steps that led to it now lead to step i+1;
 * - i % 10 == 3: the step's text changes;
 * - i % 10 == 5: the label of its third button changes;
 * - i % 20 == 7: its last button is removed;
 * - i % 20 == 17: a fifth button is added, leading to a new step;
 * - `newSteps` new steps n00000.., 2 buttons each, joined by `next` into cycles of 3
 *   (n3k → n3k+1 → n3k+2 → n3k), so a cycle-breaking PATCH is needed per cycle.
 * The exact counts are whatever `botform plan` makes of it; the benchmark reads them from the plan.
 */
export function generateChangeScenarios(
  baseDir,
  targetDir,
  { steps = 2_000, newSteps = 330, files = 20 } = {},
) {
  const key = (i) => `s${String(i).padStart(5, '0')}`;
  const newKey = (j) => `n${String(j).padStart(5, '0')}`;
  const baseTargets = (i) => [(i + 1) % steps, (i + 7) % steps, (i * 13 + 5) % steps, 0];
  const baseStep = (i) => ({
    key: key(i),
    type: i % 10 === 9 ? 'catalog' : 'message',
    text: [`Step ${i} says hello.`, `This is line two of step ${i}.`],
    menu: baseTargets(i).map((t, b) => ({ text: `Option ${b + 1} to ${t}`, goto: key(t) })),
  });
  const base = Array.from({ length: steps }, (_, i) => baseStep(i));
  writeSteps(baseDir, key(0), base, files);

  const deleted = (i) => i % 20 === 10;
  const cycles = Math.floor(newSteps / 3);
  let extra = 0;
  const target = [];
  for (let i = 0; i < steps; i++) {
    if (deleted(i)) continue;
    const step = baseStep(i);
    step.menu = step.menu.map((b, n) => {
      const t = baseTargets(i)[n];
      return deleted(t) ? { ...b, goto: key(t + 1) } : b;
    });
    if (i % 10 === 3)
      step.text = [`Step ${i} says hello again.`, `This is line two of step ${i}, changed.`];
    if (i % 10 === 5) step.menu[2] = { ...step.menu[2], text: `${step.menu[2].text} (renamed)` };
    if (i % 20 === 7) step.menu.pop();
    if (i % 20 === 17 && cycles > 0)
      step.menu.push({ text: 'Something new', goto: newKey(3 * (extra++ % cycles)) });
    target.push(step);
  }
  for (let j = 0; j < newSteps; j++) {
    const inCycle = j < cycles * 3;
    const next = inCycle ? newKey(j % 3 === 2 ? j - 2 : j + 1) : undefined;
    target.push({
      key: newKey(j),
      type: 'message',
      text: [`New step ${j}.`],
      ...(next ? { next } : {}),
      menu: [
        {
          text: 'Back to an old step',
          goto: key(
            (j * 37 + 1) % steps === 0 || deleted((j * 37 + 1) % steps) ? 1 : (j * 37 + 1) % steps,
          ),
        },
        { text: 'Another new step', goto: newKey((j + 5) % newSteps) },
      ],
    });
  }
  // New steps outside the cycles must be reachable too: the last old step leads to each.
  for (let j = cycles * 3; j < newSteps; j++)
    target
      .find((s) => s.key === key(steps - 1))
      .menu.push({ text: `To new ${j}`, goto: newKey(j) });
  writeSteps(targetDir, key(0), target, files);
  return {
    baseSteps: steps,
    baseButtons: steps * 4,
    targetSteps: target.length,
    targetButtons: target.reduce((n, s) => n + s.menu.length, 0),
    files,
  };
}

/**
 * A scenario shaped like real bots: a menu tree. The welcome step leads to a main menu of
 * `topics` topics; each topic step offers `answers` answers (buttons), each answer offers
 * "Back" (to its topic) and "Main menu"; from `steps` on, topics have sub-topics in turn
 * (breadth first) so any size is reached. One file per top-level topic (at most `files`).
 */
export function generateMenuScenario(dir, { steps = 2_000, fanout = 8, files = 12 } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const key = (i) => (i === 0 ? 'welcome' : i === 1 ? 'main_menu' : `topic_${i}`);
  // Node 1 is the main menu; node i's children are fanout*(i-1)+2 … fanout*(i-1)+fanout+1.
  const children = (i) =>
    Array.from({ length: fanout }, (_, k) => fanout * (i - 1) + 2 + k).filter((c) => c < steps);
  const parent = (i) => Math.floor((i - 2) / fanout) + 1;
  const top = (i) => {
    let at = i;
    while (at > 1 && parent(at) > 1) at = parent(at);
    return at;
  };
  const perFile = new Map();
  const add = (file, lines) => {
    if (!perFile.has(file)) perFile.set(file, []);
    perFile.get(file).push(...lines);
  };
  add(0, [
    `  ${key(0)}:`,
    '    type: message',
    '    text: Hello! I can answer questions.',
    `    next: ${key(1)}`,
  ]);
  for (let i = 1; i < steps; i++) {
    const file = i === 1 ? 0 : ((top(i) - 2) % files) + 1;
    const kids = i === 1 || children(i).length > 0 ? children(i) : [];
    const lines = [
      `  ${key(i)}:`,
      `    type: ${i % 11 === 7 ? 'catalog' : 'message'}`,
      `    text: Answer or menu number ${i}.`,
    ];
    const menu = kids.flatMap((c) => [`      - text: Topic ${c}`, `        goto: ${key(c)}`]);
    if (i > 1) menu.push('      - text: Back', `        goto: ${key(parent(i))}`);
    if (i > 1 && parent(i) !== 1) menu.push('      - text: Main menu', `        goto: ${key(1)}`);
    lines.push('    menu:', ...menu);
    add(file, lines);
  }
  for (const [file, lines] of perFile) {
    const head = ['# yaml-language-server: $schema=../../../schemas/scenario.schema.json'];
    if (file === 0) head.push(`start: ${key(0)}`);
    writeFileSync(
      path.join(dir, `menu-${String(file).padStart(3, '0')}.yaml`),
      `${[...head, 'steps:', ...lines].join('\n')}\n`,
    );
  }
  return { steps, files: perFile.size };
}
