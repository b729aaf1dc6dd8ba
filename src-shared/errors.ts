import { z } from 'zod';
import { assertNever } from './constants.ts';

/**
 * Every error code the server can answer with. Codes are stable API: clients branch on them, so add new
 * ones rather than renaming. `docs/protocol.md` describes each one.
 */
export const ERROR_CODES = [
  // Transport and validation
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNKNOWN_OP',
  'FRAME_TOO_LARGE',
  'RATE_LIMITED',
  'TOO_MANY_IN_FLIGHT',
  'SERVER_BUSY',
  'TOO_MANY_CONNECTIONS',
  'INTERNAL',
  // Authentication
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'INVALID_CREDENTIALS',
  'REFRESH_TOKEN_INVALID',
  'USERNAME_TAKEN',
  // Authorization and lookup
  'FORBIDDEN',
  'NOT_FOUND',
  'NOT_A_PARTICIPANT',
  // Messaging rules
  'MESSAGE_EMPTY',
  'MESSAGE_TOO_LONG',
  'CANNOT_MESSAGE_SELF',
  'REQUEST_PENDING',
  'REQUEST_NOT_ACCEPTED',
  'REQUEST_DECLINED',
  'NOT_A_REQUEST_RECIPIENT',
  'COMMUNITY_MUTED',
  'TEAM_CHAT_DISABLED',
  'GROUP_TOO_SMALL',
  'GROUP_TOO_LARGE',
  // People
  'QUERY_TOO_SHORT',
  'CANNOT_FOLLOW_SELF',
  'CANNOT_BLOCK_SELF',
  'USER_BLOCKED',
  'NOT_PAGE_OWNER',
  // Reports and moderation
  'CANNOT_REPORT_OWN_MESSAGE',
  'CANNOT_REPORT_SELF',
  'DUPLICATE_REPORT',
  'REPORT_REASON_TOO_LONG',
  'REPORT_ALREADY_RESOLVED',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/**
 * Codes only the client produces (never on the wire), on top of the server's codes. The IPC contract
 * (`ipc.ts`) answers with either kind.
 */
export const CLIENT_ERROR_CODES = [
  /** No connection to the server right now; the request needs one. */
  'OFFLINE',
  /** The server did not answer in time. */
  'TIMEOUT',
  /** The connection dropped while the request was in flight. */
  'DISCONNECTED',
  /** Nobody is signed in. */
  'SIGNED_OUT',
  /** The channel name is not part of this contract. */
  'UNKNOWN_CHANNEL',
  /** The local cache belongs to a newer app version. */
  'CACHE_TOO_NEW',
  /** The outbox gave up after its retry budget. */
  'RETRY_BUDGET_EXHAUSTED',
  /** An IPC payload, or one of its fields, is over its size cap (`issues` names the field). */
  'PAYLOAD_TOO_LARGE',
  /** Plain http:// to a server that is not on this computer, without the person's confirmation. */
  'INSECURE_SERVER',
] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
/** Every code an `AppError` may carry: the server's, plus the client's own. */
export type AnyErrorCode = ErrorCode | ClientErrorCode;

export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** For VALIDATION_FAILED: which fields, and why. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** For RATE_LIMITED and SERVER_BUSY: when trying again may succeed. */
  retryAfterMs: z.number().int().nonnegative().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * Failures that may go away by themselves (load, a restart). The client's outbox retries these with
 * backoff; every other code is final and the message becomes `failed` with the server's reason at once.
 */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'RATE_LIMITED',
  'TOO_MANY_IN_FLIGHT',
  'SERVER_BUSY',
  'INTERNAL',
]);

export function isRetryable(code: ErrorCode): boolean {
  return RETRYABLE_CODES.has(code);
}

type ErrorExtra = { issues?: ErrorBody['issues']; retryAfterMs?: number };

const serverCodes: ReadonlySet<string> = new Set(ERROR_CODES);

export function isServerErrorCode(code: AnyErrorCode): code is ErrorCode {
  return serverCodes.has(code);
}

/**
 * An error that carries a code: thrown by server handlers and by the client core, which adds its own
 * `CLIENT_ERROR_CODES` (offline, timeout…) to the server's. One class for both sides of the wire.
 */
export class AppError extends Error {
  readonly code: AnyErrorCode;
  readonly issues: ErrorBody['issues'];
  readonly retryAfterMs: number | undefined;

  constructor(code: AnyErrorCode, message: string, extra: ErrorExtra = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = extra.issues;
    this.retryAfterMs = extra.retryAfterMs;
  }

  /** The error as a body with any code (the client's IPC answers carry client codes too). */
  toJSON(): Omit<ErrorBody, 'code'> & { code: AnyErrorCode } {
    const body: Omit<ErrorBody, 'code'> & { code: AnyErrorCode } = { code: this.code, message: this.message };
    if (this.issues) body.issues = this.issues;
    if (this.retryAfterMs !== undefined) body.retryAfterMs = this.retryAfterMs;
    return body;
  }

  /** The error as the wire carries it: a client-only code never leaves the client, so it reads INTERNAL. */
  toBody(): ErrorBody {
    const body = this.toJSON();
    return isServerErrorCode(body.code) ? { ...body, code: body.code } : { ...body, code: 'INTERNAL' };
  }

  static fromBody(body: ErrorBody): AppError {
    const extra: ErrorExtra = {};
    if (body.issues) extra.issues = body.issues;
    if (body.retryAfterMs !== undefined) extra.retryAfterMs = body.retryAfterMs;
    return new AppError(body.code, body.message, extra);
  }

  /** Any thrown value as an AppError: itself when it is one, otherwise `INTERNAL` with its message. */
  static from(error: unknown): AppError {
    if (error instanceof AppError) return error;
    return new AppError('INTERNAL', error instanceof Error ? error.message : String(error));
  }
}

/** Turns a zod failure into the VALIDATION_FAILED error every boundary answers with. */
export function validationError(error: z.ZodError, what = 'request'): AppError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const first = issues[0];
  const summary = first ? `${first.path}: ${first.message}` : 'invalid';
  return new AppError('VALIDATION_FAILED', `Invalid ${what}: ${summary}`, { issues });
}

export { assertNever };
