import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError } from '../../src-shared/errors.ts';
import type { ErrorBody, ErrorCode } from '../../src-shared/errors.ts';
import { LIMITS } from '../../src-shared/limits.ts';
import type { ClientAddresses } from '../http/client-address.ts';
import type { ConnectionSlot } from '../limits/connection-counter.ts';
import type { ServerLimits } from '../limits/server-limits.ts';

export type AdmissionLimits = Pick<ServerLimits, 'connections' | 'settings'>;

export interface Admitted {
  /** The client's address key. */
  readonly address: string;
  /**
   * Its place among the address's unauthenticated sockets: the caller releases it at hello, or when the
   * socket closes (accepted or not).
   */
  readonly slot: ConnectionSlot;
}

/** How long a refused client should wait before trying again. */
const RETRY_AFTER_MS = 5_000;

/**
 * Who may hold a WebSocket: at most `unauthenticatedSocketsPerAddress` sockets per address before their
 * hello, and at most `socketsPerUser` per signed-in user. Counted through the configured ConnectionCounter,
 * so with a shared store the caps hold across nodes.
 */
export class Admission {
  private readonly limits: AdmissionLimits;
  private readonly addresses: ClientAddresses;

  constructor(limits: AdmissionLimits, addresses: ClientAddresses) {
    this.limits = limits;
    this.addresses = addresses;
  }

  /** A place for the upgrading socket, or null once it has been answered 429 and closed. */
  async atUpgrade(req: IncomingMessage, socket: Duplex): Promise<Admitted | null> {
    const address = this.addresses.of(req);
    const slot = await this.limits.connections.tryAcquire(
      `unauthenticated:${address}`,
      LIMITS.unauthenticatedSocketsPerAddress,
    );
    if (!slot) {
      refuseUpgrade(
        socket,
        429,
        'TOO_MANY_CONNECTIONS',
        'Too many connections from this address.',
        RETRY_AFTER_MS,
      );
      return null;
    }
    if (socket.destroyed) {
      slot.release();
      return null;
    }
    return { address, slot };
  }

  /** A place among the user's sockets, or null when they have the maximum open. */
  forUser(userId: string): Promise<ConnectionSlot | null> {
    return this.limits.connections.tryAcquire(`user:${userId}`, this.limits.settings.socketsPerUser);
  }

  userRefusal(): AppError {
    return new AppError(
      'TOO_MANY_CONNECTIONS',
      `You have ${this.limits.settings.socketsPerUser} connections open already; close one first.`,
      { retryAfterMs: RETRY_AFTER_MS },
    );
  }
}

/** Answers an upgrade request with an HTTP error (a JSON body, like every HTTP error) and closes the socket. */
export function refuseUpgrade(
  socket: Duplex,
  status: 404 | 429 | 500,
  code: ErrorCode,
  message: string,
  retryAfterMs?: number,
): void {
  if (socket.destroyed) return;
  const error: ErrorBody = { code, message };
  if (retryAfterMs !== undefined) error.retryAfterMs = retryAfterMs;
  const body = JSON.stringify({ error });
  const retry = retryAfterMs === undefined ? '' : `Retry-After: ${Math.ceil(retryAfterMs / 1000)}\r\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\n` +
      `Content-Type: application/json; charset=utf-8\r\n${retry}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

const STATUS_TEXT = { 404: 'Not Found', 429: 'Too Many Requests', 500: 'Internal Server Error' } as const;
