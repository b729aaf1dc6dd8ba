import { AppError, isRetryable, isServerErrorCode, validationError } from '../../src-shared/errors.ts';
import type { AnyErrorCode } from '../../src-shared/errors.ts';
import type { IpcError } from '../../src-shared/ipc.ts';
import type { z } from 'zod';

/** A failure as the IPC contract answers it: any thrown value becomes an `AppError` body. */
export function toIpcError(error: unknown): IpcError {
  return AppError.from(error).toJSON();
}

export function validationFailed(error: z.ZodError, what: string): AppError {
  return validationError(error, what);
}

/**
 * Whether a failed send may succeed later by itself: the server's retryable codes, plus the client's
 * transport failures (offline, timeout, dropped connection, e.g. a server restart).
 */
export function isRetryableFailure(code: AnyErrorCode): boolean {
  if (code === 'OFFLINE' || code === 'TIMEOUT' || code === 'DISCONNECTED') return true;
  return isServerErrorCode(code) && isRetryable(code);
}
