// The recipe for a new step type, proved: a copy of botform gets a throwaway type (`survey`: asks,
// offers a Skip button of its own, saves the answer, says a `thanks_text` template, then `next`)
// by editing exactly the files the recipe in docs/adding-a-step-type.md lists — its schema, its
// registry entry, its runtime meaning, its DSL builder and docs — and nothing else. The copy is
// compiled (so every Record over the step types is complete), then validate, the expression
// checks, the test checker and runner, fmt, graph, plan and apply all handle the new type.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/cli.js';
import { REPO } from '../helpers/fixtures.js';

/** Every file the recipe touches, besides tests (docs/adding-a-step-type.md lists the same). */
const RECIPE_FILES = [
  'schemas/step-survey.schema.json',
  'schemas/step.schema.json',
  'schemas/hightouch.openapi.json',
  'src/steps/survey.ts',
  'src/steps/index.ts',
  'src/runtime/steps/survey.ts',
  'src/runtime/steps/index.ts',
  'src/dsl/types.ts',
  'src/dsl/index.ts',
  'docs/scenario-format.md',
  'docs/hightouch-api.md',
] as const;

const SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'botform survey step',
  description: 'Asks one thing, saves the answer, thanks the user; waits for the answer.',
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text', 'save_as'],
  properties: {
    type: { const: 'survey' },
    description: { $ref: 'common.schema.json#/definitions/description' },
    end: { type: 'boolean' },
    protect: { type: 'boolean' },
    renamed_from: { $ref: 'common.schema.json#/definitions/renamedFrom' },
    text: { $ref: 'common.schema.json#/definitions/text' },
    menu: { $ref: 'common.schema.json#/definitions/menu' },
    next: { $ref: 'common.schema.json#/definitions/transition' },
    save_as: { $ref: 'common.schema.json#/definitions/variable' },
    thanks_text: { type: 'string', maxLength: 1000 },
    skip_text: { type: 'string', maxLength: 64 },
  },
};

const ENTRY = `// Asks one thing, saves the answer, thanks the user; waits for the answer.
import { defineStep } from './types.js';

export const survey = defineStep({
  type: 'survey',
  schema: 'step-survey.schema.json',
  builder: 'survey',
  waits: true,
  textRequired: true,
  params: ['description', 'save_as', 'thanks_text', 'skip_text'],
  next: 'unless-step-waits',
  transitions: [],
  picture: { fill: '#eef6ff', border: '#0550ae', label: 'survey' },
  defaults: {},
  fields: {
    save_as: [
      { role: 'saves', name: [], type: { from: 'fixed', kind: 'text' }, setBefore: ['thanks_text'] },
    ],
    thanks_text: [{ role: 'template', at: [] }],
    skip_text: [{ role: 'button', fallback: 'Skip', takes: 'next' }],
  },
  without: [],
});
`;

const MEANING = `// survey: asks, waits for a typed answer, saves it as save_as, says thanks_text, takes next;
// its own Skip button takes next without an answer.
import { ownButtonLabel, ownButtonsOf } from '../../steps/roles.js';
import type { Step } from '../../model/scenario.js';
import { ignore, inputText, nextOrEnd, pressedButton, stringField } from './common.js';
import type { StepMeaning } from './meaning.js';

const skipOf = (step: Step) => ownButtonsOf(step.type).map((b) => ownButtonLabel(b, step.fields));

export const survey: StepMeaning = {
  enter(step, turn) {
    const skip = turn.transition(step, 'next') ? skipOf(step) : [];
    turn.say(step, step.text, skip.map((text) => ({ text })));
    return { kind: 'wait', waiting: { kind: 'answer' } };
  },
  reply(step, turn, input, waiting) {
    const pressed = pressedButton(step, turn, input);
    if (pressed) return pressed;
    if (skipOf(step).includes(inputText(input) ?? '')) return nextOrEnd(step, turn);
    if (input.type !== 'text') return ignore(step, turn, waiting, 'a survey waits for an answer');
    const name = stringField(step, 'save_as');
    if (name !== undefined) turn.setVar(step, name, input.text);
    const thanks = stringField(step, 'thanks_text');
    if (thanks !== undefined) turn.sayPlain(step, thanks);
    return nextOrEnd(step, turn);
  },
};
`;

