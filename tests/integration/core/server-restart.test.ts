import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../../support/server-process.ts';
import type { ServerProcess } from '../../support/server-process.ts';
import { signedUpCore } from './harness.ts';
import type { TestCore } from './harness.ts';

/**
 * A rolling restart as the client sees it (docs/deploy.md): the real server process gets SIGTERM, closes
 * every socket with 1012, and exits; the load balancer holds new connections until a node takes them.
 * The client must reconnect at once: here its backoff is set to a minute, so only a reconnect without the
 * backoff wait can bring it back online within the test.
 */

/**
 * A TCP load balancer in front of one backend: a connection that finds no backend listening waits until
 * `backendUp()` (a restarted node), as a balancer with a retrying pool would, instead of being refused.
 */
class HoldingBalancer {
  readonly #server: Server;
  readonly #backendUp = new EventEmitter<{ up: [] }>();
  readonly #accepts = new EventEmitter<{ accepted: [] }>();
  readonly #sockets = new Set<Socket>();
  accepted = 0;

  readonly backendPort: () => number;

  private constructor(server: Server, backendPort: () => number) {
    this.#server = server;
    this.backendPort = backendPort;
    server.on('connection', (client) => this.#accept(client));
  }

  static async start(backendPort: () => number): Promise<HoldingBalancer> {
    const server = createServer();
    const balancer = new HoldingBalancer(server, backendPort);
    server.on('error', (error) => {
      throw error;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return balancer;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Resolves once `count` connections in all have been accepted; rejects after `timeoutMs`. */
  acceptedReaches(count: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.accepted < count) return;
        clearTimeout(timer);
        this.#accepts.off('accepted', check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#accepts.off('accepted', check);
        reject(
          new Error(`the balancer accepted ${this.accepted} connections, not ${count}, in ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.#accepts.on('accepted', check);
      check();
    });
  }

  backendUp(): void {
    this.#backendUp.emit('up');
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    this.accepted += 1;
    this.#accepts.emit('accepted');
    this.#sockets.add(client);
    client.pause();
    client.on('error', () => client.destroy());
    client.on('close', () => this.#sockets.delete(client));
    const tryBackend = () => {
      if (client.destroyed) return;
      const upstream = connect({ host: '127.0.0.1', port: this.backendPort() });
      this.#sockets.add(upstream);
      upstream.on('close', () => this.#sockets.delete(upstream));
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        upstream.on('error', () => client.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      upstream.once('error', (error: NodeJS.ErrnoException) => {
        if (connected) return; // handled by the handlers set on connect
        upstream.destroy();
        // No node listening: hold the client until one is back.
        if (error.code === 'ECONNREFUSED') this.#backendUp.once('up', tryBackend);
        else client.destroy();
      });
    };
    tryBackend();
  }
}

let server: ServerProcess | undefined;
let balancer: HoldingBalancer | undefined;
const cores: TestCore[] = [];
afterAll(async () => {
  for (const core of cores) core.cleanup();
  await balancer?.close();
  await server?.cleanup();
});

describe('server restart (close 1012)', () => {
  it('reconnects at once, without the backoff wait, after the server is sent SIGTERM', async () => {
    const backend = (server = await spawnServer());
    const lb = (balancer = await HoldingBalancer.start(() => backend.port));
    const alice = await signedUpCore(lb.url, 'alice', {
      // A reconnect by backoff would wait at least 59 s: far past this test's budget.
      timings: { backoff: { baseMs: 60_000, capMs: 60_000 } },
      random: () => 0.99,
    });
    cores.push(alice);
    const statuses: string[] = [];
    alice.core.trace.on('connection.state', (e) => statuses.push(e.status));
    const acceptedBefore = lb.accepted;

    await backend.stop(); // SIGTERM: drain, close every socket with 1012, exit
    expect(backend.exitCode()).toBe(0);
    // The client's new connection reaches the balancer without any backoff (which would wait ≥ 59 s):
    // awaited as an event, since the server's exit and the balancer's accept race in this process.
    await lb.acceptedReaches(acceptedBefore + 1, 5_000);
    expect(lb.accepted).toBe(acceptedBefore + 1);
    await backend.restart();
    const online = alice.core.events.next('connection.changed', (s) => s.status === 'online', 20_000);
    lb.backendUp();
    await online;

    expect(statuses[0]).toBe('connecting');
    expect(statuses).not.toContain('offline');
    // And it works: the restarted server answers a request on the new socket.
    const { prefs } = await alice.core.connection.request('prefs.get', {});
    expect(prefs).toBeDefined();
  });
});
