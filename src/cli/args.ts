// Parsing a command's flags: node's parseArgs, with its errors turned into usage errors (exit 2,
// one line, no stack) in our words: an unknown flag gets "did you mean".
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestMatch } from '../diagnostics/suggest.js';
import { UsageError } from './io.js';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type ParsedArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

export function parseCommandArgs<const O extends Options>(
  argv: string[],
  options: O,
): ParsedArgs<O> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new UsageError(unknownOption(message, options));
    throw new UsageError(message);
  }
}

/** node says "Unknown option '--formt'. To specify a positional argument ..."; we say what to type. */
function unknownOption(message: string, options: Options): string {
  const flag = /Unknown option '([^']+)'/.exec(message)?.[1] ?? message;
  const names = Object.keys(options).map((name) => `--${name}`);
  const match = flag.startsWith('--') ? closestMatch(flag, names) : undefined;
  const known = names.join(', ');
  return `unknown option ${flag}.${match ? ` Did you mean ${match}?` : ''} Options: ${known}.`;
}
