import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createPasswordHasher } from './auth/passwords.ts';
import { joinCluster } from './cluster/cluster.ts';
import type { Cluster } from './cluster/cluster.ts';
import { databaseLocation } from './config.ts';
import type { ServerConfig } from './config.ts';
import type { ServerContext, ServerHooks } from './context.ts';
import { pruneAllEvents } from './events/event-log.ts';
import { UnitOfWorkRunner } from './events/unit-of-work.ts';
import { Accounts } from './features/accounts/accounts.ts';
import { createHandlers } from './features/handlers.ts';
import { ClientAddresses } from './http/client-address.ts';
import { HTTP_SERVER_OPTIONS, guardConnections } from './http/connection-guard.ts';
import { createHttpHandler } from './http/http-api.ts';
import { createServerLimits } from './limits/server-limits.ts';
import { createLogger } from './log.ts';
import { ServerMetrics } from './ops/metrics.ts';
import { createOpsHandler } from './ops/ops-http.ts';
import { Dispatcher } from './realtime/dispatcher.ts';
import { Gateway } from './realtime/gateway.ts';
import { isPostgresUrl, openDatabase } from './store/database.ts';
import type { OpenedDatabase } from './store/database.ts';
import type { Message } from '../src-shared/domain.ts';
import { createSideEffects } from './features/side-effects.ts';
import { StoreThreadDurability } from './store-thread/shared-durability.ts';
import { startStoreThread } from './store-thread/store-thread.ts';
import type { StoreThread } from './store-thread/store-thread.ts';
import { durableOnCommit } from './store/durability.ts';

export interface RunningServer {
  readonly url: string;
  readonly wsUrl: string;
  readonly port: number;
  readonly context: ServerContext;
  readonly nodeId: string;
  /**
   * Resolves if the node can no longer serve (its store thread failed): whoever runs it stops it and
   * exits non-zero, so a supervisor restarts it. Never settles otherwise.
   */
  readonly failed: Promise<Error>;
  /**
   * Graceful stop (SIGTERM): readiness turns 503 and the listener closes, requests already started
   * finish (at most `shutdownTimeoutMs`), every socket is closed with 1012 (reconnect elsewhere), then
   * the side effects, the cluster connections and the store close.
   */
  close(): Promise<void>;
}

