// Command dispatch. Each command lives in its own module and returns an exit code; nothing here
// calls process.exit, so tests can run main() in-process as well as spawn the binary.
import { CredentialsError, TargetError } from '../deploy/target.js';
import type { CliIo } from './io.js';
import { EXIT, UsageError } from './io.js';
import { packageMeta } from '../package-meta.js';

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  validate: {
    summary: 'check scenario files: syntax, schemas and the scenario graph',
    load: async () => (await import('./commands/validate.js')).validateCommand,
  },
  plan: {
    summary: 'show what apply would change in the live shop',
    load: async () => (await import('./commands/plan.js')).planCommand,
  },
  apply: {
    summary: 'apply the plan to the live shop',
    load: async () => (await import('./commands/apply.js')).applyCommand,
  },
  pull: {
    summary: 'write the live shop as scenario files (YAML or TypeScript)',
    load: async () => (await import('./commands/pull.js')).pullCommand,
  },
  fmt: {
    summary: 'rewrite YAML scenario files in the canonical layout',
    load: async () => (await import('./commands/fmt.js')).fmtCommand,
  },
  serve: {
    summary: 'run the local HighTouch API emulator',
    load: async () => (await import('./commands/serve.js')).serveCommand,
  },
  graph: {
    summary: 'draw the whole scenario as a picture (mermaid, dot, svg, html)',
    load: async () => (await import('./commands/graph.js')).graphCommand,
  },
  lsp: {
    summary: 'run the language server for editors (stdio)',
    load: async () => (await import('./commands/lsp.js')).lspCommand,
  },
  test: {
    summary: 'run conversation tests (*.test.yaml) on the scenario, with transition coverage',
    load: async () => (await import('./commands/test.js')).testCommand,
  },
  chat: {
    summary: 'talk to the bot on the local runtime; --record writes the conversation as a test',
    load: async () => (await import('./commands/chat.js')).chatCommand,
  },
  env: {
    summary: 'list the environments (for a CI matrix) or show one, with where each value came from',
    load: async () => (await import('./commands/env.js')).envCommand,
  },
  review: {
    summary:
      'what a change does to conversations: the ones that change, untested transitions, affected tests',
    load: async () => (await import('./commands/review.js')).reviewCommand,
  },
  rules: {
    summary: "list the team's rules (path properties, step rules, plan policies) and their files",
    load: async () => (await import('./commands/rules.js')).rulesCommand,
  },
  init: {
    summary: 'scaffold a bot repository: config with staging and production, example, CI workflow',
    load: async () => (await import('./commands/init.js')).initCommand,
  },
};

const USAGE = `botform — bot scenarios as code for the HighTouch platform

Usage: botform <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Run "botform <command> --help" for a command's options.
`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE);
    return name === undefined ? EXIT.toolFailure : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`botform ${packageMeta().version}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr.write(`botform: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.toolFailure;
  }
  // Under `plan --detailed-exitcode`, 2 means "changes present" and nothing else: a scheduled
  // drift job must never read misuse or a broken setup as drift, so every failure is 1.
  const failure =
    name === 'plan' &&
    rest.some((a) => a === '--detailed-exitcode' || a.startsWith('--detailed-exitcode='))
      ? EXIT.problems
      : EXIT.toolFailure;
  try {
    const command = await entry.load();
    return await command(rest, io);
  } catch (error) {
    // Missing credentials, however they are missing (no HIGHTOUCH_*, an environment's variables
    // unset), are a run that cannot be made: 1, like credentials the API refuses.
    if (error instanceof CredentialsError) {
      io.stderr.write(`botform ${name}: ${error.message}\n`);
      return EXIT.problems;
    }
    // A target the flags and the shell cannot make (a bad URL or shop) is misuse too.
    if (error instanceof UsageError || error instanceof TargetError) {
      io.stderr.write(`botform ${name}: ${error.message}\n`);
      return failure;
    }
    // A bug in botform itself: say so plainly, without a stack trace unless asked for.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`botform ${name}: internal error: ${message}\n`);
    if (io.env.BOTFORM_DEBUG) io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return failure;
  }
}
