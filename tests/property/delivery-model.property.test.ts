import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/core.ts';
import { TestCore } from '../integration/core/harness.ts';
import { FaultProxy } from '../support/fault-proxy.ts';
import { spawnServer } from '../support/server-process.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { propertyParams } from './params.ts';

/**
 * Model-based test of the outbox and the sync engine together, against a real server process on loopback:
 * two real cores (real SQLite cache files), each behind its own fault proxy, in one group with a third
 * core that reads the server's history. fast-check picks an interleaving of sends from either side (each
 * side's sends are the other's events), waits for acks, dropped connections and app restarts. The model is
 * just what each side wrote, in order; at the end the server must hold exactly that, and both caches must
 * equal the server's history.
 */
type Who = 'alice' | 'bob';

interface Model {
  sent: Record<Who, string[]>;
}

interface Real {
  cores: Record<Who, TestCore>;
  proxies: Record<Who, FaultProxy>;
  conversationId: string;
}

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer({ args: ['--send-rate', '100000'] });
});
afterAll(async () => {
  await server.cleanup();
});

const TIMINGS = {
  timings: {
    backoff: { baseMs: 20, capMs: 200 },
    heartbeatIntervalMs: 500,
    heartbeatTimeoutMs: 1_500,
  },
  outbox: { backoff: { baseMs: 20, capMs: 200 } },
};

/** Resolves once `test` holds, re-checked on every trace event of the core; fails after `ms`. */
function until(core: () => Core, test: () => boolean, what: string, ms = 30_000): Promise<void> {
  if (test()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const offs: (() => void)[] = [];
    const timer = setTimeout(() => {
      for (const off of offs) off();
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
    const check = () => {
      if (!test()) return;
      clearTimeout(timer);
      for (const off of offs) off();
      resolve();
    };
    offs.push(core().trace.onAny(check));
  });
}

function settled(test: TestCore): Promise<void> {
  const core = () => test.core;
  return until(
    core,
    () => core().connection.isOnline && core().sync.caughtUp && core().cache.outbox.pendingCount() === 0,
    'the outbox to empty while online and caught up',
  );
}

function cachedIds(test: TestCore, conversationId: string): string[] {
  return test.core.cache.db
    .prepare<[string], { id: string }>('SELECT id FROM messages WHERE conversation_id = ? ORDER BY seq')
    .all(conversationId)
    .map((r) => r.id);
}

/** A command acting on one side; `act` is what it does. */
abstract class SideCommand implements fc.AsyncCommand<Model, Real> {
  readonly who: Who;
  constructor(who: Who) {
    this.who = who;
  }
  check = () => true;
  abstract act(model: Model, real: Real): Promise<void>;
  run(model: Model, real: Real): Promise<void> {
    return this.act(model, real);
  }
  toString = () => `${this.constructor.name}(${this.who})`;
}

class Send extends SideCommand {
  async act(model: Model, real: Real): Promise<void> {
    const body = `${this.who} ${model.sent[this.who].length}`;
    await real.cores[this.who].call('messages.send', { conversationId: real.conversationId, body });
    model.sent[this.who].push(body);
  }
}

/** Waits for every ack of this side. */
class AwaitAcks extends SideCommand {
  act(_model: Model, real: Real): Promise<void> {
    return settled(real.cores[this.who]);
  }
}

/** Resets this side's connection (whatever is in flight). */
class Drop extends SideCommand {
  async act(_model: Model, real: Real): Promise<void> {
    real.proxies[this.who].reset();
  }
}

/** Quits and starts the app again on the same cache file. */
class Restart extends SideCommand {
  async act(_model: Model, real: Real): Promise<void> {
    real.cores[this.who].restart().start();
  }
}

const who = fc.constantFrom<Who>('alice', 'bob');
const commands = fc.commands(
  [
    who.map((w) => new Send(w)),
    who.map((w) => new Send(w)),
    who.map((w) => new AwaitAcks(w)),
    who.map((w) => new Drop(w)),
    who.map((w) => new Restart(w)),
  ],
  { maxCommands: 14 },
);

let run = 0;
async function setup(): Promise<Real & { carl: TestCore; all: TestCore[] }> {
  run += 1;
  const proxies = {
    alice: await FaultProxy.start({ target: () => ({ port: server.port }), localAddress: '127.0.0.21' }),
    bob: await FaultProxy.start({ target: () => ({ port: server.port }), localAddress: '127.0.0.22' }),
  };
  const tag = `${run}${Math.random().toString(36).slice(2, 6)}`;
  const signUp = async (name: string, url: string) => {
    const test = new TestCore(url, TIMINGS);
    test.core.start();
    const caughtUp = test.core.trace.waitFor('caught-up', () => true, 30_000);
    await test.call('session.signUp', {
      username: `p${name}${tag}`,
      displayName: name,
      password: 'correct horse',
    });
    await caughtUp;
    return test;
  };
  const alice = await signUp('alice', proxies.alice.url);
  const bob = await signUp('bob', proxies.bob.url);
  const carl = await signUp('carl', server.url);
  const { conversation } = await alice.call('conversations.createGroup', {
    userIds: [bob.me.id, carl.me.id],
  });
  for (const member of [bob, carl]) {
    await until(
      () => member.core,
      () => member.core.cache.conversations.has(conversation.id),
      'the group',
    );
    const view = (await member.call('conversations.list', {})).conversations.find(
      (c) => c.id === conversation.id,
    );
    if (view && view.status !== 'accepted')
      await member.call('conversations.accept', { conversationId: conversation.id });
  }
  return { cores: { alice, bob }, proxies, conversationId: conversation.id, carl, all: [alice, bob, carl] };
}

describe('outbox and sync against a real server (model-based)', () => {
  it('any interleaving of sends, acks, events, drops and restarts ends in the server state', async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const real = await setup();
        try {
          const model: Model = { sent: { alice: [], bob: [] } };
          await fc.asyncModelRun(() => ({ model, real }), cmds);
          await Promise.all([settled(real.cores.alice), settled(real.cores.bob)]);
          const { messages } = await real.carl.core.connection.request('messages.history', {
            conversationId: real.conversationId,
            limit: 100,
          });
          const byAuthor = (id: string) => messages.filter((m) => m.authorId === id).map((m) => m.body);
          expect(byAuthor(real.cores.alice.me.id)).toEqual(model.sent.alice);
          expect(byAuthor(real.cores.bob.me.id)).toEqual(model.sent.bob);
          const ids = messages.map((m) => m.id);
          for (const side of [real.cores.alice, real.cores.bob]) {
            await until(
              () => side.core,
              () => cachedIds(side, real.conversationId).length >= ids.length,
              'the cache to hold the history',
            );
            expect(cachedIds(side, real.conversationId)).toEqual(ids);
          }
        } finally {
          for (const core of real.all) core.cleanup();
          await Promise.all([real.proxies.alice.close(), real.proxies.bob.close()]);
        }
      }),
      propertyParams({ numRuns: 5 }),
    );
  }, 240_000);
});