/** Opens the store, wires every part, and listens. `close()` stops accepting, drains, and closes the store. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const log = createLogger(config.logLevel);
  const location = databaseLocation(config);
  if (config.redisUrl && !isPostgresUrl(location)) {
    // Several nodes need one shared store; a SQLite file belongs to one process.
    throw new Error('--redis-url joins nodes that share a PostgreSQL database: give --database postgres://…');
  }
  // A SQLite file's statements run on a thread of their own (store-thread/); this thread keeps a
  // connection of its own for the accounts, the fan-out's log reads and the demo's set-up.
  const storeThreadDurability =
    config.storeThread === 'worker' && !isPostgresUrl(location) && location !== ':memory:'
      ? new StoreThreadDurability()
      : null;
  const opened = await openDatabase(location, {
    poolSize: config.databasePoolSize,
    onIdleError: (err) => log.warn({ err }, 'idle PostgreSQL connection failed; the pool replaces it'),
    syncOffLoop: {
      onFailure: (err) =>
        log.fatal(
          { err },
          'the store can no longer make writes durable: take this node out of service and restart it',
        ),
    },
    ...(storeThreadDurability && {
      besideWriter: {
        durability: storeThreadDurability,
        noteStatement: () => storeThreadDurability.noteStatement(),
      },
    }),
  });
  // The metrics read the gateway's counts, and the gateway is built after them (it needs the handlers).
  const live: { gateway?: Gateway; storeThread?: StoreThread } = {};
  let cluster: Cluster | undefined;
  let metrics: ServerMetrics | undefined;
  try {
    metrics = new ServerMetrics(config.nodeId ?? 'pending', {
      connections: () => live.gateway?.connectionCount ?? 0,
      signedIn: () => live.gateway?.userCount ?? 0,
      threadsBusyMs: () => [
        { thread: 'main', busyMs: performance.eventLoopUtilization().active },
        ...(live.storeThread ? [{ thread: 'store' as const, busyMs: live.storeThread.busyMs() }] : []),
      ],
    });
    cluster = await joinCluster(config, log, metrics.busObserver());
  } catch (error) {
    await opened.close();
    throw error;
  }
  metrics.registry.setDefaultLabels({ node: cluster.nodeId });
  const nodeLog = log.child({ node: cluster.nodeId });
  const { bus, presence } = cluster;

  const messageListeners: ((message: Message, recipientIds: readonly string[]) => void)[] = [];
  const hooks: ServerHooks = {
    messageCreated: (message, recipientIds) => {
      for (const listener of messageListeners) listener(message, recipientIds);
    },
  };

  await pruneAllEvents(opened.db, config.eventRetention);
  const { durability } = opened;
  const work = new UnitOfWorkRunner(
    opened.db,
    opened.dialect,
    bus,
    config.eventRetention,
    nodeLog,
    durability,
  );
  const ctx: ServerContext = {
    config,
    db: opened.db,
    dialect: opened.dialect,
    durability,
    log: nodeLog,
    bus,
    work,
    passwords: createPasswordHasher(config.passwordMemoryKib),
    presence,
    hooks,
  };

  // Every per-user and per-address limit, in this process's memory or, with Redis, shared by every node.
  const limits = createServerLimits(config, cluster.limiterFactory, cluster.connectionCounter);
  const addresses = new ClientAddresses(config.trustProxy);
  const accounts = new Accounts(ctx, limits);
  const { promise: failed, resolve: reportFailure } = Promise.withResolvers<Error>();
  let storeThread: StoreThread | null = null;
  if (storeThreadDurability) {
    try {
      storeThread = await startStoreThread({
        config,
        location,
        nodeId: cluster.nodeId,
        bus,
        hooks,
        durability: storeThreadDurability,
        log: nodeLog,
        onFailure: reportFailure,
      });
    } catch (error) {
      await cluster.close();
      await opened.close();
      throw error;
    }
  }
  live.storeThread = storeThread ?? undefined;
  const operations = storeThread?.handlers ?? createHandlers(ctx);
  // The store thread answers only once what a handler wrote or read is durable: nothing left to wait for.
  const dispatcher = new Dispatcher(
    metrics.instrument(operations),
    nodeLog,
    limits,
    storeThread ? durableOnCommit : durability,
  );
  const gateway = new Gateway(ctx, accounts, dispatcher, limits, addresses);
  live.gateway = gateway;
  const sideEffects = await createSideEffects(ctx, operations);
  messageListeners.push((message, recipients) => sideEffects.messageCreated(message, recipients));

  let draining = false;
  const ops = createOpsHandler(
    {
      draining: () => draining,
      pingStore: () => pingStore(opened),
      busConnected: () => cluster.busConnected(),
    },
    metrics.registry,
    nodeLog,
  );
  const api = createHttpHandler(accounts, nodeLog, addresses, durability);
  const http = createServer(HTTP_SERVER_OPTIONS, (req, res) => {
    if (!ops(req, res)) void api(req, res);
  });
  guardConnections(http, { maxPerAddress: config.connectionsPerAddress, addresses, log: nodeLog });
  http.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  nodeLog.info({ url, database: opened.dialect, bus: config.redisUrl ? 'redis' : 'in-process' }, 'listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    wsUrl: `ws://${host}:${port}`,
    port,
    context: ctx,
    nodeId: cluster.nodeId,
    failed,
    close: () =>
      (closing ??= (async () => {
        draining = true;
        // Stop taking connections; the sockets already open are drained below.
        const listenerClosed = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeIdleConnections();
        await gateway.drain(config.shutdownTimeoutMs);
        await sideEffects.close();
        await gateway.close();
        http.closeAllConnections();
        await listenerClosed;
        await cluster.close();
        await storeThread?.close();
        await opened.close();
        nodeLog.info('stopped');
      })()),
  };
}

async function pingStore(opened: OpenedDatabase): Promise<void> {
  const failure = opened.durability.failure();
  if (failure) throw failure;
  await sql`select 1`.execute(opened.db);
}
