/** Error codes domain code may raise; the HTTP layer maps each to a status in one place. */
export type AppErrorCode =
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  /** Well-formed, but it contradicts an earlier request (an Idempotency-Key reused with another body). */
  | 'UNPROCESSABLE'
  /** A part the request needs is not installed or not running (e.g. Chromium for a PDF). */
  | 'UNAVAILABLE';

export type FieldError = { field: string; message: string };

/** The one error type of the application. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors: FieldError[];
  /**
   * A record of the refusal that must outlive the failed transaction (an audit entry); the app's
   * error handler writes it after the rollback, once, wherever the error was thrown.
   */
  readonly record: unknown;

  constructor(code: AppErrorCode, message: string, fieldErrors: FieldError[] = [], record?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.record = record;
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} was not found`);
