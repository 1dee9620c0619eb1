// `botform fmt [paths...] [--check] [--diff]`: rewrites YAML scenario files in the canonical
// layout (src/fmt). A file that does not parse is reported as validate would and left alone.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { loadConfig } from '../../config/load-config.js';
import { diagnosticAt } from '../../diagnostics/make.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { formatScenarioYaml } from '../../fmt/index.js';
import { writeFileAtomic } from '../../write-file-atomic.js';
import { findScenarioFiles, type FoundFile } from '../../load/find-files.js';
import { DEFAULT_LIMITS } from '../../load/limits.js';
import { readScenarioText } from '../../load/read-text.js';
import { fileDiagnostic } from '../../load/yaml-source.js';
import { paletteFor, useColor } from '../../render/colors.js';
import { stylish } from '../../render/diagnostics/stylish.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { scenarioInputs } from '../../environments/inputs.js';
import { plural } from '../../plural.js';

const HELP = `Usage: botform fmt [paths...] [options]

Rewrites YAML scenario files in botform's canonical layout, keeping every comment:
2-space indentation, keys in a fixed order (start, entries, steps; in a step: type,
description, text, the type's own fields, menu, next, else, on_error, ...), multi-line
texts as | blocks. The values never change. A file that does not parse is reported and
left untouched.
Paths may be files, directories or globs; without paths, the config's \`scenario:\` is used.

Options:
      --check          write nothing: list the files that are not formatted (for CI)
      --diff           with --check, print the changes as a unified diff instead
  -c, --config <file>  config file (default: botform.config.yaml)
  -h, --help           show this help

Exit codes: 0 all formatted, 1 files not formatted (--check) or not parseable,
2 botform itself failed or was misused.
`;

const YAML_NAME = /\.ya?ml$/i;

type Outcome =
  | { kind: 'unchanged' }
  | { kind: 'changed'; before: string; after: string }
  | { kind: 'problems'; diagnostics: Diagnostic[] }
  | { kind: 'refused'; message: string };

export async function fmtCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(argv);
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  if (values.diff && !values.check)
    throw new UsageError('--diff goes with --check (it shows what --check finds).');
  const palette = paletteFor(useColor(io.env, io.stderr.isTTY));
  const report = (diagnostics: Diagnostic[]) => io.stderr.write(stylish(diagnostics, { palette }));

  let inputs = positionals;
  if (inputs.length === 0) {
    const { config, diagnostics } = await loadConfig(io.cwd, values.config);
    if (diagnostics.some((d) => d.severity === 'error')) {
      report(diagnostics);
      return EXIT.problems;
    }
    inputs = scenarioInputs([], config, undefined);
    if (inputs.length === 0)
      throw new UsageError(
        'no scenario given. Name files or directories (e.g. "botform fmt scenarios/pizza-shop"), or set `scenario:` in botform.config.yaml.',
      );
  }

  const { files, missing } = await findScenarioFiles(inputs, io.cwd);
  const diagnostics: Diagnostic[] = missing.map((input) =>
    diagnosticAt(
      'no-scenario-files',
      `No scenario files (.yaml, .yml) found at "${input}".`,
      input,
      { line: 1, column: 1, endLine: 1, endColumn: 1 },
    ),
  );
  // TypeScript scenarios have their own formatters; fmt handles YAML only.
  const yamlFiles = files.filter((f) => YAML_NAME.test(f.absolute));
  const outcomes = await Promise.all(yamlFiles.map((file) => formatFile(file)));

  let failed = false;
  let changed = 0;
  for (const [i, outcome] of outcomes.entries()) {
    const file = yamlFiles[i] as FoundFile;
    switch (outcome.kind) {
      case 'unchanged':
        break;
      case 'problems':
        diagnostics.push(...outcome.diagnostics);
        break;
      case 'refused':
        io.stderr.write(
          `botform fmt: ${file.display}: ${outcome.message}; the file was left as it was. This is a bug in botform fmt, please report it.\n`,
        );
        failed = true;
        break;
      case 'changed':
        changed++;
        if (values.check) {
          io.stdout.write(
            values.diff
              ? unifiedDiff(file.display, outcome.before, outcome.after)
              : `${file.display}\n`,
          );
          break;
        }
        try {
          await writeFileAtomic(file.absolute, outcome.after);
          io.stdout.write(`${file.display}\n`);
        } catch (error) {
          io.stderr.write(
            `botform fmt: ${file.display}: could not write the file: ${error instanceof Error ? error.message : String(error)}\n`,
          );
          failed = true;
        }
        break;
      default: {
        const never: never = outcome;
        throw new Error(`unhandled outcome ${JSON.stringify(never)}`);
      }
    }
  }
  if (diagnostics.length > 0) report(diagnostics);
  if (values.check && changed > 0) {
    io.stderr.write(
      `${plural(changed, 'file is', 'files are')} not formatted. Run "botform fmt" to format ${changed === 1 ? 'it' : 'them'}.\n`,
    );
  }
  if (failed) return EXIT.toolFailure;
  return diagnostics.length > 0 || (values.check && changed > 0) ? EXIT.problems : EXIT.ok;
}

async function formatFile(file: FoundFile): Promise<Outcome> {
  const read = await readScenarioText(file.absolute, DEFAULT_LIMITS.maxFileBytes);
  if (!read.ok)
    return {
      kind: 'problems',
      diagnostics: [fileDiagnostic(file.display, read.code, read.message)],
    };
  const result = formatScenarioYaml(read.text, { file: file.display });
  if (result.ok)
    return result.changed
      ? { kind: 'changed', before: read.text, after: result.text }
      : { kind: 'unchanged' };
  return result.reason === 'unparseable'
    ? { kind: 'problems', diagnostics: result.diagnostics }
    : { kind: 'refused', message: result.message };
}

function unifiedDiff(display: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${display}`, `b/${display}`, before, after, undefined, undefined, {
    headerOptions: FILE_HEADERS_ONLY,
  });
}

function parseCliArgs(argv: string[]) {
  return parseCommandArgs(argv, {
    check: { type: 'boolean' },
    diff: { type: 'boolean' },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h' },
  });
}
