// Scenarios of real size for the picture tests, as files for tempTree: a menu tree (the shape of
// FAQ bots: topics, answers, "Back" and "Main menu" buttons), a long chain, and a tangle of
// buttons between random-looking steps (the hardest case for any layout).

type Files = Record<string, string>;

function stepYaml(key: string, text: string, buttons: [string, string][], next?: string): string {
  const menu = buttons
    .map(([label, to]) => `      - text: ${label}\n        goto: ${to}\n`)
    .join('');
  return `  ${key}:\n    type: message\n    text: ${text}\n${next ? `    next: ${next}\n` : ''}${menu ? `    menu:\n${menu}` : '    end: true\n'}`;
}

/** `topics` topics of `answers` answers each under a main menu, one file per topic. */
export function menuTree(topics: number, answers: number): Files {
  const files: Files = {
    'main.yaml': `start: main_menu\nsteps:\n${stepYaml(
      'main_menu',
      'What would you like to know?',
      Array.from({ length: topics }, (_, t) => [`Topic ${t}`, `topic_${t}`]),
    )}`,
  };
  for (let t = 0; t < topics; t++) {
    const steps = [
      stepYaml(`topic_${t}`, `Questions about topic ${t}`, [
        ...Array.from({ length: answers }, (_, a): [string, string] => [
          `Question ${a}`,
          `answer_${t}_${a}`,
        ]),
        ['Main menu', 'main_menu'],
      ]),
      ...Array.from({ length: answers }, (_, a) =>
        stepYaml(`answer_${t}_${a}`, `The answer to question ${a} of topic ${t}.`, [
          ['Back', `topic_${t}`],
          ['Main menu', 'main_menu'],
        ]),
      ),
    ];
    files[`topic-${t}.yaml`] = `steps:\n${steps.join('')}`;
  }
  return files;
}

/** `n` steps, each leading to the next by `next`, in one file. */
export function chain(n: number): Files {
  const steps = Array.from({ length: n }, (_, i) =>
    i < n - 1
      ? stepYaml(`s${i}`, `Step ${i}`, [], `s${i + 1}`)
      : stepYaml(`s${i}`, `Step ${i}`, []),
  );
  return { 'chain.yaml': `start: s0\nsteps:\n${steps.join('')}` };
}

/** `n` steps with 4 buttons each to steps spread over the whole scenario, in files of 100. */
export function tangle(n: number): Files {
  const files: Files = {};
  for (let f = 0; f * 100 < n; f++) {
    const steps: string[] = [];
    for (let i = f * 100; i < Math.min(n, (f + 1) * 100); i++)
      steps.push(
        stepYaml(
          `s${i}`,
          `Step ${i}`,
          [(i + 1) % n, (i + 7) % n, (i * 13 + 5) % n, 0].map((t, b): [string, string] => [
            `Option ${b}`,
            `s${t}`,
          ]),
        ),
      );
    files[`part-${f}.yaml`] = `${f === 0 ? 'start: s0\n' : ''}steps:\n${steps.join('')}`;
  }
  return files;
}
