import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../../support/server-process.ts';
import type { ServerProcess } from '../../support/server-process.ts';
import { signedUpCore } from './harness.ts';
import type { TestCore } from './harness.ts';

let server: ServerProcess;
const cores: TestCore[] = [];

beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  for (const c of cores) c.cleanup();
  await server.cleanup();
});

describe('smoke', () => {
  it('two cores: start direct, send, receive', async () => {
    const alice = await signedUpCore(server.url, 'alice');
    const bob = await signedUpCore(server.url, 'bob');
    cores.push(alice, bob);
    const { conversation } = await alice.call('conversations.startDirect', { userId: bob.me.id });
    const acked = alice.core.trace.waitFor('message.acked');
    const received = bob.core.trace.waitFor('message.received');
    await alice.call('messages.send', { conversationId: conversation.id, body: 'hello bob' });
    await acked;
    await received;
    const list = await bob.call('conversations.list', {});
    expect(list.conversations.map((c) => c.id)).toContain(conversation.id);
  });
});
