import { once } from 'node:events';
import { summarize } from '../../bench/lib/stats.ts';
import { audit } from './audit.ts';
import type { AuditResult } from './audit.ts';
import { ChaosWorld } from './chaos-world.ts';
import type { ChaosSeat } from './chaos-world.ts';
import { FAULT_KINDS, FaultSchedule, pick, seededRandom } from './faults.ts';
import type { FaultKind } from './faults.ts';

/**
 * The chaos run: real client cores in child processes send into one group through fault proxies to a real
 * server, while faults of every kind are injected; then everything must converge to the server's history
 * with nothing lost, duplicated or reordered. Faults are spaced by messages attempted, not by time, so a
 * slow machine gets the same run, only slower.
 */
export interface ChaosOptions {
  messages: number;
  cores: number;
  seed: number;
  /** Most unsent messages a core keeps in its outbox while sending. */
  window: number;
  /** Messages attempted between two faults: a random count in [min, max]. */
  faultGap: [number, number];
  /** Longest a core may take to catch up after a fault before the run fails. */
  catchUpBudgetMs: number;
  log?: (line: string) => void;
}

export interface ChaosReport extends AuditResult {
  seed: number;
  cores: number;
  faults: Record<FaultKind, number>;
  /** Unsent messages in the outboxes of killed cores, summed over the kills. */
  unsentAtKill: number;
  /**
   * Per fault: from its end (for a killed core: its restarted process running) until every affected core
   * was online, caught up, and had every message that was in its outbox then acked.
   */
  catchUpMs: number[];
  catchUpP50Ms: number;
  catchUpP99Ms: number;
  /**
   * Per fault: from its end until every affected core was online and caught up with the server's stream
   * (the part of `catchUpMs` before the outbox drain; the outbox sends one message at a time).
   */
  resyncMs: number[];
  resyncP50Ms: number;
  resyncP99Ms: number;
  /** After the last fault: until every core held the server's whole history and had an empty outbox. */
  finalCatchUpMs: number;
  durationMs: number;
  problems: string[];
}

export function formatReport(r: ChaosReport): string {
  const faults = FAULT_KINDS.map((k) => `${k} ${r.faults[k]}`).join(', ');
  return [
    `chaos (seed ${r.seed}, ${r.cores} cores, ${(r.durationMs / 1000).toFixed(1)} s)`,
    `  attempted ${r.attempted}, acked ${r.acked}, lost ${r.lost}, duplicated ${r.duplicated}, reordered ${r.reordered}, failed ${r.failed}, phantom ${r.phantom}`,
    `  caches: missing ${r.cacheMissing}, duplicated ${r.cacheDuplicated}, reordered ${r.cacheReordered}, extra ${r.cacheExtra}`,
    `  faults: ${faults}; ${r.unsentAtKill} unsent messages in killed cores' outboxes`,
    `  catch-up after a fault: p50 ${r.catchUpP50Ms.toFixed(0)} ms, p99 ${r.catchUpP99Ms.toFixed(0)} ms (${r.catchUpMs.length} faults); after the last fault ${r.finalCatchUpMs.toFixed(0)} ms`,
    `  of which back online and caught up with the stream: p50 ${r.resyncP50Ms.toFixed(0)} ms, p99 ${r.resyncP99Ms.toFixed(0)} ms (the rest: each outbox sending what it held, one at a time)`,
    ...(r.examples.length ? ['  examples:', ...r.examples.map((e) => `    ${e}`)] : []),
    ...(r.problems.length ? ['  problems:', ...r.problems.slice(0, 10).map((p) => `    ${p}`)] : []),
  ].join('\n');
}

