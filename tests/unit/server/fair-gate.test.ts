import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.ts';
import { FairGate } from '../../../src-server/auth/fair-gate.ts';

/** A task that runs until `finish` is called; `started` says whether the gate let it begin. */
function task(name: string, log: string[]) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      log.push(name);
      await done;
      return name;
    },
    finish: () => finish(),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('FairGate', () => {
  it('runs at most `limit` at once and serves waiting keys in turn, not in arrival order', async () => {
    const gate = new FairGate(1, 10, 100);
    const log: string[] = [];
    const first = task('a0', log);
    const attacker = Array.from({ length: 4 }, (_, i) => task(`a${i + 1}`, log));
    const owner = task('o1', log);
    const running = [gate.run('attacker', first.run)];
    for (const t of attacker) running.push(gate.run('attacker', t.run));
    running.push(gate.run('owner', owner.run));
    await settle();
    expect(log).toEqual(['a0']);
    first.finish();
    await settle();
    // The attacker's queue came first, so it gets the next turn; then the owner's, before the rest.
    expect(log).toEqual(['a0', 'a1']);
    attacker[0]!.finish();
    await settle();
    expect(log).toEqual(['a0', 'a1', 'o1']);
    owner.finish();
    for (const t of attacker.slice(1)) {
      await settle();
      t.finish();
    }
    expect(await Promise.all(running)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'o1']);
  });

  it('answers SERVER_BUSY past the per-key queue, without touching other keys', async () => {
    const gate = new FairGate(1, 2, 100);
    const log: string[] = [];
    const tasks = Array.from({ length: 3 }, (_, i) => task(`a${i}`, log));
    const running = tasks.map((t) => gate.run('attacker', t.run));
    await expect(gate.run('attacker', async () => 'too many')).rejects.toMatchObject({ code: 'SERVER_BUSY' });
    const owner = gate.run('owner', async () => 'owner');
    for (const t of tasks) {
      t.finish();
      await settle();
    }
    expect(await owner).toBe('owner');
    await Promise.all(running);
  });

  it('answers SERVER_BUSY past the total queue, and frees the slot when a task fails', async () => {
    const gate = new FairGate(1, 10, 1);
    const log: string[] = [];
    const blocker = task('b', log);
    const running = gate.run('x', blocker.run);
    const waiting = gate.run('y', async () => {
      throw new AppError('INTERNAL', 'boom');
    });
    await expect(gate.run('z', async () => 'no room')).rejects.toBeInstanceOf(AppError);
    blocker.finish();
    await running;
    await expect(waiting).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await gate.run('z', async () => 'room again')).toBe('room again');
  });
});
