import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../src-main/core/trace.ts';
import { followCreator, signedUpCore, useServer } from './harness.ts';
import type { TestCore } from './harness.ts';

/**
 * Resume and resync: an app that was closed while others wrote catches up from its last applied event,
 * raises no notification for that history, and notifies for what arrives live afterwards.
 */
const env = useServer();
const small = useServer({ args: ['--event-retention', '5'] });

async function trio(url: string) {
  const [alice, bob, carl] = await Promise.all(['alice', 'bob', 'carl'].map((n) => signedUpCore(url, n)));
  if (!alice || !bob || !carl) throw new Error('setup');
  env.track(alice, bob, carl);
  await followCreator(alice, bob, carl);
  const bobKnows = bob.core.events.next('conversations.changed', (p) =>
    p.conversations.some((c) => c.title === 'Beats'),
  );
  const { conversation } = await alice.call('conversations.createGroup', {
    userIds: [bob.me.id, carl.me.id],
    title: 'Beats',
  });
  await bobKnows;
  return { alice, bob, conversationId: conversation.id };
}

let sent = 0;
/** Another participant writing, straight through the protocol. */
async function sendAll(core: TestCore, conversationId: string, bodies: string[]): Promise<void> {
  for (const body of bodies) {
    sent += 1;
    await core.core.connection.request('messages.send', {
      conversationId,
      clientId: `sync-test-${sent}-${Date.now()}`,
      body,
    });
  }
}

function collect<N extends 'notification.decided' | 'event.applied'>(
  test: TestCore,
  name: N,
): TraceEvent<N>[] {
  const seen: TraceEvent<N>[] = [];
  test.core.trace.on(name, (e) => seen.push(e));
  return seen;
}

describe('resume after missed events', () => {
  it('replays what was missed without notifying, then notifies for live messages by the privacy setting', async () => {
    const { alice, bob, conversationId } = await trio(env.server.url);
    bob.close();
    await sendAll(alice, conversationId, ['while', 'you', 'were', 'away']);

    const core = bob.restart();
    const applied = collect(bob, 'event.applied');
    const decisions = collect(bob, 'notification.decided');
    const caughtUp = core.trace.waitFor('caught-up');
    const list = core.start();
    expect(list.map((c) => c.id)).toContain(conversationId); // the cached list shows before the network answers
    await caughtUp;
    const replayedMessages = applied.filter((e) => e.type === 'message.created');
    expect(replayedMessages.map((e) => e.replayed)).toEqual([true, true, true, true]);
    expect(decisions.map((d) => [d.show, d.reason])).toEqual(Array(4).fill([false, 'replayed']));
    expect(bob.shell.shown).toEqual([]);
    const opened = await bob.call('conversations.open', { conversationId });
    expect(opened.messages.map((m) => m.body)).toEqual(['while', 'you', 'were', 'away']);
    expect(bob.core.badgeCount()).toBe(4);

    // Live from now on.
    const live = core.trace.waitFor('notification.decided');
    await sendAll(alice, conversationId, ['back?']);
    expect(await live).toMatchObject({ show: true, reason: 'shown' });
    expect(bob.shell.shown.at(-1)).toMatchObject({
      title: 'ALICE in Beats'.replace('ALICE', alice.me.displayName),
      body: 'back?',
      silent: false,
    });

    await bob.call('settings.set', { notificationPrivacy: 'name_only', sound: false });
    const nameOnly = core.trace.waitFor('notification.decided');
    await sendAll(alice, conversationId, ['secret plans']);
    await nameOnly;
    expect(bob.shell.shown.at(-1)).toMatchObject({ body: 'New message', silent: true });
  });

  it('stays quiet for a muted conversation, during do-not-disturb, and for the conversation on screen', async () => {
    const { alice, bob, conversationId } = await trio(env.server.url);
    const reasons: string[] = [];
    bob.core.trace.on('notification.decided', (e) => reasons.push(e.reason));
    const next = async (body: string) => {
      const decided = bob.core.trace.waitFor('notification.decided');
      await sendAll(alice, conversationId, [body]);
      return (await decided).reason;
    };
    await bob.call('conversations.mute', { conversationId, duration: '1h' });
    expect(await next('muted one')).toBe('muted');
    expect(bob.core.badgeCount()).toBe(0); // muted conversations stay out of the badge
    await bob.call('conversations.mute', { conversationId, duration: 'off' });
    await bob.call('settings.doNotDisturb', { duration: 'always' });
    expect(await next('dnd one')).toBe('do_not_disturb');
    await bob.call('settings.doNotDisturb', { duration: 'off' });

    bob.shell.focused = true;
    await bob.call('conversations.setActive', { conversationId });
    const read = bob.core.events.next('conversations.changed', (p) =>
      p.conversations.some((c) => c.id === conversationId && c.unreadCount === 0),
    );
    expect(await next('on screen')).toBe('viewing');
    await read; // reading it in a focused window marks it read
    bob.shell.focused = false;
    expect(await next('window in the background')).toBe('shown');
    expect(reasons).toEqual(['muted', 'do_not_disturb', 'viewing', 'shown']);
  });
});

describe('resync when too far behind', () => {
  it('refetches the conversation list when the server no longer has the missed events', async () => {
    const { alice, bob, conversationId } = await trio(small.server.url);
    const before = bob.core.sync.lastSeq ?? 0;
    bob.close();
    const bodies = Array.from({ length: 12 }, (_, i) => `catch ${i + 1}`);
    await sendAll(alice, conversationId, bodies);

    const core = bob.restart();
    const decisions = collect(bob, 'notification.decided');
    const resync = core.trace.waitFor('resync.done');
    const caughtUp = core.trace.waitFor('caught-up');
    core.start();
    expect((await resync).conversations).toBeGreaterThanOrEqual(1);
    await caughtUp;
    const listed = (await bob.call('conversations.list', {})).conversations.find(
      (c) => c.id === conversationId,
    );
    expect(listed?.lastMessage?.body).toBe('catch 12');
    expect(listed?.unreadCount).toBe(12);
    expect(decisions.filter((d) => d.show)).toEqual([]);
    expect(bob.core.sync.lastSeq).toBeGreaterThan(before + 5);

    // And live events continue from there.
    const live = core.trace.waitFor('notification.decided');
    await sendAll(alice, conversationId, ['fresh']);
    expect((await live).show).toBe(true);
  });
});
