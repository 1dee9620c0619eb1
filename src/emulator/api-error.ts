// Client mistakes travel as ApiError from wherever they are found to the one place that answers;
// anything else that is thrown is a bug of the emulator and becomes a 500.
import type { ErrorBody } from '../remote/contract.js';

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

export const detail = (status: number, message: string, headers?: Record<string, string>): ApiError =>
  new ApiError(status, { detail: message }, headers);

export const fieldErrors = (errors: FieldErrors): ApiError => new ApiError(400, errors);

export const fieldError = (field: string, message: string): ApiError => fieldErrors({ [field]: [message] });

export const notFound = (what: string): ApiError => detail(404, `${what} not found.`);
