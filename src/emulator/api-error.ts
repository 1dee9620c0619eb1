// Client mistakes travel as ErrorAnswer (the HTTP error answer the emulator sends) from wherever
// they are found to the one place that answers; anything else that is thrown is a bug of the
// emulator and becomes a 500. Not to be confused with the client's ApiError (remote/errors.ts):
// that is what a caller of the API sees of such an answer.
import type { ErrorBody } from '../remote/contract.js';

export type FieldErrors = Record<string, string[]>;

export class ErrorAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

export const detail = (
  status: number,
  message: string,
  headers?: Record<string, string>,
): ErrorAnswer => new ErrorAnswer(status, { detail: message }, headers);

export const fieldErrors = (errors: FieldErrors): ErrorAnswer => new ErrorAnswer(400, errors);

export const fieldError = (field: string, message: string): ErrorAnswer =>
  fieldErrors({ [field]: [message] });

export const notFound = (what: string): ErrorAnswer => detail(404, `${what} not found.`);
