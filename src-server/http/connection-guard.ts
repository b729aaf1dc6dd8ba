import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import { LIMITS } from '../../src-shared/limits.ts';
import type { Logger } from '../log.ts';
import type { ClientAddresses } from './client-address.ts';

/**
 * Timeouts for `http.createServer`: headers must arrive within 10 s and a whole request within 20 s (a
 * slow-headers client is answered 408 and cut off), and they are checked every second rather than Node's
 * default 30 s, so the limit is what it says. WebSockets are not affected once upgraded.
 */
export const HTTP_SERVER_OPTIONS: ServerOptions = {
  headersTimeout: LIMITS.httpHeadersTimeoutMs,
  requestTimeout: LIMITS.httpRequestTimeoutMs,
  keepAliveTimeout: LIMITS.httpKeepAliveTimeoutMs,
  connectionsCheckingInterval: 1_000,
  // Node's default header cap (16 KiB) stays; no request of ours needs more than a few hundred bytes.
};

/**
 * Caps TCP connections per client address on this node (HTTP or WebSocket, signed in or not): one more is
 * closed at once, before a byte of it is parsed. Connections from trusted proxies are not capped here
 * (every client behind them shares their address); the per-address WebSocket and sign-in limits still
 * apply to the forwarded address.
 */
export function guardConnections(
  http: Server,
  options: { maxPerAddress: number; addresses: ClientAddresses; log: Logger },
): void {
  const open = new Map<string, number>();
  /** Addresses already logged as over the cap, so a flood is one log line, not one per connection. */
  const reported = new Set<string>();
  http.on('connection', (socket: Socket) => {
    if (options.addresses.isTrustedProxy(socket.remoteAddress)) return;
    const key = options.addresses.ofPeer(socket.remoteAddress);
    const count = (open.get(key) ?? 0) + 1;
    if (count > options.maxPerAddress) {
      if (!reported.has(key)) {
        reported.add(key);
        options.log.warn(
          { address: key, limit: options.maxPerAddress },
          'refusing connections: too many from one address',
        );
      }
      socket.destroy();
      return;
    }
    open.set(key, count);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left <= 0) {
        open.delete(key);
        reported.delete(key);
      } else {
        open.set(key, left);
      }
    });
  });
}
