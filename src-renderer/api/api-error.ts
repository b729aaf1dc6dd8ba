import type { IpcError, IpcErrorCode } from '../../src-shared/ipc.ts';

/** A failed request, carrying the contract's error code so the UI can branch on it. */
export class ApiError extends Error {
  readonly code: IpcErrorCode;
  readonly retryAfterMs: number | undefined;
  readonly issues: NonNullable<IpcError['issues']>;

  constructor(error: IpcError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.retryAfterMs = error.retryAfterMs;
    this.issues = error.issues ?? [];
  }
}

/** A sentence a person can act on, for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return friendlyMessage(error.code, error.message);
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

function friendlyMessage(code: IpcErrorCode, fallback: string): string {
  switch (code) {
    case 'OFFLINE':
    case 'DISCONNECTED':
      return 'You are offline. Try again when the connection is back.';
    case 'TIMEOUT':
      return 'The server did not answer in time. Try again.';
    case 'INVALID_CREDENTIALS':
      return 'Wrong username or password.';
    case 'USERNAME_TAKEN':
      return 'That username is taken. Pick another one.';
    case 'RATE_LIMITED':
      return 'Too many attempts. Wait a moment and try again.';
    case 'SERVER_BUSY':
      return 'The server is busy. Try again in a moment.';
    case 'DUPLICATE_REPORT':
      return 'You have already reported this.';
    case 'CANNOT_REPORT_OWN_MESSAGE':
      return 'You cannot report your own message.';
    case 'CANNOT_REPORT_SELF':
      return 'You cannot report yourself.';
    case 'CANNOT_FOLLOW_SELF':
      return 'You cannot follow yourself.';
    case 'CANNOT_MESSAGE_SELF':
      return 'You cannot message yourself.';
    case 'COMMUNITY_MUTED':
      return 'You have been muted by the moderators.';
    case 'REQUEST_DECLINED':
      return 'This message request was declined.';
    case 'MESSAGE_TOO_LONG':
      return 'That message is too long.';
    case 'SIGNED_OUT':
      return 'You are signed out.';
    default:
      return fallback;
  }
}
