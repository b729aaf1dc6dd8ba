import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCommunityMuted } from '../../../src-server/admin/admin.ts';
import { openDatabase } from '../../../src-server/store/database.ts';
import type { RunningServer } from '../../../src-server/server.ts';
import { startInProcessServer } from '../../support/in-process-server.ts';
import type { InProcessServer } from '../../support/in-process-server.ts';
import { reconnect } from '../../support/sessions.ts';
import { signUpClient } from '../../support/test-client.ts';
import type { TestClient } from '../../support/test-client.ts';

// A send no longer looks its client id up first: the unique index on (author, client id) refuses a
// resend's row, and so may a rule that changed since; either way the handler returns the original.
// In-process server on a temp SQLite file, real sockets.

let running: InProcessServer;
let server: RunningServer;
let alice: TestClient;
let bob: TestClient;
let conversationId: string;

beforeAll(async () => {
  // On the event loop (the helper's default): the test reads the group commit's own counters
  // (server.context.work).
  running = await startInProcessServer('send-idem-', { sendRatePerWindow: 1000 });
  server = running.server;
  alice = await signUpClient(server.url, 'alice');
  bob = await signUpClient(server.url, 'bob');
  const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
  conversationId = conversation.id;
  await alice.request('messages.send', { conversationId, clientId: 'request-0001', body: 'hi' });
  await bob.request('conversations.accept', { conversationId });
});

afterAll(async () => {
  await Promise.all([alice?.close(), bob?.close()]);
  await running?.stop();
});

const send = (client: TestClient, clientId: string, body = 'hello') =>
  client.request('messages.send', { conversationId, clientId, body });
const createdFor = (client: TestClient, clientId: string) =>
  client.events.filter((e) => e.event.type === 'message.created' && e.event.message.clientId === clientId);

describe('messages.send idempotency', () => {
  it('returns the original for a resend in an accepted conversation, with no second row or event', async () => {
    const original = await send(alice, 'resend-0001');
    const again = await send(alice, 'resend-0001', 'a different body');
    expect(again).toEqual({ message: original.message, duplicate: true });
    await bob.request('me.get', {}); // bob's events up to now have arrived
    expect(createdFor(bob, 'resend-0001')).toHaveLength(1);
    const next = await send(alice, 'resend-0002');
    expect(next.message.seq).toBe(original.message.seq + 1); // the refused resend used no seq
  });

  it('returns the original when both of two sockets resend it at once', async () => {
    const other = await reconnect(alice);
    const [a, b] = await Promise.all([send(alice, 'race-0001'), send(other, 'race-0001')]);
    expect(a.message).toEqual(b.message);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    await other.close();
  });

  it('refuses a resend before it writes anything: its group commit is not run again', async () => {
    await send(alice, 'group-0001');
    const reruns = server.context.work.rerunWithSavepoints;
    // Sent together, so the resend and the new messages share a group commit.
    const [resent, first, second] = await Promise.all([
      send(alice, 'group-0001'),
      send(alice, 'group-0002'),
      send(bob, 'group-0003'),
    ]);
    expect(resent.duplicate).toBe(true);
    expect([first.duplicate, second.duplicate]).toEqual([false, false]);
    expect(second.message.seq).toBe(first.message.seq + 1);
    expect(server.context.work.rerunWithSavepoints).toBe(reruns);
  });

  it('returns the original to a resend after a rule changed (muted), and refuses a new message', async () => {
    const original = await send(bob, 'muted-0001');
    // As the admin CLI does it: another connection to the server's database.
    const admin = await openDatabase(running.sqliteFile);
    const mute = (muted: boolean) => setCommunityMuted(admin.db, bob.auth.me.username, muted);
    try {
      await mute(true);
      expect(await send(bob, 'muted-0001')).toEqual({ message: original.message, duplicate: true });
      await bob.expectError(
        'messages.send',
        { conversationId, clientId: 'muted-0002', body: 'new' },
        'COMMUNITY_MUTED',
      );
      await mute(false);
      expect((await send(bob, 'muted-0003')).duplicate).toBe(false);
    } finally {
      await admin.close();
    }
  });
});
