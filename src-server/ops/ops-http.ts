import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '../log.ts';

/** A readiness check gets this long for each dependency before it counts as down. */
const CHECK_TIMEOUT_MS = 2_000;

export interface ReadinessSources {
  /** True once SIGTERM has started the drain: the load balancer must stop sending new clients here. */
  draining(): boolean;
  /** Runs a trivial query on the store; rejects when it cannot. */
  pingStore(): Promise<void>;
  /** Whether this node hears the other nodes (always true for one node alone). */
  busConnected(): boolean;
}

/**
 * The operator's endpoints, outside the API (docs/deploy.md):
 * - `GET /livez`: the process answers (its event loop turns). For a restart-on-failure probe.
 * - `GET /readyz`: this node should get new clients: not draining, its store answers, its bus is up.
 *   503 with the failing checks otherwise. For the load balancer's health check.
 * - `GET /metrics`: Prometheus text format.
 * Returns false for any other path, which the API then handles.
 */
export function createOpsHandler(sources: ReadinessSources, registry: Registry, log: Logger) {
  const readiness = async () => {
    const failing: string[] = [];
    if (sources.draining()) failing.push('draining');
    if (!sources.busConnected()) failing.push('bus');
    try {
      await withTimeout(sources.pingStore(), CHECK_TIMEOUT_MS);
    } catch (err) {
      log.warn({ err }, 'readiness: the store does not answer');
      failing.push('store');
    }
    return failing;
  };

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || (path !== '/livez' && path !== '/readyz' && path !== '/metrics'))
      return false;
    const reply = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const failed = (err: unknown) => {
      log.error({ err, path }, 'ops endpoint failed');
      if (!res.headersSent) reply(500, 'text/plain; charset=utf-8', 'error\n');
    };
    switch (path) {
      case '/livez':
        reply(200, 'application/json', '{"ok":true}');
        break;
      case '/readyz':
        readiness().then((failing) => {
          const ok = failing.length === 0;
          reply(ok ? 200 : 503, 'application/json', JSON.stringify({ ok, failing }));
        }, failed);
        break;
      case '/metrics':
        registry.metrics().then((text) => reply(200, registry.contentType, text), failed);
        break;
    }
    return true;
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
