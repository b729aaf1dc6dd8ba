import { describe, expect, it } from 'vitest';
import {
  DurabilityPublisher,
  StoreThreadDurability,
} from '../../../../src-server/store-thread/shared-durability.ts';
import { settledYet } from '../support/settled-yet.ts';

function pair() {
  const durability = new StoreThreadDurability();
  const publisher = new DurabilityPublisher(durability.buffer);
  return { durability, publisher };
}

describe('the durability cells the store thread shares with the main thread', () => {
  it('marks are the store thread’s newest write, taken before it runs; `until` waits for the sync that covers it', async () => {
    const { durability, publisher } = pair();
    expect(durability.mark()).toBe(0);
    await expect(durability.until(0)).resolves.toBeUndefined();
    publisher.writeStarting(1);
    publisher.writeStarting(2);
    expect(durability.mark()).toBe(2);
    const waiting = durability.until(2);
    expect(await settledYet(waiting)).toBe(false);
    publisher.synced(1);
    expect(await settledYet(waiting)).toBe(false);
    publisher.synced(2);
    await expect(waiting).resolves.toBeUndefined();
    await expect(durability.until(1)).resolves.toBeUndefined();
  });

  it('marks past 2^31 (a day of a busy server) keep their order', async () => {
    const { durability, publisher } = pair();
    const big = 2 ** 31 + 5;
    publisher.writeStarting(big);
    expect(durability.mark()).toBe(big);
    const waiting = durability.until(big);
    publisher.synced(big - 1);
    expect(await settledYet(waiting)).toBe(false);
    publisher.synced(big);
    await expect(waiting).resolves.toBeUndefined();
  });

  it('a tracked answer waits for the writes its statements could see, not for later ones', async () => {
    const { durability, publisher } = pair();
    publisher.writeStarting(3);
    let release!: () => void;
    const answered = durability.track(async () => {
      durability.noteStatement(); // a read on the main thread's connection, after mark 3 was taken
      await new Promise<void>((resolve) => (release = resolve));
      return 'rows';
    });
    publisher.writeStarting(4); // written after the read: not the answer's to wait for
    release();
    expect(await settledYet(answered)).toBe(false);
    publisher.synced(3);
    await expect(answered).resolves.toBe('rows');
  });

  it('a failed store thread refuses every waiter, now and later, and readiness can say why', async () => {
    const { durability, publisher } = pair();
    publisher.writeStarting(1);
    const waiting = durability.until(1);
    expect(durability.failure()).toBeNull();
    publisher.failed();
    await expect(waiting).rejects.toThrow(/can no longer be made durable/);
    await expect(durability.until(1)).rejects.toThrow(/can no longer be made durable/);
    expect(durability.failure()?.message).toMatch(/store thread/);
  });

  it('the main thread can fail it too (the thread is gone), with its own cause', async () => {
    const { durability, publisher } = pair();
    publisher.writeStarting(1);
    const waiting = durability.until(1);
    durability.fail(new Error('the store thread ended by itself (code 1)'));
    await expect(waiting).rejects.toThrow('ended by itself');
    expect(durability.failure()?.message).toBe('the store thread ended by itself (code 1)');
  });
});
