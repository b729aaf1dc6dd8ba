import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src-server/store/database.ts';
import { JointDurability } from '../../../../src-server/store/joint-durability.ts';
import {
  DurabilityPublisher,
  StoreThreadDurability,
} from '../../../../src-server/store-thread/shared-durability.ts';
import { bareUserRows } from '../../../support/user-rows.ts';
import { gatedSync } from '../support/gated-sync.ts';
import { settledYet } from '../support/settled-yet.ts';

/** Two real sides: the main connection's own syncs and the store thread's, each behind shared cells. */
function joint() {
  const own = new StoreThreadDurability();
  const storeThread = new StoreThreadDurability();
  return {
    durability: new JointDurability(own, storeThread),
    own: new DurabilityPublisher(own.buffer),
    storeThread: new DurabilityPublisher(storeThread.buffer),
    noteStatement: () => {
      own.noteStatement();
      storeThread.noteStatement();
    },
  };
}

describe('JointDurability (the main thread’s connection beside the store thread)', () => {
  it('until waits for its own mark and for whatever the store thread had started writing', async () => {
    const { durability, own, storeThread } = joint();
    own.writeStarting(2);
    storeThread.writeStarting(7);
    const waiting = durability.until(durability.mark());
    own.synced(2);
    expect(await settledYet(waiting)).toBe(false);
    storeThread.synced(7);
    await expect(waiting).resolves.toBeUndefined();
  });

  it('a tracked answer waits for both sides of what its statements saw', async () => {
    const { durability, own, storeThread, noteStatement } = joint();
    own.writeStarting(1);
    storeThread.writeStarting(4);
    const answered = durability.track(async () => {
      noteStatement();
      return 'session';
    });
    storeThread.synced(4);
    expect(await settledYet(answered)).toBe(false);
    own.synced(1);
    await expect(answered).resolves.toBe('session');
  });

  it('either side’s failure is the connection’s', async () => {
    const { durability, storeThread } = joint();
    expect(durability.failure()).toBeNull();
    storeThread.failed();
    expect(durability.failure()).not.toBeNull();
    storeThread.writeStarting(1);
    await expect(durability.until(0)).rejects.toThrow(/durable/);
  });

  it('on a real connection beside the store thread, an answer that wrote waits for the sync of its own write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'joint-'));
    const storeThread = new StoreThreadDurability();
    const sync = gatedSync();
    const failures: Error[] = [];
    const opened = await openDatabase(join(dir, 'server.sqlite'), {
      besideWriter: { durability: storeThread, noteStatement: () => storeThread.noteStatement() },
      syncOffLoop: { fsync: sync.fsync, onFailure: (error) => failures.push(error) },
    });
    try {
      const answered = opened.durability.track(() =>
        opened.db
          .insertInto('users')
          .values(bareUserRows(['a']))
          .execute(),
      );
      await sync.requested();
      expect(await settledYet(answered)).toBe(false);
      sync.releaseOne();
      await expect(answered).resolves.toBeDefined();
      expect(failures).toEqual([]);
    } finally {
      sync.openGate();
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
