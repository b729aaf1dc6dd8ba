import { z } from 'zod';

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
  'SERVER_BUSY',
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
  'SERVER_BUSY',
  'INTERNAL',
]);

export function isRetryable(code: ErrorCode): boolean {
  return RETRYABLE_CODES.has(code);
}

/** An error that carries a protocol code; thrown by server handlers and by the client's request layer. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorBody['issues'];
  readonly retryAfterMs: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { issues?: ErrorBody['issues']; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = extra.issues;
    this.retryAfterMs = extra.retryAfterMs;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.issues) body.issues = this.issues;
    if (this.retryAfterMs !== undefined) body.retryAfterMs = this.retryAfterMs;
    return body;
  }

  static fromBody(body: ErrorBody): AppError {
    const extra: { issues?: ErrorBody['issues']; retryAfterMs?: number } = {};
    if (body.issues) extra.issues = body.issues;
    if (body.retryAfterMs !== undefined) extra.retryAfterMs = body.retryAfterMs;
    return new AppError(body.code, body.message, extra);
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

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
