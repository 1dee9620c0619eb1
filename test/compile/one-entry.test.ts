// One way into the compiler: on a corpus of projects with environments, variables and secrets,
// every command (plan, apply, test, graph, env) and the language server report the problems
// `validate` reports for the same environment — because they all compile through
// compile/project.ts. The commands run in-process through main(argv, io); the language server
// in-process over a pair of streams speaking JSON-RPC.
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { afterAll, describe, expect, it } from 'vitest';
import { runLanguageServer } from '../../src/lsp/server.js';
import { runCli, tempTree } from '../helpers/cli.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

const TEST_FILE = `tests:
  - name: greets
    turns:
      - bot: { step: welcome }
`;

const OPERATION = `  sync:
    type: operation
    api:
      method: POST
      url: https://api.example.com/orders
      staging_url: https://staging.api.example.com/orders
      headers:
        Authorization: Bearer \${secret:KITCHEN}
      response:
        required:
          status: string
        example:
          status: ok
      errors:
        - status: 500
          message: Down
    next: welcome
`;

/** The projects: each a tree of files, the environments to compare, and the shell. */
const CORPUS: {
  name: string;
  files: Record<string, string>;
  environments: (string | undefined)[];
  shell: Record<string, string>;
}[] = [
  {
    // The case of issue 19: a URL from a variable (valid once substituted), a variable one
    // environment lacks, a secret one environment gives no source for, an unreachable step.
    name: 'agency',
    environments: ['acme-staging', 'acme-production'],
    shell: { STAGING_KITCHEN: 'k-staging-secret-value' },
    files: {
      'botform.config.yaml': `scenario: scenarios
defaults:
  vars: { SITE: https://example.com }
layers:
  acme:
    vars: { BRAND: Acme }
environments:
  acme-staging:
    imports: [acme]
    shop: 2
    staging: true
    vars: { LOGO: https://example.com/logo.png }
    secrets: { KITCHEN: { env: STAGING_KITCHEN } }
  acme-production:
    imports: [acme]
    shop: 3
`,
      'scenarios/main.yaml': `start: welcome
steps:
  welcome:
    type: message
    text: Hello from \${var.BRAND}, see \${var.LOGO}
    menu:
      - text: Site
        url: \${var.SITE}
      - text: Sync
        goto: sync
${OPERATION}  orphan:
    type: message
    text: Nobody comes here
    end: true
`,
      'tests/main.test.yaml': TEST_FILE,
    },
  },
  {
    // No environments: the shell's BOTFORM_VAR_* fill variables; a typo is an error.
    name: 'plain',
    environments: [undefined],
    shell: { BOTFORM_VAR_SITE: 'https://example.com' },
    files: {
      'botform.config.yaml': 'scenario: scenarios\n',
      'scenarios/main.yaml': `start: welcome
steps:
  welcome:
    type: message
    text: Hi
    menu:
      - text: Site
        url: \${var.SITE}
      - text: Help
        url: \${var.STIE}/help
`,
      'tests/main.test.yaml': TEST_FILE,
    },
  },
  {
    // Each environment its own scenario folder: one with a warning, one with a schema error.
    name: 'split',
    environments: ['good', 'broken'],
    shell: {},
    files: {
      'botform.config.yaml': `environments:
  good:
    shop: 5
    scenario: [good]
    vars: { SITE: https://example.org }
  broken:
    shop: 6
    scenario: [broken]
`,
      'good/main.yaml': `start: welcome
steps:
  welcome:
    type: message
    text: Hi
    menu:
      - text: Site
        url: \${var.SITE}/start
      - text: Again
        goto: welcome
  later:
    type: message
    text: Not linked yet
    end: true
`,
      'broken/main.yaml': `start: welcome
steps:
  welcome:
    type: message
    text: Hi
    nxt: welcome
`,
      'tests/main.test.yaml': TEST_FILE,
    },
  },
  {
    // A problem of the config itself stops every command before any compile.
    name: 'bad config',
    environments: ['staging'],
    shell: {},
    files: {
      'botform.config.yaml': `scenario: scenarios
environments:
  staging:
    imports: [nowhere]
    shop: 2
`,
      'scenarios/main.yaml':
        'start: welcome\nsteps:\n  welcome: { type: message, text: Hi, end: true }\n',
      'tests/main.test.yaml': TEST_FILE,
    },
  },
];

const run = async (argv: string[], cwd: string, shell: Record<string, string>) => {
  const result = await runCli(argv, { cwd, env: shell });
  return { ...result, code: result.code ?? -1 };
};

