import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPasswordHasher } from './auth/passwords.ts';
import { databaseLocation } from './config.ts';
import type { ServerConfig } from './config.ts';
import type { Presence, ServerContext, ServerHooks } from './context.ts';
import { InProcessBus } from './events/bus.ts';
import { pruneAllEvents } from './events/event-log.ts';
import { UnitOfWorkRunner } from './events/unit-of-work.ts';
import { Accounts } from './features/accounts/accounts.ts';
import { createHandlers } from './features/handlers.ts';
import { ClientAddresses } from './http/client-address.ts';
import { HTTP_SERVER_OPTIONS, guardConnections } from './http/connection-guard.ts';
import { createHttpHandler } from './http/http-api.ts';
import { createServerLimits } from './limits/server-limits.ts';
import { createLogger } from './log.ts';
import { Dispatcher } from './realtime/dispatcher.ts';
import { Gateway } from './realtime/gateway.ts';
import { openDatabase } from './store/database.ts';
import type { Message } from '../src-shared/domain.ts';
import { createSideEffects } from './features/side-effects.ts';

export interface RunningServer {
  readonly url: string;
  readonly wsUrl: string;
  readonly port: number;
  readonly context: ServerContext;
  close(): Promise<void>;
}

/** Opens the store, wires every part, and listens. `close()` stops accepting, drains, and closes the store. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const log = createLogger(config.logLevel);
  const opened = await openDatabase(databaseLocation(config), {
    poolSize: config.databasePoolSize,
    onIdleError: (err) => log.warn({ err }, 'idle PostgreSQL connection failed; the pool replaces it'),
  });
  const bus = new InProcessBus();

  const messageListeners: ((message: Message, recipientIds: readonly string[]) => void)[] = [];
  const hooks: ServerHooks = {
    messageCreated: (message, recipientIds) => {
      for (const listener of messageListeners) listener(message, recipientIds);
    },
  };
  // Presence is asked only once sockets exist, by which time `gateway` (declared below) is set.
  const presence: Presence = { isOnline: (userId) => gateway.isOnline(userId) };

  await pruneAllEvents(opened.db, config.eventRetention);
  const work = new UnitOfWorkRunner(opened.db, opened.dialect, bus, config.eventRetention);
  const ctx: ServerContext = {
    config,
    db: opened.db,
    dialect: opened.dialect,
    log,
    bus,
    work,
    passwords: createPasswordHasher(config.passwordMemoryKib),
    presence,
    hooks,
  };

  // Every per-user and per-address limit, in this process's memory (see limits/server-limits.ts).
  const limits = createServerLimits(config);
  const addresses = new ClientAddresses(config.trustProxy);
  const accounts = new Accounts(ctx, limits);
  const dispatcher = new Dispatcher(createHandlers(ctx), log, limits);
  const gateway = new Gateway(ctx, accounts, dispatcher, limits, addresses);
  const sideEffects = await createSideEffects(ctx);
  messageListeners.push((message, recipients) => sideEffects.messageCreated(message, recipients));

  const http = createServer(HTTP_SERVER_OPTIONS, createHttpHandler(accounts, log, addresses));
  guardConnections(http, { maxPerAddress: config.connectionsPerAddress, addresses, log });
  http.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  log.info({ url, database: opened.dialect }, 'listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    wsUrl: `ws://${host}:${port}`,
    port,
    context: ctx,
    close: () =>
      (closing ??= (async () => {
        await sideEffects.close();
        await gateway.close();
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
        await bus.close();
        await opened.close();
      })()),
  };
}
