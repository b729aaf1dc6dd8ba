import type { Op, OpParsedParams, OpResult } from '../src-shared/protocol.ts';
import type { PasswordHasher } from './auth/passwords.ts';
import type { ServerConfig } from './config.ts';
import type { EventBus } from './events/bus.ts';
import type { UnitOfWorkRunner } from './events/unit-of-work.ts';
import type { Logger } from './log.ts';
import type { Db, Dialect } from './store/database.ts';
import type { Durability } from './store/durability.ts';
import type { Message } from '../src-shared/domain.ts';

/**
 * Which users have a live socket on any node; used to decide whether a message also needs an email. The
 * gateway reports this node's part: a user's first socket here is ready (`joined`), their last one here
 * has closed (`left`). See cluster/presence.ts.
 */
export interface Presence {
  isOnline(userId: string): Promise<boolean>;
  joined(userId: string): void;
  left(userId: string): void;
  close(): Promise<void>;
}

/** In-process notifications of committed changes, for side effects that are not events (email, demo bot). */
export interface ServerHooks {
  messageCreated(message: Message, recipientIds: readonly string[]): void;
}

export interface ServerContext {
  readonly config: ServerConfig;
  readonly db: Db;
  readonly dialect: Dialect;
  /** Anything read from `db` and shown to a client waits for it (store/durability.ts). */
  readonly durability: Durability;
  readonly log: Logger;
  readonly bus: EventBus;
  readonly work: UnitOfWorkRunner;
  readonly passwords: PasswordHasher;
  readonly presence: Presence;
  readonly hooks: ServerHooks;
}

/**
 * What an operation's handler may use: everything but the password hasher and presence (the gateway's
 * and the accounts' alone). On SQLite the handlers run on the store thread (`store-thread/`), which has
 * neither.
 */
export type HandlerContext = Omit<ServerContext, 'passwords' | 'presence'>;

/** Who is calling: set by the gateway once the socket's hello is accepted. */
export interface Caller {
  readonly userId: string;
  readonly sessionId: string;
  readonly connectionId: string;
}

export type OpHandler<O extends Op> = (caller: Caller, params: OpParsedParams<O>) => Promise<OpResult<O>>;
export type OpHandlers = { [O in Op]: OpHandler<O> };
