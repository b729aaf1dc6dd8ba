import { describe, expect, it } from 'vitest';
import { followCreator, signedUpCore, useServer } from './harness.ts';

/**
 * Per-user state and consent against the real server: switching accounts on one computer leaves nothing
 * of the first account behind (and no failure in main), and a message request gets no read receipt, no
 * delivery receipt and no typing from its recipient until it is accepted.
 */
const env = useServer();

describe('switching accounts', () => {
  it('open a conversation, sign out, sign in as someone else: nothing carries over, nothing fails', async () => {
    const [ann, bob, cy] = env.track(
      ...(await Promise.all(['ann', 'bob', 'cy'].map((n) => signedUpCore(env.server.url, n)))),
    );
    if (!ann || !bob || !cy) throw new Error('setup');
    const badges: number[] = [];
    ann.core.events.subscribe((name, payload) => {
      if (name === 'badge.changed') badges.push((payload as { count: number }).count);
    });
    await followCreator(bob, ann, cy);
    const { conversation } = await bob.call('conversations.createGroup', {
      userIds: [ann.me.id, cy.me.id],
      title: 'Beats',
    });
    await bob.call('messages.send', { conversationId: conversation.id, body: 'new loop' });
    const arrived = await ann.core.events.next('conversations.changed', (p) =>
      p.conversations.some((c) => c.id === conversation.id),
    );
    expect(arrived).toBeDefined();
    const { conversation: direct } = await ann.call('conversations.startDirect', { userId: bob.me.id });
    await ann.call('conversations.mute', { conversationId: direct.id, duration: 'always' });

    // Ann has the group open, in a focused window.
    ann.shell.focused = true;
    await ann.call('conversations.open', { conversationId: conversation.id });
    await ann.call('conversations.setActive', { conversationId: conversation.id });
    await ann.call('drafts.set', { conversationId: conversation.id, body: 'half a thought' });

    // The badge the shells show is the last one pushed. It may already be 0 before the sign-out (Ann's
    // open marked the group read), or reach 0 with it; either way it must end at 0. Every push is
    // recorded from the start: the open's 0 may be pushed before or after the open answers (no push at
    // all would mean it never left 0, where a shell's badge starts).
    await ann.call('session.signOut', {});
    const badgeCleared =
      (badges.at(-1) ?? 0) === 0
        ? Promise.resolve()
        : ann.core.events.next('badge.changed', (p) => p.count === 0);
    expect(ann.core.activeConversationId).toBeNull();
    expect(ann.shell.removed).toContain('*');
    expect(ann.core.settings.get().mutes).toEqual({});
    expect((await ann.call('conversations.list', {})).conversations).toEqual([]);
    expect(await ann.call('badge.get', {})).toEqual({ count: 0 });

    // Dan, who has no conversations yet, signs in on the same app.
    const [dan] = env.track(await signedUpCore(env.server.url, 'dan'));
    if (!dan) throw new Error('setup');
    const caughtUp = ann.core.trace.waitFor('caught-up', () => true, 20_000);
    await ann.call('session.signIn', { username: dan.me.username, password: 'correct horse' });
    await caughtUp;
    await badgeCleared;
    expect(badges.at(-1) ?? 0).toBe(0);
    expect((await ann.call('conversations.list', {})).conversations).toEqual([]);
    expect(await ann.call('drafts.get', { conversationId: conversation.id })).toEqual({ body: null });
    // Ann's conversation is not Dan's: a clear refusal, not a dead process.
    expect(await ann.failure('conversations.open', { conversationId: conversation.id })).toBe('NOT_FOUND');
    // Even a page that still shows Ann's conversation as open (and a reconnect that refreshes it) only
    // logs the refusal.
    await ann.call('conversations.setActive', { conversationId: conversation.id });
    const refused = ann.core.trace.waitFor('core.error', (e) => e.where === 'conversations.open', 20_000);
    const again = ann.core.trace.waitFor('caught-up', () => true, 20_000);
    ann.core.connection.stop();
    ann.core.connection.start();
    await again;
    expect((await refused).message).toMatch(/not found|no such/i);

    // Everything still works for Dan.
    const { conversation: withBob } = await ann.call('conversations.startDirect', { userId: bob.me.id });
    const acked = ann.core.trace.waitFor('message.acked');
    await ann.call('messages.send', { conversationId: withBob.id, body: 'hello from dan' });
    await acked;
    expect(ann.core.unexpected.count).toBe(0);
  });
});

describe('message requests', () => {
  it('no read receipt, delivery receipt or typing reaches the requester before the recipient accepts', async () => {
    const [eve, fay] = env.track(
      ...(await Promise.all(['eve', 'fay'].map((n) => signedUpCore(env.server.url, n)))),
    );
    if (!eve || !fay) throw new Error('setup');
    // What Eve (the requester) receives, in order.
    const seenByEve: string[] = [];
    eve.core.events.subscribe((name, payload) => {
      if (name === 'typing.changed' && 'userIds' in payload && payload.userIds.includes(fay.me.id))
        seenByEve.push('typing');
      if (name === 'conversations.changed' && 'conversations' in payload)
        for (const c of payload.conversations) if (c.status === 'accepted') seenByEve.push('accepted');
    });

    const { conversation } = await eve.call('conversations.startDirect', { userId: fay.me.id });
    const arrived = fay.core.events.next('conversations.changed', (p) =>
      p.conversations.some((c) => c.id === conversation.id && c.unreadCount === 1),
    );
    await eve.call('messages.send', { conversationId: conversation.id, body: 'love your beats' });
    await arrived;

    // Fay opens the request in a focused window and starts typing a reply.
    fay.shell.focused = true;
    const opened = await fay.call('conversations.open', { conversationId: conversation.id });
    expect(opened.messages.map((m) => m.body)).toEqual(['love your beats']);
    await fay.call('conversations.setActive', { conversationId: conversation.id });
    await fay.call('typing.set', { conversationId: conversation.id, typing: true });
    expect(await fay.failure('conversations.markRead', { conversationId: conversation.id })).toBe(
      'REQUEST_NOT_ACCEPTED',
    );
    const before = await eve.core.connection.request('conversations.get', {
      conversationId: conversation.id,
    });
    expect(before.conversation).toMatchObject({ othersReadSeq: 0, othersDeliveredSeq: 0 });

    // Accepting makes it an ordinary conversation: it is on screen, so it is read now, and typing flows.
    const read = eve.core.events.next('conversations.changed', (p) =>
      p.conversations.some((c) => c.id === conversation.id && c.othersReadSeq >= 1),
    );
    await fay.call('conversations.accept', { conversationId: conversation.id });
    await read;
    const typing = eve.core.events.next('typing.changed', (p) => p.userIds.includes(fay.me.id));
    await fay.call('typing.set', { conversationId: conversation.id, typing: true });
    await typing;
    expect(seenByEve.indexOf('accepted')).toBeGreaterThanOrEqual(0);
    expect(seenByEve.indexOf('typing')).toBeGreaterThan(seenByEve.indexOf('accepted'));
  });
});
