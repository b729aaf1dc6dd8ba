import { AppError, isRetryable } from '../../src-shared/errors.ts';
import type { ErrorBody, ErrorCode } from '../../src-shared/errors.ts';
import { ERROR_CODES } from '../../src-shared/errors.ts';
import type { IpcError, IpcErrorCode } from '../../src-shared/ipc.ts';
import { validationError } from '../../src-shared/errors.ts';
import type { z } from 'zod';

/** An error with a code from the IPC contract: the server's codes plus the client's own. */
export class CoreError extends Error {
  readonly code: IpcErrorCode;
  readonly issues: ErrorBody['issues'];
  readonly retryAfterMs: number | undefined;

  constructor(
    code: IpcErrorCode,
    message: string,
    extra: { issues?: ErrorBody['issues']; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    this.issues = extra.issues;
    this.retryAfterMs = extra.retryAfterMs;
  }

  static fromBody(body: ErrorBody): CoreError {
    return CoreError.from(AppError.fromBody(body));
  }

  static from(error: unknown): CoreError {
    if (error instanceof CoreError) return error;
    if (error instanceof AppError) {
      const extra: { issues?: ErrorBody['issues']; retryAfterMs?: number } = {};
      if (error.issues) extra.issues = error.issues;
      if (error.retryAfterMs !== undefined) extra.retryAfterMs = error.retryAfterMs;
      return new CoreError(error.code, error.message, extra);
    }
    const message = error instanceof Error ? error.message : String(error);
    return new CoreError('INTERNAL', message);
  }

  toIpc(): IpcError {
    const body: IpcError = { code: this.code, message: this.message };
    if (this.issues) body.issues = this.issues;
    if (this.retryAfterMs !== undefined) body.retryAfterMs = this.retryAfterMs;
    return body;
  }
}

export function validationFailed(error: z.ZodError, what: string): CoreError {
  return CoreError.from(validationError(error, what));
}

const serverCodes: ReadonlySet<string> = new Set(ERROR_CODES);

function isServerCode(code: IpcErrorCode): code is ErrorCode {
  return serverCodes.has(code);
}

/**
 * Whether a failed send may succeed later by itself: the server's retryable codes, plus the client's
 * transport failures (offline, timeout, dropped connection, e.g. a server restart).
 */
export function isRetryableFailure(code: IpcErrorCode): boolean {
  if (code === 'OFFLINE' || code === 'TIMEOUT' || code === 'DISCONNECTED') return true;
  return isServerCode(code) && isRetryable(code);
}
