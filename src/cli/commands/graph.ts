// `botform graph [paths...]`: the whole scenario as a picture (mermaid, dot, svg or html).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileProject, selectedOrFirst } from '../../compile/project.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import {
  parseCoverage,
  staleCoverage,
  staleCoverageWarning,
  withCoverage,
} from '../../graph-picture/coverage.js';
import { pictureToDot } from '../../graph-picture/dot.js';
import { drawSvg, GRAPHVIZ_LIMITS, LAYOUTS, type Layout } from '../../graph-picture/draw.js';
import { pictureToHtml } from '../../graph-picture/html.js';
import { pictureToMermaid } from '../../graph-picture/mermaid.js';
import { buildPicture, focusPicture, type Picture } from '../../graph-picture/model.js';
import { parseCommandArgs } from '../args.js';
import { writeFileAtomic } from '../../write-file-atomic.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { requireInputs } from '../compile-for-command.js';
import {
  ONE_ENVIRONMENT_OPTIONS,
  projectForFlags,
  requireOneEnvironment,
} from '../environment-flags.js';
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
      --link <file|vscode|none>        what a step links to (default: file, with #L<line>,
                                       relative to the output file)
      --layout <auto|graphviz|overview>
                                       svg and html: Graphviz for small scenarios, an overview
                                       layout past ${GRAPHVIZ_LIMITS.nodes} steps (default: auto)
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
    layout: { type: 'string' },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h' },
    ...ONE_ENVIRONMENT_OPTIONS,
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
  const layout = (values.layout ?? 'auto') as Layout;
  if (!LAYOUTS.includes(layout))
    throw new UsageError(`--layout must be one of ${LAYOUTS.join(', ')}.`);
  const depth = values.depth === undefined ? 2 : Number(values.depth);
  if (!Number.isInteger(depth) || depth < 0)
    throw new UsageError('--depth must be a whole number, 0 or more.');
  if (values.depth !== undefined && values.focus === undefined)
    throw new UsageError('--depth needs --focus <step>.');

  requireOneEnvironment(values, 'botform graph draws one environment');
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
    const warning = staleCoverageWarning(
      staleCoverage(read.coverage, compiled.scenario, picture),
      values.coverage,
    );
    if (warning) io.stderr.write(warning);
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

  const out = values.out === undefined ? undefined : path.resolve(io.cwd, values.out);
  const links = stepLinks(picture, link, io.cwd, out === undefined ? io.cwd : path.dirname(out));
  const title =
    values.focus !== undefined ? `Around "${values.focus}" (${plural(depth, 'step')})` : 'Scenario';
  let output: string;
  const hubTags = values.focus === undefined;
  if (format === 'mermaid') {
    const mermaid = pictureToMermaid(picture, { links, hubTags });
    output = mermaid.text;
    if (mermaid.collapsed) io.stderr.write(`botform graph: ${mermaid.collapsed}\n`);
  } else if (format === 'dot') output = pictureToDot(picture, { links, hubTags });
  else {
    if (layout === 'graphviz' || picture.nodes.length > GRAPHVIZ_LIMITS.nodes)
      io.stderr.write(`botform graph: laying out ${picture.nodes.length} steps…\n`);
    const drawn = await drawSvg({ picture, links, title, hubTags, layout });
    if (drawn.reason)
      io.stderr.write(
        `botform graph: drawn as an overview: ${drawn.reason}. --focus <step> draws the full picture around a step.\n`,
      );
    output =
      format === 'svg' ? drawn.svg : pictureToHtml({ title, svg: drawn.svg, picture: picture });
  }

  if (values.out !== undefined && out !== undefined) {
    await writeFileAtomic(out, output);
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

/**
 * Where each step links: its file (relative to the folder the output goes to, so the link works
 * wherever the picture and the repository are checked out) with `#L<line>`, a VS Code link when
 * asked for, or nothing.
 */
function stepLinks(
  picture: Picture,
  kind: string,
  cwd: string,
  outputDir: string,
): Map<string, string> {
  const links = new Map<string, string>();
  if (kind === 'none') return links;
  for (const node of picture.nodes) {
    if (node.type === 'missing') continue;
    const absolute = path.resolve(cwd, node.file);
    if (kind === 'vscode')
      links.set(node.key, `vscode://file${pathToFileURL(absolute).pathname}:${node.line}`);
    else {
      const relative = path.relative(outputDir, absolute).split(path.sep);
      links.set(node.key, `${relative.map(encodeURIComponent).join('/')}#L${node.line}`);
    }
  }
  return links;
}
