import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessBus } from '../../../../src-server/events/bus.ts';
import type { SequencedEvent } from '../../../../src-server/events/bus.ts';
import { UnitOfWorkRunner } from '../../../../src-server/events/unit-of-work.ts';
import { openDatabase } from '../../../../src-server/store/database.ts';
import type { OpenOptions, OpenedDatabase } from '../../../../src-server/store/database.ts';
import { bareUserRows } from '../../../support/user-rows.ts';

export interface EventStore {
  /** The SQLite file, for a second connection. */
  file: string;
  store: OpenedDatabase;
  runner: UnitOfWorkRunner;
  /** Everything the runner has published, in order. */
  published: SequencedEvent[];
  close(): Promise<void>;
}

/**
 * A real SQLite file in a temp folder with users `userIds` (event_seq 0) and a runner over it; with
 * `syncOffLoop`, the server's way of syncing (store/wal-sync.ts), which the runner then waits for.
 */
export async function openEventStore(
  userIds: readonly string[],
  syncOffLoop?: OpenOptions['syncOffLoop'],
): Promise<EventStore> {
  const dir = mkdtempSync(join(tmpdir(), 'events-'));
  const file = join(dir, 'server.sqlite');
  const store = await openDatabase(file, { syncOffLoop });
  const bus = new InProcessBus();
  const published: SequencedEvent[] = [];
  bus.subscribe({ onEvents: (events) => published.push(...events), onEphemeral: () => {} });
  await store.db.insertInto('users').values(bareUserRows(userIds)).execute();
  return {
    file,
    store,
    runner: new UnitOfWorkRunner(store.db, store.dialect, bus, undefined, null, store.durability),
    published,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