/** A problem as every output can say it: place, severity, code. */
type Problem = string;
const problem = (d: {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
}): Problem => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`;

/** The problems in stylish output (what plan, apply and env print on stderr). */
function stylishProblems(text: string): Problem[] {
  const out: Problem[] = [];
  let file = '';
  for (const line of text.split('\n')) {
    const at = /^ {2}(\d+):(\d+)\s+(error|warning|info)\s+.*\s{2}([a-z][a-z0-9-]*)$/.exec(line);
    if (at)
      out.push(
        problem({
          file,
          line: Number(at[1]),
          column: Number(at[2]),
          severity: at[3] as string,
          code: at[4] as string,
        }),
      );
    else if (/^\S/.test(line) && !line.startsWith('How to fix') && !line.startsWith('✖'))
      file = line.trim();
  }
  return out.sort();
}

const envArgs = (env: string | undefined) => (env === undefined ? [] : ['--env', env]);
const errorsOf = (list: Problem[]) => list.filter((p) => p.includes(' error '));

async function validateProblems(
  dir: string,
  env: string | undefined,
  shell: Record<string, string>,
) {
  const validate = await run(['validate', ...envArgs(env), '--format', 'json'], dir, shell);
  const report = JSON.parse(validate.stdout) as { diagnostics: Parameters<typeof problem>[0][] };
  return report.diagnostics.map(problem).sort();
}

/**
 * What the language server publishes, once it has said something about each of `files` (and,
 * when `settle` is given, once that accepts it). The environment is named in initializationOptions,
 * or (`viaSettings`) in the `botform.environment` setting sent after initialization.
 */
async function editorProblems(
  dir: string,
  env: string | undefined,
  shell: Record<string, string>,
  files: readonly string[],
  options: { viaSettings?: boolean; accept?: (problems: Problem[]) => boolean } = {},
): Promise<Problem[]> {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const exited = runLanguageServer({ input: toServer, output: fromServer, cwd: dir, env: shell });
  const connection = createMessageConnection(
    new StreamMessageReader(fromServer),
    new StreamMessageWriter(toServer),
  );
  const published = new Map<string, Problem[]>();
  const SEVERITY = ['', 'error', 'warning', 'info'];
  let settle: () => void = () => undefined;
  const allSeen = new Promise<void>((resolve) => (settle = resolve));
  connection.onNotification(
    'textDocument/publishDiagnostics',
    (params: {
      uri: string;
      diagnostics: {
        range: { start: { line: number; character: number } };
        severity: number;
        code: string;
      }[];
    }) => {
      const file = path.relative(dir, fileURLToPath(params.uri)).split(path.sep).join('/');
      published.set(
        file,
        params.diagnostics.map((d) =>
          problem({
            file,
            line: d.range.start.line + 1,
            column: d.range.start.character + 1,
            severity: SEVERITY[d.severity] as string,
            code: d.code,
          }),
        ),
      );
      const accept = options.accept ?? (() => true);
      if (files.every((f) => published.has(f)) && accept([...published.values()].flat().sort()))
        settle();
    },
  );
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: null,
    rootUri: pathToFileURL(dir).href,
    capabilities: {},
    ...(env === undefined || options.viaSettings
      ? {}
      : { initializationOptions: { environment: env } }),
  });
  await connection.sendNotification('initialized', {});
  if (options.viaSettings)
    await connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { botform: { environment: env } },
    });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    allSeen,
    new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`published: ${JSON.stringify([...published])}`)),
        30_000,
      );
    }),
  ]);
  clearTimeout(timer);
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await exited;
  connection.dispose();
  return [...published.values()].flat().sort();
}

describe('every command reports the problems validate reports', () => {
  for (const project of CORPUS) {
    for (const env of project.environments) {
      it(`${project.name}${env ? `, environment ${env}` : ''}`, async () => {
        const t = tempTree(project.files);
        cleanups.push(t.cleanup);
        const { dir } = t;
        const expected = await validateProblems(dir, env, project.shell);
        expect(expected.length).toBeGreaterThan(0);
        const errors = errorsOf(expected);

        // plan and apply print every problem (stylish, on stderr) before touching a shop.
        const plan = await run(['plan', ...envArgs(env)], dir, project.shell);
        expect(stylishProblems(plan.stderr)).toEqual(expected);
        const apply = await run(['apply', ...envArgs(env), '--ci'], dir, project.shell);
        expect(stylishProblems(apply.stderr)).toEqual(expected);

        // test puts scenario errors into its report; warnings are validate's business.
        const test = await run(['test', ...envArgs(env), '--format', 'json'], dir, project.shell);
        const report = JSON.parse(test.stdout) as { diagnostics: Parameters<typeof problem>[0][] };
        expect(report.diagnostics.map(problem).sort()).toEqual(errors);
        expect(test.code).toBe(errors.length > 0 ? 1 : 0);

        // graph draws anyway and counts the errors; a broken config stops it with the first.
        const graph = await run(['graph', ...envArgs(env), '-f', 'mermaid'], dir, project.shell);
        const counted = /has (\d+) errors?/.exec(graph.stderr);
        if (graph.code === 0) expect(Number(counted?.[1] ?? 0)).toBe(errors.length);
        else expect(graph.stderr).toContain(errors[0]?.split(' ')[0]);

        // env prints the config's own problems, as validate does.
        const list = await run(['env', 'list'], dir, project.shell);
        expect(stylishProblems(list.stderr)).toEqual(
          expected.filter((p) => / env-[a-z-]+$/.test(p)),
        );

        // The editor checks the same environment (named in initializationOptions, or the
        // first) and shows the same problems, ${var} and ${secret} ones included.
        const files = [...new Set(expected.map((p) => p.slice(0, p.indexOf(':'))))];
        expect(await editorProblems(dir, env, project.shell, files)).toEqual(expected);
      });
    }
  }
});

describe('secret values: only runs that use them need them', () => {
  it('validate, local test, graph and the editor run without them; plan, apply and test --live say which is missing', async () => {
    const t = tempTree({
      ...(CORPUS[0] as (typeof CORPUS)[number]).files,
      'botform.config.yaml': `scenario: scenarios
