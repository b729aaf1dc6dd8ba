import { describe, expect, it } from 'vitest';
import { signedUpCore, useServer } from './harness.ts';
import type { TestCore } from './harness.ts';

/**
 * Consent as the desktop app sees it, through the router: an invitation to a group is a pending request in
 * the list and the badge until accepted; leaving takes the group out of the list; blocking is listed in
 * Settings and undone there.
 */
const env = useServer();

async function people(...names: string[]): Promise<TestCore[]> {
  const made = await Promise.all(names.map((name) => signedUpCore(env.server.url, name)));
  env.track(...made);
  return made;
}

describe('consent through the core', () => {
  it('an invitation shows as a pending request until accepted; leaving takes the group off the list', async () => {
    const [kim, lee, max] = await people('kim', 'lee', 'max');
    if (!kim || !lee || !max) throw new Error('setup');
    const invited = lee.core.events.next('conversations.changed', (p) =>
      p.conversations.some((c) => c.title === 'Stems' && c.status === 'pending'),
    );
    const { conversation } = await kim.call('conversations.createGroup', {
      userIds: [lee.me.id, max.me.id],
      title: 'Stems',
    });
    await invited;
    const pending = (await lee.call('conversations.list', {})).conversations.find(
      (c) => c.id === conversation.id,
    );
    expect(pending).toMatchObject({ kind: 'group', status: 'pending', requesterId: kim.me.id });
    expect(lee.core.badgeCount()).toBe(1);
    // The inviter's list shows who is still to answer, and keeps them after the core restarts (cache).
    const mine = (await kim.call('conversations.list', {})).conversations.find(
      (c) => c.id === conversation.id,
    );
    expect(mine?.participants.map((p) => p.id)).toEqual([kim.me.id]);
    expect(mine?.invited?.map((p) => p.id).sort()).toEqual([lee.me.id, max.me.id].sort());
    const cached = kim.core.cache.conversations.get(conversation.id);
    expect(cached?.conversation.invited?.map((p) => p.id).sort()).toEqual([lee.me.id, max.me.id].sort());

    // Opening the invitation shows it without messages and leaves it pending (no history until accepted).
    const fromServer = lee.core.trace.waitFor('conversation.opened', (e) => e.source === 'server', 20_000);
    const opened = await lee.call('conversations.open', { conversationId: conversation.id });
    expect(opened.messages).toEqual([]);
    expect(opened.conversation.status).toBe('pending');
    await fromServer;
    expect((await lee.call('conversations.list', {})).conversations.map((c) => c.id)).toContain(
      conversation.id,
    );

    const { conversation: joined } = await lee.call('conversations.accept', {
      conversationId: conversation.id,
    });
    expect(joined.status).toBe('accepted');
    expect(lee.core.badgeCount()).toBe(0);

    await lee.call('conversations.leave', { conversationId: conversation.id });
    expect((await lee.call('conversations.list', {})).conversations.map((c) => c.id)).not.toContain(
      conversation.id,
    );
    expect(await lee.failure('conversations.leave', { conversationId: conversation.id })).toBe('NOT_FOUND');
  });

  it('blocks are listed for Settings and can be undone; nobody can block themselves', async () => {
    const [ann, bob] = await people('ann', 'bob');
    if (!ann || !bob) throw new Error('setup');
    const { user } = await ann.call('users.block', { userId: bob.me.id });
    expect(user.blockedByMe).toBe(true);
    expect((await ann.call('users.blocked', {})).users.map((u) => u.id)).toEqual([bob.me.id]);
    expect(await ann.failure('users.block', { userId: ann.me.id })).toBe('CANNOT_BLOCK_SELF');
    expect((await ann.call('users.unblock', { userId: bob.me.id })).user.blockedByMe).toBe(false);
    expect((await ann.call('users.blocked', {})).users).toEqual([]);
  });
});
