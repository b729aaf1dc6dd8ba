import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireMembership } from '../../../src-server/features/conversations/access.ts';
import { readMemoCounts } from '../../../src-server/store/direct-sqlite.ts';
import type { RunningServer } from '../../../src-server/server.ts';
import { startInProcessServer } from '../../support/in-process-server.ts';
import type { InProcessServer } from '../../support/in-process-server.ts';
import { signUpClient } from '../../support/test-client.ts';
import type { TestClient } from '../../support/test-client.ts';

// The read memo keeps a conversation's row and participants per conversation, and a send writes its
// result through (store/read-memo.ts, architecture.md). Whatever requests ran, what the memo answers must
// be exactly what SQLite holds: checked against a second connection after every step. In-process server
// on a temp SQLite file (one thread, to reach its group commit), real sockets.

let running: InProcessServer;
let server: RunningServer;
let alice: TestClient;
let bob: TestClient;
let carl: TestClient;
let direct: string;
let group: string;

beforeAll(async () => {
  running = await startInProcessServer('conversation-memo-', { sendRatePerWindow: 10_000 });
  server = running.server;
  alice = await signUpClient(server.url, 'alice');
  bob = await signUpClient(server.url, 'bob');
  carl = await signUpClient(server.url, 'carl');
  for (const follower of [bob, carl]) await follower.request('users.follow', { userId: alice.userId });
  direct = (await alice.request('conversations.startDirect', { userId: bob.userId })).conversation.id;
  await alice.request('messages.send', { conversationId: direct, clientId: 'first-message', body: 'hi' });
  await bob.request('conversations.accept', { conversationId: direct });
  group = (await alice.request('conversations.createGroup', { userIds: [bob.userId, carl.userId] }))
    .conversation.id;
});

afterAll(async () => {
  await Promise.all([alice, bob, carl].map((client) => client?.close()));
  await running?.stop();
});

const byUser = <T extends { user_id: string }>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => a.user_id.localeCompare(b.user_id));

/** What a request's group commit reads for the conversation (from the memo when it can). */
async function seenByTheServer(conversationId: string) {
  const { conversation, participants } = await server.context.work.run((w) =>
    requireMembership(w, alice.userId, conversationId),
  );
  return { conversation: { ...conversation }, participants: byUser(participants) };
}

/** What SQLite holds, read on a connection of its own. */
function heldBySqlite(conversationId: string) {
  const db = new Database(running.sqliteFile, { readonly: true });
  try {
    const conversation = db
      .prepare(
        'select id, kind, title, direct_key, team_id, status, requester_id, created_by, last_seq, last_message_id, last_activity_at, created_at from conversations where id = ?',
      )
      .get(conversationId);
    const participants = db
      .prepare(
        'select conversation_id, user_id, last_read_seq, delivered_seq, marked_unread, hidden, joined_at from participants where conversation_id = ?',
      )
      .all(conversationId) as { user_id: string }[];
    return { conversation, participants: byUser(participants) };
  } finally {
    db.close();
  }
}

async function expectMemoTrue(): Promise<void> {
  for (const conversationId of [direct, group]) {
    expect(await seenByTheServer(conversationId)).toEqual(heldBySqlite(conversationId));
  }
}

const send = (client: TestClient, conversationId: string, clientId: string) =>
  client.request('messages.send', { conversationId, clientId, body: `body of ${clientId}` });

describe('the conversation memo and what SQLite holds', () => {
  it('the server’s file is where the test reads it', () => {
    expect(heldBySqlite(direct).conversation).toMatchObject({ id: direct, kind: 'direct' });
  });

  it('agree after pipelined sends, and the next send reads neither row from SQLite', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => send(alice, direct, `pipelined-${i}`)));
    await expectMemoTrue();
    const before = readMemoCounts(server.context.db);
    await seenByTheServer(direct);
    const after = readMemoCounts(server.context.db);
    // The conversation's row and its participants, both written through by the last send.
    expect(after?.hits).toBe((before?.hits ?? 0) + 2);
    expect(after?.misses).toBe(before?.misses);
  });

  it('agree through replies, read and delivered marks, marked unread, hidden and unhidden', async () => {
    const steps: (() => Promise<unknown>)[] = [
      () => send(bob, direct, 'reply-one'),
      () => send(alice, direct, 'after-reply'), // alice had unread: her marks advance, bob's "seen" too
      () => bob.request('messages.delivered', { conversationId: direct, upToSeq: 1_000 }),
      () => bob.request('conversations.markRead', { conversationId: direct }),
      () => alice.request('conversations.markUnread', { conversationId: direct }),
      () => send(alice, direct, 'after-mark-unread'),
      () => bob.request('conversations.hide', { conversationId: direct }),
      () => send(alice, direct, 'unhides-for-bob'),
      () => send(carl, group, 'group-one'),
      () =>
        Promise.all([
          send(alice, group, 'group-two'),
          send(bob, group, 'group-three'),
          send(alice, direct, 'alongside-group'),
        ]),
      () => carl.request('conversations.leave', { conversationId: group }),
      () => send(alice, group, 'after-leave'),
    ];
    for (const step of steps) {
      await step();
      await expectMemoTrue();
    }
  });
});