environments:
  staging:
    shop: 2
    vars: { BRAND: Acme, LOGO: https://example.com/logo.png, SITE: https://example.com }
    secrets: { KITCHEN: { env: STAGING_KITCHEN } }
`,
    });
    cleanups.push(t.cleanup);
    const { dir } = t;
    const shell = {};
    const expected = await validateProblems(dir, 'staging', shell);
    expect(errorsOf(expected)).toEqual([]);
    const test = await run(['test', '--format', 'json'], dir, shell);
    expect(test.stderr).not.toContain('STAGING_KITCHEN');
    expect(test.code).toBe(0);
    const graph = await run(['graph', '-f', 'mermaid'], dir, shell);
    expect(graph.code).toBe(0);
    expect(graph.stderr).not.toContain('error');
    expect(await editorProblems(dir, undefined, shell, ['scenarios/main.yaml'])).toEqual(expected);

    const missing =
      /Environment "staging": secret KITCHEN comes from \$STAGING_KITCHEN, which is not set\.\s+env-secret-unset\n\s+hint: Set \$STAGING_KITCHEN where botform runs/;
    const plan = await run(['plan', '--env', 'staging'], dir, shell);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(missing);
    const apply = await run(['apply', '--env', 'staging', '--auto-approve'], dir, shell);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(missing);
    const live = await run(['test', '--live', '--format', 'json'], dir, shell);
    expect(live.code).toBe(1);
    const report = JSON.parse(live.stdout) as { diagnostics: { code: string; message: string }[] };
    expect(report.diagnostics.map((d) => d.code)).toEqual(['env-secret-unset']);
  });
});

describe('graph --env and the editor setting', () => {
  it('draws the named environment; the editor follows botform.environment', async () => {
    const t = tempTree((CORPUS[0] as (typeof CORPUS)[number]).files);
    cleanups.push(t.cleanup);
    const { dir } = t;
    const staging = await run(['graph', '--env', 'acme-staging', '-f', 'mermaid'], dir, {});
    expect(staging.stdout).toContain('welcome');
    expect(staging.stderr).not.toContain('has');
    const production = await run(['graph', '--env', 'acme-production', '-f', 'mermaid'], dir, {});
    expect(production.stderr).toContain('has 2 errors');
    const unknown = await run(['graph', '--env', 'acme-nowhere'], dir, {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No environment matches "acme-nowhere"');

    const expected = await validateProblems(dir, 'acme-production', {});
    expect(errorsOf(expected).length).toBe(2);
    const files = ['scenarios/main.yaml'];
    const same = (list: Problem[]) => JSON.stringify(list) === JSON.stringify(expected);
    expect(
      await editorProblems(dir, 'acme-production', {}, files, { viaSettings: true, accept: same }),
    ).toEqual(expected);
  });
});
