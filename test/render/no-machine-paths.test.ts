// No output holds an absolute path of the machine that ran botform: reports travel (pull request
// comments, code scanning, CI artefacts), and a path into someone's checkout or install folder is
// dead there and says more than it should. Every command and format is run in a project in a temp
// folder (and botform from its own checkout); neither folder may appear. The exceptions are what
// the user asked for: `--link vscode` (a link into their own checkout) and the Cobertura report's
// <source>, which tools such as GitLab join with each file name to find the file in the job.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/cli.js';
import { REPO } from '../helpers/fixtures.js';
import { runMain } from '../helpers/in-process.js';

const SCENARIO = `start: welcome
steps:
  welcome:
    type: message
    text: Hi
    menu:
      - { text: Menu, goto: menu }
      - { text: Help, goto: nowhere }
  menu:
    type: message
    text: The menu
    end: true
  orphan:
    type: message
    text: Lost
    end: true
`;
const VALID = SCENARIO.replace('goto: nowhere', 'goto: menu');
const TESTS = `tests:
  - name: menu
    turns:
      - bot: { step: welcome }
      - user: { press: Menu }
      - bot: { step: welcome }
`;

let project: { dir: string; cleanup: () => void };
let valid: { dir: string; cleanup: () => void };
beforeAll(() => {
  project = tempTree({ 'bot.yaml': SCENARIO, 'botform.config.yaml': 'scenario: bot.yaml\n' });
  valid = tempTree({
    'bot.yaml': VALID,
    'tests/bot.test.yaml': TESTS,
    'botform.config.yaml': 'scenario: bot.yaml\n',
  });
});
afterAll(() => {
  project.cleanup();
  valid.cleanup();
});

/** Every place this machine's paths could leak from: the project, botform's checkout, their real paths. */
function machinePaths(dir: string): string[] {
  return [dir, REPO.replace(/\/$/, ''), path.dirname(REPO.replace(/\/$/, ''))].filter(
    (p) => p.length > 1,
  );
}

function expectClean(what: string, text: string, dir: string): void {
  for (const p of machinePaths(dir))
    expect(text.includes(p), `${what} holds ${p}:\n${text.slice(0, 2000)}`).toBe(false);
  expect(text, what).not.toMatch(/file:\/\//);
}

describe('no output holds a path of the machine that ran it', () => {
  it('validate, in every format', async () => {
    for (const format of ['stylish', 'json', 'github', 'sarif', 'junit', 'summary']) {
      const run = await runMain(['validate', '--format', format], { cwd: project.dir });
      expect(run.code, format).toBe(1);
      expectClean(`validate --format ${format}`, run.stdout + run.stderr, project.dir);
    }
  });

  it('test, in every format, and the coverage files it writes', async () => {
    for (const format of ['stylish', 'json', 'github', 'junit', 'summary']) {
      const run = await runMain(['test', '--coverage', '--format', format], { cwd: valid.dir });
      expect(run.code, format).toBe(1);
      expectClean(`test --format ${format}`, run.stdout + run.stderr, valid.dir);
    }
    const coverage = path.join(valid.dir, 'coverage');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) =>
        statSync(path.join(dir, f)).isDirectory() ? files(path.join(dir, f)) : [path.join(dir, f)],
      );
    for (const file of files(coverage)) {
      let text = readFileSync(file, 'utf8');
      if (file.endsWith('cobertura-coverage.xml'))
        text = text.replace(/<source>[^<]*<\/source>/, '<source>(the project root)</source>');
      expectClean(path.relative(valid.dir, file), text, valid.dir);
    }
  });

  it('graph, in every format, to stdout and to a file', async () => {
    for (const format of ['mermaid', 'dot', 'svg', 'html']) {
      const run = await runMain(['graph', '--format', format], { cwd: valid.dir });
      expect(run.code, format).toBe(0);
      expectClean(`graph --format ${format}`, run.stdout + run.stderr, valid.dir);
      const out = await runMain(['graph', '--format', format, '-o', `pictures/graph.${format}`], {
        cwd: valid.dir,
      });
      expect(out.code, format).toBe(0);
      expectClean(
        `graph -o pictures/graph.${format}`,
        readFileSync(path.join(valid.dir, 'pictures', `graph.${format}`), 'utf8') + out.stderr,
        valid.dir,
      );
    }
  });

  it('plan, in every format', async () => {
    for (const format of ['human', 'json', 'markdown', 'github', 'summary']) {
      const run = await runMain(['plan', '--format', format], { cwd: valid.dir });
      expect(run.code, `${format}: ${run.stderr}`).toBe(0);
      expectClean(`plan --format ${format}`, run.stdout + run.stderr, valid.dir);
    }
  });
});
