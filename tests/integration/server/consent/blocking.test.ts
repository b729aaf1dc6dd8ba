import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { consentTo, reconnect, sendText } from '../../../support/sessions.ts';
import { signUpClient } from '../../../support/test-client.ts';
import type { TestClient } from '../../../support/test-client.ts';
import { closeAll, eventsOf, settle } from '../people/helpers.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server?.cleanup();
});

/** Bea and Xan in an accepted direct conversation, with one message each way. */
async function friends() {
  const bea = await signUpClient(server.url, 'Bea');
  const xan = await signUpClient(server.url, 'Xan');
  const { conversation } = await xan.request('conversations.startDirect', { userId: bea.userId });
  await sendText(xan, conversation.id, 'hi Bea');
  await bea.request('conversations.accept', { conversationId: conversation.id });
  await sendText(bea, conversation.id, 'hi Xan');
  await xan.waitForEvent('message.created', (e) => e.message.body === 'hi Xan');
  return { bea, xan, conversationId: conversation.id };
}

const typingFrom = (client: TestClient, userId: string) =>
  client.ephemeral.filter((e) => e.userId === userId);

describe('blocking', () => {
  it('the blocked person’s messages are accepted and never delivered; nothing tells them', async () => {
    const { bea, xan, conversationId } = await friends();
    const { user } = await bea.request('users.block', { userId: xan.userId });
    expect(user.blockedByMe).toBe(true);
    const xanElsewhere = await reconnect(xan);

    const sent = await sendText(xan, conversationId, 'are you there?');
    expect(sent.duplicate).toBe(false);
    expect(sent.message.body).toBe('are you there?');
    // Xan's other session sees it as usual; Bea gets nothing, and her list and history do not show it.
    await xanElsewhere.waitForEvent('message.created', (e) => e.message.id === sent.message.id);
    await settle(bea);
    expect(eventsOf(bea, 'message.created').map((e) => e.message.body)).toEqual(['hi Bea', 'hi Xan']);
    const listed = (await bea.request('conversations.list', {})).conversations.find(
      (c) => c.id === conversationId,
    );
    expect(listed).toMatchObject({ unreadCount: 0, lastMessage: { body: 'hi Xan' } });
    const history = await bea.request('messages.history', { conversationId });
    expect(history.messages.map((m) => m.body)).toEqual(['hi Bea', 'hi Xan']);
    await bea.expectError('reports.message', { messageId: sent.message.id }, 'NOT_FOUND');

    // Xan's profile of Bea is unchanged; only Bea's own view says she blocked him.
    expect((await xan.request('users.get', { userId: bea.userId })).user.blockedByMe).toBe(false);
    expect((await bea.request('users.blocked', {})).users.map((u) => u.id)).toEqual([xan.userId]);
    await closeAll(bea, xan, xanElsewhere);
  });

  it('the blocked person no longer sees the blocker’s read or delivery state, nor typing either way', async () => {
    const { bea, xan, conversationId } = await friends();
    const before = (await xan.request('conversations.get', { conversationId })).conversation;
    await bea.request('users.block', { userId: xan.userId });
    await sendText(xan, conversationId, 'withheld');
    // Bea reads everything (and types): Xan learns nothing of it.
    await bea.request('conversations.open', { conversationId });
    await bea.request('typing.set', { conversationId, typing: true });
    await xan.request('typing.set', { conversationId, typing: true });
    await settle(xan);
    await settle(bea);
    const after = (await xan.request('conversations.get', { conversationId })).conversation;
    expect(after.othersReadSeq).toBe(before.othersReadSeq);
    expect(after.othersDeliveredSeq).toBe(before.othersDeliveredSeq);
    expect(typingFrom(xan, bea.userId)).toEqual([]);
    expect(typingFrom(bea, xan.userId)).toEqual([]);
    await closeAll(bea, xan);
  });

  it('in a group they share, the blocker’s read state stays frozen for the blocked person', async () => {
    const cal = await signUpClient(server.url, 'Cal');
    const bea = await signUpClient(server.url, 'Bea');
    const xan = await signUpClient(server.url, 'Xan');
    await consentTo(cal, bea, xan);
    const { conversation } = await cal.request('conversations.createGroup', {
      userIds: [bea.userId, xan.userId],
    });
    const first = await sendText(xan, conversation.id, 'one');
    await bea.request('conversations.markRead', { conversationId: conversation.id });
    await cal.request('conversations.markRead', { conversationId: conversation.id });
    await xan.waitForEvent('receipts.updated', (e) => e.othersReadSeq === first.message.seq);

    await bea.request('users.block', { userId: xan.userId });
    await sendText(xan, conversation.id, 'two');
    const last = await sendText(xan, conversation.id, 'three');
    // In a group the blocked person's messages still reach everyone (leave the group to stop them).
    await bea.waitForEvent('message.created', (e) => e.message.id === last.message.id);
    await cal.request('conversations.markRead', { conversationId: conversation.id });
    await bea.request('conversations.markRead', { conversationId: conversation.id });
    await settle(xan);
    expect(eventsOf(xan, 'receipts.updated').every((e) => e.othersReadSeq <= first.message.seq)).toBe(true);
    const seen = (await xan.request('conversations.get', { conversationId: conversation.id })).conversation;
    expect(seen.othersReadSeq).toBe(first.message.seq);
    // Cal, who blocked nobody, sees everyone's real state.
    expect(
      (await cal.request('conversations.get', { conversationId: conversation.id })).conversation
        .othersReadSeq,
    ).toBe(last.message.seq);
    await closeAll(cal, bea, xan);
  });

  it('requests and invitations from the blocked person never show; they see them as merely unanswered', async () => {
    const bea = await signUpClient(server.url, 'Bea');
    const xan = await signUpClient(server.url, 'Xan');
    const other = await signUpClient(server.url, 'Other');
    await consentTo(xan, bea, other); // even a follow of the adder does not let a blocked person add you
    await bea.request('users.block', { userId: xan.userId });

    const { conversation: request } = await xan.request('conversations.startDirect', { userId: bea.userId });
    await sendText(xan, request.id, 'please answer');
    const { conversation: group } = await xan.request('conversations.createGroup', {
      userIds: [bea.userId, other.userId],
    });
    expect(group.invited?.map((u) => u.id)).toEqual([bea.userId]);
    await settle(bea);
    expect(eventsOf(bea, 'conversation.updated')).toEqual([]);
    expect(eventsOf(bea, 'notification.created')).toEqual([]);
    const { conversations } = await bea.request('conversations.list', {});
    expect(conversations.map((c) => c.id)).not.toContain(request.id);
    expect(conversations.map((c) => c.id)).not.toContain(group.id);
    await bea.expectError('conversations.get', { conversationId: group.id }, 'NOT_FOUND');

    // Xan sees a request still pending and an invitation still open, as if Bea had not answered yet.
    expect((await xan.request('conversations.get', { conversationId: request.id })).conversation.status).toBe(
      'pending',
    );
    expect(
      (await xan.request('conversations.get', { conversationId: group.id })).conversation.invited?.map(
        (u) => u.id,
      ),
    ).toEqual([bea.userId]);

    // Unblocking shows what is still waiting; what was sent meanwhile stays undelivered.
    await bea.request('users.unblock', { userId: xan.userId });
    const back = await bea.waitForEvent('conversation.updated', (e) => e.conversation.id === group.id);
    expect(back.conversation.status).toBe('pending');
    const listed = (await bea.request('conversations.list', {})).conversations.map((c) => c.id);
    expect(listed).toContain(request.id);
    expect(listed).toContain(group.id);
    expect((await bea.request('messages.history', { conversationId: request.id })).messages).toEqual([]);
    await closeAll(bea, xan, other);
  });

  it('the blocker is told plainly: they cannot message the person they blocked until they unblock', async () => {
    const { bea, xan, conversationId } = await friends();
    await bea.expectError('users.block', { userId: bea.userId }, 'CANNOT_BLOCK_SELF');
    await bea.request('users.block', { userId: xan.userId });
    await bea.request('users.block', { userId: xan.userId }); // again: no change
    await bea.expectError(
      'messages.send',
      { conversationId, clientId: 'bea-to-blocked', body: 'hello?' },
      'USER_BLOCKED',
    );
    await bea.expectError('conversations.startDirect', { userId: xan.userId }, 'USER_BLOCKED');
    const { user } = await bea.request('users.unblock', { userId: xan.userId });
    expect(user.blockedByMe).toBe(false);
    expect((await bea.request('users.blocked', {})).users).toEqual([]);
    await sendText(bea, conversationId, 'sorry, back');
    await xan.waitForEvent('message.created', (e) => e.message.body === 'sorry, back');
    // Xan's messages reach Bea again.
    await sendText(xan, conversationId, 'welcome back');
    await bea.waitForEvent('message.created', (e) => e.message.body === 'welcome back');
    await closeAll(bea, xan);
  });

  it('a follow or a playlist invite from the blocked person notifies nobody', async () => {
    const bea = await signUpClient(server.url, 'Bea');
    const xan = await signUpClient(server.url, 'Xan');
    await bea.request('users.block', { userId: xan.userId });
    await xan.request('users.follow', { userId: bea.userId });
    await xan.request('playlists.invite', { userId: bea.userId, playlistName: 'Late beats' });
    await settle(bea);
    expect(eventsOf(bea, 'notification.created')).toEqual([]);
    expect((await bea.request('notifications.list', {})).notifications).toEqual([]);
    await closeAll(bea, xan);
  });
});