/** Applies the recipe to a copy of the repository at `root`; returns the files it wrote. */
function addSurveyType(root: string): string[] {
  const written: string[] = [];
  const edit = (file: string, change: (text: string) => string) => {
    const at = path.join(root, file);
    let before = '';
    try {
      before = readFileSync(at, 'utf8');
    } catch {
      // a new file
    }
    const after = change(before);
    if (after === before) throw new Error(`the recipe changed nothing in ${file}`);
    writeFileSync(at, after);
    written.push(file);
  };
  type Doc = {
    properties: { type: { enum: string[] } };
    allOf: { if: unknown; then: { $ref: string } }[];
    components: { schemas: { StepType: { enum: string[] } } };
  };
  const json = (change: (doc: Doc) => void) => (text: string) => {
    const doc = JSON.parse(text) as Doc;
    change(doc);
    return `${JSON.stringify(doc, null, 2)}\n`;
  };
  const after = (anchor: string, insert: string) => (text: string) => {
    if (!text.includes(anchor)) throw new Error(`no "${anchor}"`);
    return text.replace(anchor, `${anchor}${insert}`);
  };
  // 1. The schema, listed in step.schema.json and the API's StepType.
  edit('schemas/step-survey.schema.json', () => `${JSON.stringify(SCHEMA, null, 2)}\n`);
  edit(
    'schemas/step.schema.json',
    json((doc) => {
      doc.properties.type.enum.push('survey');
      // An `if`/`then` pair (written as JSON: a `then` key in an object literal reads as a thenable).
      doc.allOf.push(
        JSON.parse(
          '{"if": {"properties": {"type": {"const": "survey"}}, "required": ["type"]}, "then": {"$ref": "step-survey.schema.json"}}',
        ),
      );
    }),
  );
  edit(
    'schemas/hightouch.openapi.json',
    json((doc) => doc.components.schemas.StepType.enum.push('survey')),
  );
  // 2. The registry entry.
  edit('src/steps/survey.ts', () => ENTRY);
  edit('src/steps/index.ts', (text) =>
    after(
      "import { randomizer } from './randomizer.js';",
      "\nimport { survey } from './survey.js';",
    )(after('  handoff,\n', '  survey,\n')(text)),
  );
  // 3. Its runtime meaning.
  edit('src/runtime/steps/survey.ts', () => MEANING);
  edit('src/runtime/steps/index.ts', (text) =>
    after(
      "import { randomizer } from './randomizer.js';",
      "\nimport { survey } from './survey.js';",
    )(after('  handoff,\n', '  survey,\n')(text)),
  );
  // 4. The DSL.
  edit(
    'src/dsl/types.ts',
    (text) =>
      `${after('  | HandoffStep<K>', '\n  | SurveyStep<K>')(text)}
export interface SurveyStep<K extends string> extends Talks<K> {
  readonly type: 'survey';
  readonly save_as: string;
  readonly thanks_text?: string;
  readonly skip_text?: string;
}
`,
  );
  edit(
    'src/dsl/index.ts',
    (text) =>
      `${after('  Step,\n', '  SurveyStep,\n')(text)}
export const survey = <const K extends string = never>(
  def: Def<SurveyStep<K>>,
): SurveyStep<NoInfer<K>> => ({ type: 'survey', ...def });
`,
  );
  // 5. Docs.
  edit('docs/scenario-format.md', (text) =>
    text.replace(
      /(\| `handoff` .*\n)/,
      '$1| `survey` | yes | `save_as` (required), `thanks_text`, `skip_text` | `next`, buttons |\n',
    ),
  );
  edit('docs/hightouch-api.md', (text) =>
    text.replace('`order`, `handoff` |', '`order`, `handoff`, `survey` |'),
  );
  return written;
}

type Main = (argv: string[], io: unknown) => Promise<number>;

