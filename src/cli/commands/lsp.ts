// `botform lsp`: the language server, speaking LSP over stdin/stdout until the editor exits it.
import { runLanguageServer } from '../../lsp/server.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type CliIo } from '../io.js';

const HELP = `Usage: botform lsp [--stdio]

Runs the botform language server over stdin and stdout, for editors: diagnostics as you type
(the same as "botform validate"), completion of step keys, step types, fields and variables,
go to definition, find references, rename a step (with renamed_from), hover and quick fixes.
The workspace folder's botform.config.yaml says where the scenario is; with environments, the
first one's variables fill \${var.NAME} unless the editor names another (initializationOptions
or the setting botform.environment). See docs/editor.md.

Options:
  --stdio      accepted for editors that always pass it (stdio is the only transport)
  -h, --help   show this help
`;

export async function lspCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    stdio: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const code = await runLanguageServer({
    input: io.stdin,
    output: io.stdout,
    cwd: io.cwd,
    log: (line) => io.stderr.write(line),
    env: io.env,
  });
  return code === 0 ? EXIT.ok : EXIT.problems;
}
