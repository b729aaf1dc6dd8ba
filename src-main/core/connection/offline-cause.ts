import type { OfflineCause } from '../../../src-shared/ipc.ts';
import { assertNever } from '../../../src-shared/errors.ts';
import { CLOSE_CODES } from '../../../src-shared/protocol.ts';

/** Socket errors that mean this computer has no usable network. */
const NETWORK_ERRORS: ReadonlySet<string> = new Set(['ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN', 'ENONET']);

/** Close codes by which a server that did answer turns us away (`1013`: try again later). */
const REFUSING_CLOSE_CODES: ReadonlySet<number> = new Set([
  1002, // protocol error
  1003, // unsupported data
  1008, // policy violation
  1013, // try again later (overloaded, too many connections)
  CLOSE_CODES.frameTooLarge,
  CLOSE_CODES.helloTimeout,
  CLOSE_CODES.protocolViolation,
]);

/** What went wrong with one connection attempt, as far as the socket could tell. */
export type ConnectFailure =
  | { kind: 'error'; code: string | undefined; message: string }
  | { kind: 'http'; status: number }
  | { kind: 'closed'; code: number }
  | { kind: 'incompatible' }
  | { kind: 'silent' };

/** What a socket's 'error' event says about the attempt (ws reports an HTTP refusal of the upgrade as a message). */
export function socketFailure(error: Error & { code?: string }): ConnectFailure {
  const http = /^Unexpected server response: (\d{3})/.exec(error.message);
  return http
    ? { kind: 'http', status: Number(http[1]) }
    : { kind: 'error', code: error.code, message: error.message };
}

/**
 * Why the app is offline, for the connection banner (pure, so each case is unit-tested). The OS saying
 * the network is down wins; otherwise the failure decides: a server that answered and said no is
 * `refused`, silence or nobody at the address is `unreachable`.
 */
export function offlineCause(failure: ConnectFailure, networkDown: boolean): OfflineCause {
  if (networkDown) return 'network';
  switch (failure.kind) {
    case 'error':
      if (failure.code !== undefined && NETWORK_ERRORS.has(failure.code)) return 'network';
      // TLS: the server answered, but not with a certificate we trust.
      if (
        failure.code !== undefined &&
        /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO)/.test(failure.code)
      )
        return 'refused';
      return 'unreachable';
    case 'http':
    case 'incompatible':
      return 'refused';
    case 'closed':
      return REFUSING_CLOSE_CODES.has(failure.code) ? 'refused' : 'unreachable';
    case 'silent':
      return 'unreachable';
    default:
      return assertNever(failure, 'connect failure');
  }
}

/** The words for the banner's detail line. */
export function describeFailure(failure: ConnectFailure): string {
  switch (failure.kind) {
    case 'error':
      return failure.code ? `${failure.code}: ${failure.message}` : failure.message;
    case 'http':
      return `the server answered HTTP ${failure.status} instead of opening a WebSocket`;
    case 'closed':
      return `connection closed (${failure.code})`;
    case 'incompatible':
      return 'the server speaks another protocol version';
    case 'silent':
      return 'the server did not answer';
    default:
      return assertNever(failure, 'connect failure');
  }
}