let root: string;
let main: Main;
let written: string[];

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'botform-recipe-'));
  for (const part of ['src', 'schemas', 'docs', 'scripts', 'bin'])
    cpSync(path.join(REPO, part), path.join(root, part), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json'])
    cpSync(path.join(REPO, file), path.join(root, file));
  symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  written = addSurveyType(root);
  // The whole copy must compile: a type missing from any Record over the step types fails here.
  execFileSync(
    process.execPath,
    [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'pipe',
    },
  );
  execFileSync(process.execPath, ['scripts/build-validators.mjs'], { cwd: root, stdio: 'pipe' });
}, 240_000);

beforeAll(async () => {
  main = ((await import(pathToFileURL(path.join(root, 'dist/cli/main.js')).href)) as { main: Main })
    .main;
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(argv: string[], cwd: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(argv, {
    env: { NO_COLOR: '1' },
    cwd,
    stdout,
    stderr,
    stdin: Readable.from([]),
  });
  return { code, stdout: out, stderr: err };
}

const SCENARIO = `start: welcome
steps:
  welcome:
    type: message
    text: Hi
    menu:
      - text: Tell us
        goto: colour
  colour:
    thanks_text: "Thanks, {{ colour }} it is"
    save_as: colour
    type: survey
    text: Your favourite colour?
    next: bye
  bye:
    type: message
    text: "Bye, {{ colour }} fan"
    end: true
`;

const TESTS = `tests:
  - name: answers
    turns:
      - bot: { step: welcome }
      - user: { press: Tell us }
      - bot: { step: colour, buttons: [Skip] }
      - user: { text: blue }
      - bot: { says: ["Thanks, blue it is", "Bye, blue fan"] }
  - name: skips
    turns:
      - user: { press: Tell us }
      - user: { press: Skip }
      - bot: { step: bye }
`;

describe('the recipe for a new step type', () => {
  it('touches exactly the files the recipe lists, and docs/adding-a-step-type.md lists them', () => {
    expect([...written].sort()).toStrictEqual([...RECIPE_FILES].sort());
    const page = readFileSync(path.join(REPO, 'docs/adding-a-step-type.md'), 'utf8');
    const recipe = page.slice(page.indexOf('**Recipe: adding a step type.**'));
    for (const file of RECIPE_FILES)
      expect(recipe, file).toContain(file.replace('survey', '<type>'));
  });

  it('the new type validates, runs its tests, is formatted, drawn, planned and applied', async () => {
    const t = tempTree({
      'botform.config.yaml': 'scenario: scenarios\n',
      'scenarios/main.yaml': SCENARIO,
      'tests/main.test.yaml': TESTS,
    });
    try {
      // Its template reads the answer it saved just before saying it: no "may not be set".
      const valid = await run(['validate', '--fail-on', 'warning'], t.dir);
      expect(valid.stdout).toContain('Valid: 3 steps');
      expect(valid.code).toBe(0);

      // Its own button is offered to tests, its meaning runs.
      const tests = await run(['test'], t.dir);
      expect(tests.stdout).toContain('Tests: 2 passed, 0 failed');
      expect(tests.code).toBe(0);

      // fmt lays out its own fields from the entry (type, text, own fields, next).
      const fmt = await run(['fmt'], t.dir);
      expect(fmt.code).toBe(0);
      expect(readFileSync(path.join(t.dir, 'scenarios/main.yaml'), 'utf8')).toContain(
        '  colour:\n    type: survey\n    text: Your favourite colour?\n    save_as: colour\n    thanks_text: "Thanks, {{ colour }} it is"\n    next: bye\n',
      );

      const graph = await run(['graph', '-f', 'dot'], t.dir);
      expect(graph.stdout).toContain('survey');

      const apply = await run(['apply', '--auto-approve'], t.dir);
      expect(apply.code).toBe(0);
      const plan = await run(['plan', '--detailed-exitcode'], t.dir);
      expect(plan.stdout).toContain('No changes');
      expect(plan.code).toBe(0);

      // A typo in its template is caught at its place, from its declared role alone.
      writeFileSync(
        path.join(t.dir, 'scenarios/main.yaml'),
        SCENARIO.replace('Thanks, {{ colour }}', 'Thanks, {{ colur }}'),
      );
      const typo = await run(['validate'], t.dir);
      expect(typo.code).toBe(1);
      expect(typo.stdout).toMatch(/10:\d+\s+error\s+.*colur.*unknown-variable/);
    } finally {
      t.cleanup();
    }
  });
});
