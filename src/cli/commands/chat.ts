// `botform chat [--record FILE]`: talks to the bot on the local runtime in the terminal. Each
// message is shown with its buttons numbered; a line is a button (its number or its label) or
// free text; `/vars`, `/step`, `/add NAME PRICE`, `/restart`, `/quit`. With piped stdin it
// reads lines without prompting, so a conversation can be scripted. `--record FILE` writes the
// conversations (one test each) as a conversation test that passes as recorded: the runtime's
// defaults (seed 1, operations answering their declared examples, no operator) are the test's.
import { createInterface } from 'node:readline';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { selectedOrFirst } from '../../compile/project.js';
import { start, step } from '../../runtime/index.js';
import type { TurnResult, UserInput } from '../../runtime/types.js';
import { botTurnOf, renderTests, userTurnOf } from '../../testgen/emit.js';
import { writeFileAtomic } from '../../write-file-atomic.js';
import { parseCommandArgs } from '../args.js';
import { compileForEnvironment } from '../compile-for-command.js';
import {
  ENVIRONMENT_HELP,
  ONE_ENVIRONMENT_OPTIONS,
  environmentsForCommand,
  requireOneEnvironment,
} from '../environment-flags.js';
import { EXIT, UsageError, type CliIo } from '../io.js';

const HELP = `Usage: botform chat [options]

Talks to the bot on the local runtime (no network): each message is shown with its buttons
numbered. Type a button's number or label to press it, or any text to answer. Commands:
  /vars             the conversation's variables
  /step             the step the bot waits at
  /add NAME PRICE   pick a product in a catalog
  /restart          a new conversation (recorded as another test)
  /quit             stop (so does the end of input)
With piped input, lines are read without prompts. See docs/testing.md.

Options:
      --record <file>          write the conversation as a conversation test (*.test.yaml)
  -s, --scenario <path>        the scenario (default: the config's \`scenario:\`)
  -c, --config <file>          config file (default: botform.config.yaml)
  -h, --help                   show this help
${ENVIRONMENT_HELP.replace(/.*--all-envs.*\n/, '')}
Exit codes: 0 done, 1 the scenario has errors, 2 botform itself failed or was misused.
`;

interface Recorded {
  name: string;
  turns: Record<string, unknown>[];
}

export async function chatCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    record: { type: 'string' },
    scenario: { type: 'string', short: 's' },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h' },
    ...ONE_ENVIRONMENT_OPTIONS,
  });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(
      `unexpected argument "${positionals[0]}"; name the scenario with --scenario.`,
    );
  requireOneEnvironment(values, 'botform chat uses one environment');
  const record = values.record === undefined ? undefined : path.resolve(io.cwd, values.record);
  if (record !== undefined && !/\.test\.ya?ml$/.test(record))
    throw new UsageError('--record writes a conversation test: name it *.test.yaml.');
  if (record !== undefined) {
    const existing = await readFile(record, 'utf8').catch(() => undefined);
    if (existing !== undefined)
      throw new UsageError(`${values.record} exists; --record writes a new file.`);
  }
  const project = await environmentsForCommand(values, values.config, io);
  if (!project) return EXIT.problems;
  const compiled = await compileForEnvironment(
    values.scenario ? [values.scenario] : [],
    project,
    selectedOrFirst(project),
    io,
    { realApi: false, secretValues: false },
  );
  if (!compiled) return EXIT.problems;
  const scenario = compiled.scenario;
  const interactive = io.stdin.isTTY === true && io.stdout.isTTY === true;
  const out = (line: string) => io.stdout.write(`${line}\n`);

  const recorded: Recorded[] = [];
  let current: Recorded = { name: 'chat 1', turns: [] };
  let last: TurnResult = start(scenario);
  let offered: string[] = [];
  const show = (result: TurnResult) => {
    for (const m of result.messages) {
      out(`bot: ${m.text.replace(/\n+$/, '').replace(/\n/g, '\n     ')}`);
      if (m.buttons.length > 0)
        offered = m.buttons.filter((b) => b.url === undefined).map((b) => b.text);
      m.buttons.forEach((b, i) => {
        out(`  [${i + 1}] ${b.text}${b.url !== undefined ? ` (${b.url})` : ''}`);
      });
    }
    for (const e of result.events)
      if (e.type === 'input_ignored') out(`(the bot ignored this: ${e.reason})`);
    if (result.error) out(`(the turn stopped: ${result.error.message})`);
    if (result.state.at === null) out('(the conversation has ended; /restart or /quit)');
  };
  const begin = (first?: TurnResult) => {
    current = { name: `chat ${recorded.length + 1}`, turns: [] };
    recorded.push(current);
    offered = [];
    last = first ?? start(scenario);
    current.turns.push({ bot: botTurnOf(last) });
    show(last);
  };
  const send = (input: UserInput) => {
    const result = step(scenario, last.state, input);
    // The buttons shown stay pressable while the bot waits at the same step.
    if (result.state.at !== last.state.at) offered = [];
    show(result);
    // An ignored input or a stopped turn is shown, not recorded: the test would fail on it.
    if (result.events.some((e) => e.type === 'input_ignored') || result.error) return;
    last = result;
    current.turns.push(userTurnOf(input), { bot: botTurnOf(result) });
  };

  begin(last);
  const lines = createInterface({ input: io.stdin, terminal: false });
  const prompt = () => {
    if (interactive) io.stdout.write('> ');
  };
  prompt();
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '/quit') break;
    if (line === '/restart') begin();
    else if (line === '/vars') out(JSON.stringify(last.state.vars, null, 2));
    else if (line === '/step') out(last.state.at === null ? '(ended)' : last.state.at);
    else if (line.startsWith('/add ')) {
      const m = /^\/add\s+(.+?)\s+(\d+(?:\.\d+)?)$/.exec(line);
      if (!m) out('(usage: /add NAME PRICE)');
      else send({ type: 'add', item: { name: m[1] as string, price: Number(m[2]), qty: 1 } });
    } else if (line.startsWith('/'))
      out('(commands: /vars, /step, /add NAME PRICE, /restart, /quit)');
    else if (line === '') {
      // nothing
    } else if (last.state.at === null) out('(the conversation has ended; /restart or /quit)');
    else {
      const n = /^\d+$/.test(line) ? Number(line) : undefined;
      const label =
        n !== undefined && n >= 1 && n <= offered.length
          ? offered[n - 1]
          : offered.find((l) => l === line);
      send(label !== undefined ? { type: 'press', label } : { type: 'text', text: raw });
    }
    prompt();
  }
  lines.close();
  if (record !== undefined) {
    const text = `# Recorded by \`botform chat\`: the bot's answers as they were, checked by \`botform test\`.\n${renderTests(recorded)}`;
    await writeFileAtomic(record, text);
    io.stderr.write(
      `Recorded ${recorded.length} conversation${recorded.length === 1 ? '' : 's'} in ${path.relative(io.cwd, record) || record}.\n`,
    );
  }
  return EXIT.ok;
}
