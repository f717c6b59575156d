import { ERROR_CODES, type ErrorCode } from "./error-codes.js";

/**
 * The one error base of the server side. `code` is from the catalogue; `details` carries what a
 * caller needs to act (a provider's own code and message, the offending field), never secrets.
 */
export class CodesparError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, status?: number) {
    super(message);
    this.name = "CodesparError";
    this.code = code;
    this.status = status ?? ERROR_CODES[code].status;
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isCodesparError(err: unknown): err is CodesparError {
  return err instanceof CodesparError;
}