/** Rejects after `ms` with `what`; for bounding waits on events that should come. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`chaos: ${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const random = seededRandom(options.seed);
  const started = Date.now();
  const world = await ChaosWorld.create({ cores: options.cores, messages: options.messages });
  const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  const catchUpMs: number[] = [];
  const resyncMs: number[] = [];
  let unsentAtKill = 0;

  // Waits on attempted messages are event-driven: each newly attempted body may end some.
  const until = (test: (seat: ChaosSeat) => boolean) =>
    new Promise<void>((resolve) => {
      const listener = (seat: ChaosSeat) => {
        if (!test(seat)) return;
        world.attemptListeners.delete(listener);
        resolve();
      };
      world.attemptListeners.add(listener);
    });
  const attemptedReaches = (target: number) =>
    world.totalAttempted >= target ? Promise.resolve() : until(() => world.totalAttempted >= target);
  const nextAttemptBy = (seat: ChaosSeat) => until((s) => s === seat);

  try {
    const [owner, ...others] = world.seats;
    if (!owner || others.length < 2) throw new Error('chaos needs at least three cores');
    const tag = Math.random().toString(36).slice(2, 7);
    for (const seat of world.seats) {
      const { userId } = await seat.core.request({
        type: 'signUp',
        username: `chaos${tag}${seat.index}`,
        displayName: `Chaos ${seat.index}`,
        password: 'correct horse battery',
      });
      seat.userId = userId;
    }
    const { conversationId } = await owner.core.request({
      type: 'createGroup',
      userIds: others.map((s) => s.userId),
    });
    for (const seat of others) await seat.core.request({ type: 'join', conversationId });
    log(`group ${conversationId} with ${world.seats.length} cores; sending ${options.messages} messages`);

    // Every core sends until told to stop: once `messages` are attempted and every kind of fault was seen.
    const startSending = async (seat: ChaosSeat) => {
      await seat.core.request({
        type: 'send',
        conversationId,
        prefix: `c${seat.index}.${(seat.round += 1)}.`,
        count: Number.MAX_SAFE_INTEGER,
        window: options.window,
      });
    };
    const catchUp = async (seats: ChaosSeat[], endedAt: number) => {
      const replies = await within(
        Promise.all(seats.map((s) => s.core.request({ type: 'awaitCatchUp' }))),
        options.catchUpBudgetMs,
        'catch-up after a fault',
      );
      resyncMs.push(Math.max(0, ...replies.map((r) => r.syncedAt - endedAt)));
      return Math.max(0, ...replies.map((r) => r.at - endedAt));
    };

    /** Stops every core sending and waits until each has everything sent so far acked and applied. */
    const settle = async () => {
      await Promise.all(world.seats.map((s) => s.core.request({ type: 'stopSending' })));
      await within(
        Promise.all(world.seats.map((s) => s.core.request({ type: 'awaitCatchUp' }))),
        options.catchUpBudgetMs,
        'the outboxes draining before a fault',
      );
      const count = world.totalAttempted;
      await within(
        Promise.all(world.seats.map((s) => s.core.request({ type: 'awaitCount', conversationId, count }))),
        options.catchUpBudgetMs * 5,
        `every core applying all ${count} messages before a fault`,
      );
    };

    /** Kills a core while it has unsent messages, and starts a new one on the same cache file. */
    const killCore = async (seat: ChaosSeat) => {
      const dark = random() < 0.5;
      // Dark: no ack can come any more, so whatever is in the outbox now stays unsent until the process dies.
      if (dark) seat.proxy.blackhole();
      const next = nextAttemptBy(seat);
      const { pending } = await seat.core.request({ type: 'status' });
      if (pending === 0) await within(next, 30_000, `core ${seat.index} queueing a message`);
      await seat.core.kill();
      if (dark) seat.proxy.heal();
      // Catch-up counts from the restarted app's start (process launch is the machine's, not the sync's).
      const core = await world.startCore(seat);
      const endedAt = Date.now();
      // What the killed process left unsent: a count, cheap for the core to answer.
      unsentAtKill += (await core.request({ type: 'status' })).pending;
      await startSending(seat);
      // The audit's inventory of the cache file (every body in it is attempted, reported by the killed
      // process or not) waits until the catch-up is measured: it reads the conversation's whole history on
      // the core's only thread (0.1 s early in a 100,000-message run, 1 s late) and held the core's
      // welcome and replay back by that long (docs/bench.md, "Chaos catch-up after core kills").
      const takeInventory = async () => {
        const inventory = await core.request({ type: 'inventory', conversationId });
        for (const body of [...inventory.acked, ...inventory.outbox, ...inventory.failed])
          world.attempt(seat, body);
      };
      return { endedAt, affected: [seat], afterCatchUp: takeInventory };
    };

    /** A fault injected: when it ended, whom it hit, and the harness's own work once they caught up. */
    interface Injected {
      endedAt: number;
      affected: ChaosSeat[];
      afterCatchUp?: () => Promise<void>;
    }

    const inject = async (kind: FaultKind): Promise<Injected> => {
      const one = pick(random, world.seats);
      const some = random() < 0.5 ? [one] : world.seats;
      switch (kind) {
        case 'server-kill': {
          await world.server.kill();
          await world.server.restart();
          return { endedAt: Date.now(), affected: world.seats };
        }
        case 'core-kill':
          return killCore(one);
        case 'reset': {
          for (const seat of some) seat.proxy.reset();
          return { endedAt: Date.now(), affected: some };
        }
        case 'blackhole': {
          for (const seat of some) seat.proxy.blackhole();
          if (random() < 0.5) {
            // Long enough for the cores to notice (no pong) and drop the half-open connection.
            await within(
              Promise.all(some.map((seat) => once(seat.proxy, 'gone'))),
              30_000,
              'a core noticing the black hole',
            );
          } else {
            // Brief: over after the next message is queued anywhere (or once every core noticed it).
            await within(
              Promise.race([
                attemptedReaches(world.totalAttempted + 1),
                Promise.all(some.map((seat) => once(seat.proxy, 'gone'))),
              ]),
              30_000,
              'a message during the black hole',
            );
          }
          for (const seat of some) seat.proxy.heal();
          return { endedAt: Date.now(), affected: some };
        }
        case 'cut': {
          const direction = random() < 0.5 ? 'up' : 'down';
          await within(one.proxy.cutMidFrame(direction), 30_000, `a ${direction} cut`);
          return { endedAt: Date.now(), affected: [one] };
        }
        case 'latency': {
          for (const seat of world.seats) seat.proxy.setLatency(20 + Math.floor(random() * 80), 20);
          const gap = Math.max(1, Math.floor(options.faultGap[0] / 2));
          await within(attemptedReaches(world.totalAttempted + gap), 60_000, 'messages under latency');
          for (const seat of world.seats) seat.proxy.setLatency(0);
          return { endedAt: Date.now(), affected: world.seats };
        }
      }
    };

    for (const seat of world.seats) await startSending(seat);
    const schedule = new FaultSchedule(random);
    const [minGap, maxGap] = options.faultGap;
    for (;;) {
      const done = () => world.totalAttempted >= options.messages && schedule.firstRoundLeft === 0;
      if (done()) break;
      const gap = minGap + Math.floor(random() * (maxGap - minGap + 1));
      const target = world.totalAttempted + gap;
      await within(attemptedReaches(target), 120_000, `sending up to message ${target}`);
      if (done()) break;
      // Settle first: stop sending and let every core catch up, so the catch-up measured after the fault is
      // the fault's own, not a backlog of events a core had not applied yet when it struck (cores apply
      // events more slowly than four senders produce them on a loaded machine; docs/proof.md).
      await settle();
      for (const seat of world.seats) await startSending(seat);
      const kind = schedule.next();
      const { endedAt, affected, afterCatchUp } = await inject(kind);
      faults[kind] += 1;
      const ms = await catchUp(affected, endedAt);
      catchUpMs.push(ms);
      await afterCatchUp?.();
      log(
        `${kind}: caught up in ${ms} ms (in sync after ${resyncMs.at(-1) ?? 0} ms); ${world.totalAttempted}/${options.messages} attempted`,
      );
    }

    await Promise.all(world.seats.map((s) => s.core.request({ type: 'stopSending' })));
    // The last fault: the server dies just as the last message is queued, with outboxes still full.
    await world.server.kill();
    await world.server.restart();
    faults['server-kill'] += 1;
    const lastEnded = Date.now();
    const lastCatchUp = await catchUp(world.seats, lastEnded);
    catchUpMs.push(lastCatchUp);
    log(`last fault (server-kill): caught up in ${lastCatchUp} ms`);

    const history = await owner.core.request({ type: 'serverHistory', conversationId });
    // A cache that never gets there is not an error here: the audit below says exactly what it misses.
    const converged = await Promise.all(
      world.seats.map((s) =>
        within(
          s.core.request({ type: 'awaitCount', conversationId, count: history.messages.length }),
          options.catchUpBudgetMs,
          `core ${s.index} holding the whole history`,
        ).catch((error: unknown) => {
          log(String(error));
          return { at: Number.POSITIVE_INFINITY, count: -1 };
        }),
      ),
    );
    const finalCatchUpMs = Math.max(lastCatchUp, ...converged.map((c) => c.at - lastEnded));
    const dumps = await Promise.all(world.seats.map((s) => s.core.request({ type: 'dump', conversationId })));
    const inventories = await Promise.all(
      world.seats.map((s) => s.core.request({ type: 'inventory', conversationId })),
    );
    inventories.forEach((inv, i) => {
      const seat = world.seats[i];
      if (seat) for (const body of [...inv.acked, ...inv.outbox, ...inv.failed]) world.attempt(seat, body);
    });
    const result = audit({
      attempted: world.seats.map((s) => s.attempted),
      failed: inventories.flatMap((inv) => inv.failed),
      server: history.messages,
      caches: dumps.map((d) => d.messages),
    });
    const summary = summarize(catchUpMs);
    const resync = summarize(resyncMs);
    return {
      ...result,
      seed: options.seed,
      cores: options.cores,
      faults,
      unsentAtKill,
      catchUpMs,
      catchUpP50Ms: summary.p50,
      catchUpP99Ms: summary.p99,
      resyncMs,
      resyncP50Ms: resync.p50,
      resyncP99Ms: resync.p99,
      finalCatchUpMs,
      durationMs: Date.now() - started,
      problems: world.problems(),
    };
  } catch (error) {
    const problems = world.problems();
    const detail = problems.length ? `\nproblems:\n${problems.slice(0, 10).join('\n')}` : '';
    const stderr = world.seats.map((s) => `core ${s.index}: ${s.core.stderr.slice(-1500)}`).join('\n');
    throw new Error(
      `chaos run (seed ${options.seed}) failed: ${error instanceof Error ? error.message : String(error)}${detail}\n${stderr}\nserver log:\n${world.server.logs().slice(-3000)}`,
      { cause: error },
    );
  } finally {
    await world.close();
  }
}
