// `botform graph [paths...]`: the whole scenario as a picture (mermaid, dot, svg or html).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileProject, selectedOrFirst } from '../../compile/project.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { parseCoverage, withCoverage } from '../../graph-picture/coverage.js';
import { pictureToDot } from '../../graph-picture/dot.js';
import { pictureToHtml } from '../../graph-picture/html.js';
import { pictureToMermaid } from '../../graph-picture/mermaid.js';
import { buildPicture, focusPicture, type PictureNode } from '../../graph-picture/model.js';
import { renderDotToSvg } from '../../graph-picture/svg.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { requireInputs } from '../compile-for-command.js';
import { ENVIRONMENT_OPTIONS, projectForFlags, selectsMany } from '../environment-flags.js';
import { plural } from '../../plural.js';

const HELP = `Usage: botform graph [paths...] [options]

Draws the whole scenario: steps coloured by type, automatic transitions apart from buttons,
entry points and ends marked, problems (missing steps, unreachable steps, endless loops) in
red and orange.

Options:
  -f, --format <mermaid|dot|svg|html>  output format (default: svg)
  -o, --out <file>                     write to a file instead of stdout
      --focus <step>                   only the steps around this one
      --depth <n>                      how many transitions around --focus (default: 2)
      --coverage <file>                colour walked and unwalked transitions from
                                       coverage/botform-coverage.json (botform test --coverage)
      --link <file|vscode|none>        what a step links to (default: file, with #L<line>)
  -c, --config <file>                  config file (default: botform.config.yaml)
  -e, --env <name>                     the environment whose variables fill \${var.NAME}
                                       (default: the config's first)
      --var <NAME=value>, --var-file <file>   variables, as for "botform plan"
  -h, --help                           show this help
`;

const FORMATS = ['mermaid', 'dot', 'svg', 'html'] as const;
type Format = (typeof FORMATS)[number];
const LINKS = ['file', 'vscode', 'none'] as const;

export async function graphCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    focus: { type: 'string' },
    depth: { type: 'string' },
    coverage: { type: 'string' },
    link: { type: 'string' },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h' },
    env: ENVIRONMENT_OPTIONS.env,
    var: ENVIRONMENT_OPTIONS.var,
    'var-file': ENVIRONMENT_OPTIONS['var-file'],
  });
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const format = (values.format ?? 'svg') as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`unknown format "${values.format}"; use one of ${FORMATS.join(', ')}.`);
  const link = values.link ?? 'file';
  if (!(LINKS as readonly string[]).includes(link))
    throw new UsageError(`--link must be one of ${LINKS.join(', ')}.`);
  const depth = values.depth === undefined ? 2 : Number(values.depth);
  if (!Number.isInteger(depth) || depth < 0)
    throw new UsageError('--depth must be a whole number, 0 or more.');
  if (values.depth !== undefined && values.focus === undefined)
    throw new UsageError('--depth needs --focus <step>.');

  if (selectsMany(values))
    throw new UsageError('botform graph draws one environment: give --env one name.');
  // The scenario is compiled as validate compiles it for that environment: the same problems.
  const project = await projectForFlags(values, values.config, io);
  const projectError = project.diagnostics.find((d) => d.severity === 'error');
  if (projectError)
    throw new UsageError(
      `${projectError.file}:${projectError.line}:${projectError.column}: ${projectError.message}`,
    );
  const environment = selectedOrFirst(project);
  if (environment && values.env === undefined && project.all.length > 1)
    io.stderr.write(
      `Drawing environment "${environment.name}" (the first in the config; choose one with --env).\n`,
    );
  const compiled = await compileProject(project, {
    environment,
    paths: requireInputs(project, environment, positionals),
  });
  if (compiled.scenario.steps.size === 0) {
    const first = compiled.diagnostics[0];
    io.stderr.write(
      `botform graph: no steps to draw${first ? ` (${first.file}:${first.line}:${first.column}: ${first.message})` : ''}.\n`,
    );
    return EXIT.problems;
  }

  let picture = buildPicture(compiled);
  if (values.coverage !== undefined) {
    let text: string;
    try {
      text = await readFile(path.resolve(io.cwd, values.coverage), 'utf8');
    } catch {
      throw new UsageError(`cannot read the coverage file "${values.coverage}".`);
    }
    const read = parseCoverage(text);
    if (!read.ok) throw new UsageError(`${values.coverage}: ${read.message}`);
    picture = withCoverage(picture, read.coverage);
  }
  if (values.focus !== undefined) {
    if (!picture.nodes.some((n) => n.key === values.focus)) {
      const hint = didYouMean(
        values.focus,
        picture.nodes.map((n) => n.key),
      );
      throw new UsageError(`no step "${values.focus}" in the scenario.${hint ? ` ${hint}` : ''}`);
    }
    picture = focusPicture(picture, values.focus, depth);
  }

  const linkOf = (node: PictureNode): string | undefined => {
    if (link === 'none' || node.type === 'missing') return undefined;
    const absolute = path.resolve(io.cwd, node.file);
    return link === 'vscode'
      ? `vscode://file${pathToFileURL(absolute).pathname}:${node.line}`
      : `${pathToFileURL(absolute).href}#L${node.line}`;
  };
  const title =
    values.focus !== undefined ? `Around "${values.focus}" (${plural(depth, 'step')})` : 'Scenario';
  let output: string;
  const dotOptions = { linkOf, hubTags: values.focus === undefined };
  if (format === 'mermaid') output = pictureToMermaid(picture, linkOf);
  else if (format === 'dot') output = pictureToDot(picture, dotOptions);
  else {
    const svg = await renderDotToSvg(pictureToDot(picture, dotOptions));
    if (!svg.ok) throw new Error(`Graphviz could not draw the scenario: ${svg.message}`);
    output = format === 'svg' ? svg.svg : pictureToHtml({ title, svg: svg.svg, picture });
  }

  if (values.out !== undefined) {
    await writeFile(path.resolve(io.cwd, values.out), output);
    io.stderr.write(
      `botform graph: wrote ${values.out} (${picture.nodes.length} nodes, ${picture.edges.length} edges).\n`,
    );
  } else {
    io.stdout.write(output);
  }
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0)
    io.stderr.write(
      `botform graph: the scenario has ${plural(errors, 'error')}; problem steps are drawn in red. Run "botform validate" for details.\n`,
    );
  return EXIT.ok;
}
