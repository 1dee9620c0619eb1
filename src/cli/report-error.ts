// Errors from the API (or from reaching it) are the user's to act on: one clear message (which
// already names the fields of a 400) and a hint, exit 1, no stack. Anything else is botform's
// own bug and goes up to main().
import { isApiError } from '../remote/errors.js';
import { EXIT, type CliIo } from './io.js';

export function reportApiError(error: unknown, io: CliIo): number {
  if (!isApiError(error)) throw error;
  io.stderr.write(`botform: ${error.message}\n`);
  if (error.hint) io.stderr.write(`  hint: ${error.hint}\n`);
  return EXIT.problems;
}
