import { createHash, timingSafeEqual } from 'node:crypto';
import { HEADLESS_BRIDGE_PATH, HEADLESS_SECRET_PARAM } from '../../src-shared/bridge.ts';

/**
 * The headless host is a local door into someone's messages, so its WebSocket only opens for a page we
 * served, on the address we listen on, that knows this launch's secret:
 * - `Host` must be `127.0.0.1:<port>` (a DNS-rebinding page names its own host);
 * - `Origin` must be `http://127.0.0.1:<port>` (browsers set it; another site's page cannot forge it);
 * - `?secret=` must equal the per-launch secret (compared in constant time).
 * Pure, so the rules are unit-tested; the host answers a refusal with 403 and closes the socket.
 */
export interface UpgradeRequest {
  url: string | undefined;
  host: string | undefined;
  origin: string | undefined;
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 400 | 403 | 404; reason: string };

export function hostOrigin(port: number): string {
  return `http://127.0.0.1:${port}`;
}

function sameSecret(given: string, expected: string): boolean {
  // Hash first: timingSafeEqual needs equal lengths, and the length must not leak either.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function checkUpgrade(
  request: UpgradeRequest,
  expected: { port: number; secret: string },
): UpgradeVerdict {
  if (request.url === undefined) return { ok: false, status: 400, reason: 'no URL' };
  const url = new URL(request.url, 'http://127.0.0.1');
  if (url.pathname !== HEADLESS_BRIDGE_PATH) return { ok: false, status: 404, reason: 'not the bridge path' };
  if (request.host !== `127.0.0.1:${expected.port}`)
    return { ok: false, status: 403, reason: `host ${request.host ?? 'missing'}` };
  if (request.origin !== hostOrigin(expected.port))
    return { ok: false, status: 403, reason: `origin ${request.origin ?? 'missing'}` };
  const secret = url.searchParams.get(HEADLESS_SECRET_PARAM);
  if (secret === null || !sameSecret(secret, expected.secret))
    return { ok: false, status: 403, reason: 'wrong or missing secret' };
  return { ok: true };
}
