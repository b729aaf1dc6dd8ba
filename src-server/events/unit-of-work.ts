import type { Transaction } from 'kysely';
import type { UserEvent } from '../../src-shared/protocol.ts';
import type { Db } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import type { EventBus, SequencedEvent } from './bus.ts';
import { appendEvent } from './event-log.ts';

/** What a handler's transaction can do: query, and record events for users. */
export interface Work {
  readonly trx: Transaction<Database>;
  readonly now: number;
  emit(userId: string, event: UserEvent): Promise<void>;
  /** Emits the same event to each user; each gets its own seq. */
  emitAll(userIds: Iterable<string>, event: UserEvent): Promise<void>;
}

/**
 * Runs `fn` in one transaction and publishes the events it recorded only after COMMIT: a wake-up never
 * announces an event that could still be rolled back.
 */
export class UnitOfWorkRunner {
  private readonly db: Db;
  private readonly bus: EventBus;
  private readonly onCommitted: (userIds: ReadonlySet<string>) => void;

  constructor(db: Db, bus: EventBus, onCommitted: (userIds: ReadonlySet<string>) => void = () => {}) {
    this.db = db;
    this.bus = bus;
    this.onCommitted = onCommitted;
  }

  async run<T>(fn: (work: Work) => Promise<T>): Promise<T> {
    const recorded: SequencedEvent[] = [];
    const result = await this.db.transaction().execute(async (trx) => {
      const now = Date.now();
      const work: Work = {
        trx,
        now,
        emit: async (userId, event) => {
          recorded.push(await appendEvent(trx, userId, event, now));
        },
        emitAll: async (userIds, event) => {
          for (const userId of userIds) recorded.push(await appendEvent(trx, userId, event, now));
        },
      };
      return fn(work);
    });
    if (recorded.length > 0) {
      this.bus.publish(recorded);
      this.onCommitted(new Set(recorded.map((e) => e.userId)));
    }
    return result;
  }
}
