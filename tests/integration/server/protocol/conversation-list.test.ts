import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { sendText } from '../../../support/sessions.ts';
import type { TestClient } from '../../../support/test-client.ts';
import { signUpClient } from '../../../support/test-client.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server?.cleanup();
});

/** `me` has an accepted direct conversation with each of `others`, each with the opening request message. */
async function conversationsWith(me: TestClient, others: readonly TestClient[]) {
  const ids: string[] = [];
  for (const other of others) {
    const { conversation } = await other.request('conversations.startDirect', { userId: me.userId });
    await sendText(other, conversation.id, `hello from ${other.auth.me.displayName}`);
    await me.request('conversations.accept', { conversationId: conversation.id });
    ids.push(conversation.id);
  }
  return ids;
}

const listOf = async (client: TestClient) => (await client.request('conversations.list', {})).conversations;

describe('conversation list', () => {
  it('is ordered by latest activity, with the last message, unread count and read state', async () => {
    const me = await signUpClient(server.url, 'Me');
    const [ann, ben, cat] = [
      await signUpClient(server.url, 'Ann'),
      await signUpClient(server.url, 'Ben'),
      await signUpClient(server.url, 'Cat'),
    ];
    const [withAnn, withBen, withCat] = await conversationsWith(me, [ann, ben, cat]);
    expect((await listOf(me)).map((c) => c.id)).toEqual([withCat, withBen, withAnn]);

    await sendText(ann, withAnn!, 'ann again');
    await sendText(ann, withAnn!, 'and again');
    await sendText(me, withBen!, 'me to ben');
    const list = await listOf(me);
    expect(list.map((c) => c.id)).toEqual([withBen, withAnn, withCat]);
    expect(list[0]).toMatchObject({
      lastMessage: { body: 'me to ben', authorId: me.userId },
      unreadCount: 0,
    });
    expect(list[1]).toMatchObject({
      lastMessage: { body: 'and again' },
      unreadCount: 2,
      lastReadSeq: 1,
      markedUnread: false,
    });
    expect(list[2]).toMatchObject({
      lastMessage: { body: 'hello from Cat' },
      unreadCount: 0,
      status: 'accepted',
    });
    expect(list[0]!.lastActivityAt).toBeGreaterThanOrEqual(list[1]!.lastActivityAt);
    await Promise.all([me, ann, ben, cat].map((c) => c.close()));
  });

  it('mark read and mark unread update the list and every session of the reader', async () => {
    const me = await signUpClient(server.url, 'Me');
    const ann = await signUpClient(server.url, 'Ann');
    const [id] = await conversationsWith(me, [ann]);
    const conversationId = id!;
    for (const body of ['one', 'two', 'three']) await sendText(ann, conversationId, body);

    const partly = await me.request('conversations.markRead', { conversationId, upToSeq: 3 });
    expect(partly.conversation).toMatchObject({ lastReadSeq: 3, unreadCount: 1 });
    const state = await me.waitForEvent('readstate.updated', (e) => e.lastReadSeq === 3);
    expect(state).toMatchObject({ conversationId, unreadCount: 1, markedUnread: false });

    const all = await me.request('conversations.markRead', { conversationId });
    expect(all.conversation).toMatchObject({ lastReadSeq: 4, unreadCount: 0 });

    const unread = await me.request('conversations.markUnread', { conversationId });
    expect(unread.conversation).toMatchObject({ markedUnread: true, unreadCount: 0 });
    expect(await me.waitForEvent('readstate.updated', (e) => e.markedUnread)).toMatchObject({
      conversationId,
      lastReadSeq: 4,
    });
    expect((await listOf(me)).find((c) => c.id === conversationId)?.markedUnread).toBe(true);

    // Opening it clears the mark.
    const opened = await me.request('conversations.open', { conversationId });
    expect(opened.conversation.markedUnread).toBe(false);
    expect(
      await me.waitForEvent('readstate.updated', (e) => !e.markedUnread && e.lastReadSeq === 4),
    ).toBeTruthy();
    expect((await listOf(me)).find((c) => c.id === conversationId)?.markedUnread).toBe(false);
    await Promise.all([me.close(), ann.close()]);
  });

  it('a hidden conversation leaves the list until a new message brings it back', async () => {
    const me = await signUpClient(server.url, 'Me');
    const ann = await signUpClient(server.url, 'Ann');
    const [id] = await conversationsWith(me, [ann]);
    const conversationId = id!;

    expect(await me.request('conversations.hide', { conversationId })).toEqual({ ok: true });
    expect(await me.waitForEvent('conversation.removed')).toEqual({
      type: 'conversation.removed',
      conversationId,
      reason: 'hidden',
    });
    expect((await listOf(me)).map((c) => c.id)).not.toContain(conversationId);
    expect((await listOf(ann)).map((c) => c.id)).toContain(conversationId);

    const mark = me.frames.length;
    await sendText(ann, conversationId, 'still there?');
    const back = await me.waitForEvent(
      'conversation.updated',
      (e) => e.conversation.id === conversationId,
      mark,
    );
    expect(back.conversation).toMatchObject({ lastMessage: { body: 'still there?' }, unreadCount: 1 });
    expect((await listOf(me)).map((c) => c.id)).toContain(conversationId);

    // Your own message brings it back too.
    await me.request('conversations.hide', { conversationId });
    await sendText(me, conversationId, 'me again');
    expect((await listOf(me)).map((c) => c.id)).toContain(conversationId);
    await Promise.all([me.close(), ann.close()]);
  });

  it('a pending request shows for its recipient with its status, and not before it has a message', async () => {
    const me = await signUpClient(server.url, 'Me');
    const ann = await signUpClient(server.url, 'Ann');
    const { conversation } = await ann.request('conversations.startDirect', { userId: me.userId });
    expect((await listOf(me)).map((c) => c.id)).not.toContain(conversation.id);
    expect((await listOf(ann)).map((c) => c.id)).toContain(conversation.id);
    await sendText(ann, conversation.id, 'can we talk?');
    expect((await listOf(me)).find((c) => c.id === conversation.id)).toMatchObject({
      status: 'pending',
      requesterId: ann.userId,
      unreadCount: 1,
      lastMessage: { body: 'can we talk?' },
    });
    await Promise.all([me.close(), ann.close()]);
  });
});
