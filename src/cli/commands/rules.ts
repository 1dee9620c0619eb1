// `botform rules list [--json]`: the team rules botform loads (docs/rules.md) — each rule's id,
// form, severity, environments and where it is written — and any problem with the rule files.
import { loadConfig } from '../../config/load-config.js';
import { loadRuleFiles } from '../../rules/index.js';
import { parseCommandArgs } from '../args.js';
import { stylishToStderr } from '../compile-for-command.js';
import { EXIT, type CliIo } from '../io.js';

const HELP = `Usage: botform rules list [--json]

Lists the team rules of the config's rule_files (default rules/*.rules.yaml): id, form,
severity, environments and file:line. validate, plan, apply and the editor run them.

Options:
  -c, --config <file>   config file (default: botform.config.yaml)
      --json            print the list as JSON
  -h, --help            show this help
`;

const FORMS = [
  ['every_path', 'every path'],
  ['reaches', 'reaches'],
  ['never', 'never'],
  ['require', 'steps'],
  ['plan', 'plan policy'],
] as const;

export async function rulesCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'boolean' },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help || positionals[0] !== 'list' || positionals.length > 1) {
    io.stdout.write(HELP);
    return values.help ? EXIT.ok : EXIT.toolFailure;
  }
  const { config, diagnostics: configProblems } = await loadConfig(io.cwd, values.config);
  const loaded = await loadRuleFiles(config, io.cwd);
  const rows = loaded.files.flatMap((file) =>
    file.rules.map(({ raw, index }) => {
      const at = file.locator.locate(['rules', index], 'value');
      return {
        id: String(raw.id),
        form: FORMS.find(([key]) => key in raw)?.[1] ?? 'unknown',
        severity: typeof raw.severity === 'string' ? raw.severity : 'error',
        environments: Array.isArray(raw.environments) ? raw.environments.map(String) : [],
        file: file.file,
        line: at.line,
        message: typeof raw.message === 'string' ? raw.message : '',
      };
    }),
  );
  const problems = [...configProblems, ...loaded.diagnostics];
  if (values.json) io.stdout.write(`${JSON.stringify({ rules: rows, problems }, null, 2)}\n`);
  else if (rows.length === 0)
    io.stdout.write('No team rules (rule_files, default rules/*.rules.yaml).\n');
  else
    for (const r of rows)
      io.stdout.write(
        `${r.id}  ${r.form}, ${r.severity}${r.environments.length > 0 ? `, only in ${r.environments.join(', ')}` : ''}  ${r.file}:${r.line}\n    ${r.message}\n`,
      );
  if (problems.length > 0) {
    if (!values.json) stylishToStderr(io)(problems);
    return EXIT.problems;
  }
  return EXIT.ok;
}
