import { describe, expect, it } from 'vitest';
import { runAdmin } from '../../support/admin.ts';
import { LIMITS } from '../../../src-shared/limits.ts';
import { followCreator, signedUpCore, useServer } from './harness.ts';
import type { TestCore } from './harness.ts';

/**
 * The server's messaging rules as the desktop app sees them: through the router, with real cores, a real
 * server process and real SQLite files. A message the server refuses ends `failed` with the server's code.
 */
const env = useServer();

async function people(...names: string[]): Promise<TestCore[]> {
  const made = await Promise.all(names.map((name) => signedUpCore(env.server.url, name)));
  env.track(...made);
  return made;
}

/** Sends through the router and resolves when the outbox settles it: acked, or failed with a code. */
async function send(
  core: TestCore,
  conversationId: string,
  body: string,
): Promise<{ state: string; code: string | null }> {
  const trace = core.core.trace;
  const { message } = await core.call('messages.send', { conversationId, body });
  const clientId = message.clientId;
  return Promise.race([
    trace
      .waitFor('message.acked', (e) => e.clientId === clientId)
      .then(() => ({ state: 'sent', code: null })),
    trace
      .waitFor('message.failed', (e) => e.clientId === clientId)
      .then((e) => ({ state: 'failed', code: e.code })),
  ]);
}

describe('direct message requests', () => {
  it('a new direct conversation is a pending request until the recipient accepts it', async () => {
    const [alice, bob] = await people('alice', 'bob');
    if (!alice || !bob) throw new Error('setup');
    const { conversation } = await alice.call('conversations.startDirect', { userId: bob.me.id });
    expect(conversation.status).toBe('pending');

    const arrived = bob.core.trace.waitFor('message.received', (e) => e.conversationId === conversation.id);
    expect(await send(alice, conversation.id, 'hi, love your beats')).toEqual({ state: 'sent', code: null });
    await arrived;
    const bobsView = (await bob.call('conversations.list', {})).conversations.find(
      (c) => c.id === conversation.id,
    );
    expect(bobsView).toMatchObject({ status: 'pending', requesterId: alice.me.id });
    expect(bob.core.badgeCount()).toBe(1);

    // Further messages from the requester, and any from the recipient, are refused until acceptance.
    expect(await send(alice, conversation.id, 'hello?')).toEqual({
      state: 'failed',
      code: 'REQUEST_PENDING',
    });
    expect(await send(bob, conversation.id, 'hey')).toEqual({
      state: 'failed',
      code: 'REQUEST_NOT_ACCEPTED',
    });

    const accepted = await bob.call('conversations.accept', { conversationId: conversation.id });
    expect(accepted.conversation.status).toBe('accepted');
    expect(await send(bob, conversation.id, 'thanks!')).toEqual({ state: 'sent', code: null });
  });

  it('a declined request leaves the recipient’s list and cannot be used again', async () => {
    const [carol, dave] = await people('carol', 'dave');
    if (!carol || !dave) throw new Error('setup');
    const { conversation } = await carol.call('conversations.startDirect', { userId: dave.me.id });
    const arrived = dave.core.trace.waitFor('message.received', (e) => e.conversationId === conversation.id);
    await send(carol, conversation.id, 'collab?');
    await arrived;
    await dave.call('conversations.decline', { conversationId: conversation.id });
    expect((await dave.call('conversations.list', {})).conversations.map((c) => c.id)).not.toContain(
      conversation.id,
    );
    expect(await send(carol, conversation.id, 'please?')).toEqual({
      state: 'failed',
      code: 'REQUEST_DECLINED',
    });
    expect(await carol.failure('conversations.startDirect', { userId: dave.me.id })).toBe('REQUEST_DECLINED');
  });

  it('you cannot message yourself', async () => {
    const [erin] = await people('erin');
    if (!erin) throw new Error('setup');
    expect(await erin.failure('conversations.startDirect', { userId: erin.me.id })).toBe(
      'CANNOT_MESSAGE_SELF',
    );
  });
});

describe('message rules', () => {
  it('refuses empty and too-long messages with the server’s codes, and lets the user retry or discard', async () => {
    const [a, b, c] = await people('fay', 'gus', 'hal');
    if (!a || !b || !c) throw new Error('setup');
    await followCreator(a, b, c);
    const { conversation } = await a.call('conversations.createGroup', {
      userIds: [b.me.id, c.me.id],
      title: 'Crew',
    });
    expect(await send(a, conversation.id, '   ')).toEqual({ state: 'failed', code: 'MESSAGE_EMPTY' });
    const tooLong = 'x'.repeat(LIMITS.messageMaxChars + 1);
    expect(await send(a, conversation.id, tooLong)).toEqual({ state: 'failed', code: 'MESSAGE_TOO_LONG' });
    expect(await send(a, conversation.id, `  ${'y'.repeat(LIMITS.messageMaxChars)}  `)).toEqual({
      state: 'sent',
      code: null,
    });

    const failed = (await a.call('conversations.open', { conversationId: conversation.id })).messages.filter(
      (m) => m.state === 'failed',
    );
    expect(failed.map((m) => m.failure?.code).sort()).toEqual(['MESSAGE_EMPTY', 'MESSAGE_TOO_LONG']);
    const empty = failed.find((m) => m.failure?.code === 'MESSAGE_EMPTY');
    if (!empty) throw new Error('no failed message');
    // A retry resends with the same client id (and fails the same way); discard removes it.
    const again = a.core.trace.waitFor('message.failed', (e) => e.clientId === empty.clientId);
    const retried = await a.call('messages.retry', { clientId: empty.clientId });
    expect(retried.message).toMatchObject({ clientId: empty.clientId, state: 'sending' });
    expect((await again).code).toBe('MESSAGE_EMPTY');
    await a.call('messages.discard', { clientId: empty.clientId });
    const after = (await a.call('conversations.open', { conversationId: conversation.id })).messages;
    expect(after.some((m) => m.clientId === empty.clientId)).toBe(false);
    expect(await a.failure('messages.discard', { clientId: empty.clientId })).toBe('NOT_FOUND');
  });

  it('a group needs the creator plus two others', async () => {
    const [a, b] = await people('ivy', 'jay');
    if (!a || !b) throw new Error('setup');
    expect(await a.failure('conversations.createGroup', { userIds: [b.me.id] })).toBe('VALIDATION_FAILED');
  });

  it('a community-muted user cannot send', async () => {
    const [kim, lee, max] = await people('kim', 'lee', 'max');
    if (!kim || !lee || !max) throw new Error('setup');
    await followCreator(kim, lee, max);
    const { conversation } = await kim.call('conversations.createGroup', { userIds: [lee.me.id, max.me.id] });
    await runAdmin(env.server, ['set-muted', kim.me.username, 'true']);
    expect(await send(kim, conversation.id, 'can anyone hear me')).toEqual({
      state: 'failed',
      code: 'COMMUNITY_MUTED',
    });
  });

  it('a team chat with fewer than two members is disabled', async () => {
    const [ned] = await people('ned');
    if (!ned) throw new Error('setup');
    const team = await ned.core.connection.request('teams.create', { name: 'Solo', memberIds: [] });
    const opened = await ned.call('conversations.open', { conversationId: team.team.conversationId });
    expect(opened.conversation.disabledReason).not.toBeNull();
    expect(await send(ned, team.team.conversationId, 'anyone?')).toEqual({
      state: 'failed',
      code: 'TEAM_CHAT_DISABLED',
    });
  });
});

describe('receipts, read state and history', () => {
  it('my message goes sent → delivered → seen as the other side receives and reads it', async () => {
    const [ola, pat, quin] = await people('ola', 'pat', 'quin');
    if (!ola || !pat || !quin) throw new Error('setup');
    await followCreator(ola, pat, quin);
    const { conversation } = await ola.call('conversations.createGroup', {
      userIds: [pat.me.id, quin.me.id],
    });
    const delivered = ola.core.events.next('conversations.changed', (p) =>
      p.conversations.some((c) => c.id === conversation.id && c.othersDeliveredSeq >= 1),
    );
    await send(ola, conversation.id, 'new loop');
    await delivered;
    let mine = (await ola.call('conversations.open', { conversationId: conversation.id })).messages.at(-1);
    expect(mine?.state).toBe('delivered');

    const seen = ola.core.events.next('conversations.changed', (p) =>
      p.conversations.some((c) => c.id === conversation.id && c.othersReadSeq >= 1),
    );
    await pat.call('conversations.open', { conversationId: conversation.id });
    await quin.call('conversations.open', { conversationId: conversation.id });
    await seen;
    mine = (await ola.call('conversations.open', { conversationId: conversation.id })).messages.at(-1);
    expect(mine?.state).toBe('seen');
  });

  it('mark unread and mark read move the badge; hiding leaves the list until a new message', async () => {
    const [ray, sam, tia] = await people('ray', 'sam', 'tia');
    if (!ray || !sam || !tia) throw new Error('setup');
    await followCreator(ray, sam, tia);
    const { conversation } = await ray.call('conversations.createGroup', { userIds: [sam.me.id, tia.me.id] });
    const got = sam.core.trace.waitFor('message.received', (e) => e.conversationId === conversation.id);
    await send(ray, conversation.id, 'one');
    await got;
    await sam.call('conversations.markRead', { conversationId: conversation.id });
    expect(sam.core.badgeCount()).toBe(0);
    const unread = await sam.call('conversations.markUnread', { conversationId: conversation.id });
    expect(unread.conversation.markedUnread).toBe(true);
    expect(sam.core.badgeCount()).toBe(1);
    await sam.call('conversations.markRead', { conversationId: conversation.id });
    expect(sam.core.badgeCount()).toBe(0);

    await sam.call('conversations.hide', { conversationId: conversation.id });
    expect((await sam.call('conversations.list', {})).conversations.map((c) => c.id)).not.toContain(
      conversation.id,
    );
    const back = sam.core.trace.waitFor('message.received', (e) => e.conversationId === conversation.id);
    await send(tia, conversation.id, 'two');
    await back;
    expect((await sam.call('conversations.list', {})).conversations.map((c) => c.id)).toContain(
      conversation.id,
    );
  });

  it('pages back through history from the server, then from the cache', async () => {
    const [uma, vic, wes] = await people('uma', 'vic', 'wes');
    if (!uma || !vic || !wes) throw new Error('setup');
    await followCreator(uma, vic, wes);
    const { conversation } = await uma.call('conversations.createGroup', { userIds: [vic.me.id, wes.me.id] });
    // 25 messages straight through the protocol (the outbox path is covered elsewhere), within the rate limit.
    for (let i = 1; i <= 25; i++) {
      await uma.core.connection.request('messages.send', {
        conversationId: conversation.id,
        clientId: `bulk-client-${i}`,
        body: `line ${i}`,
      });
    }
    // vic opens with an empty cache: the server's page arrives as messages.changed.
    const serverPage = vic.core.events.next(
      'messages.changed',
      (p) => p.conversationId === conversation.id && p.messages.length === 25,
    );
    await vic.call('conversations.open', { conversationId: conversation.id });
    const page = await serverPage;
    expect(page.messages.map((m) => m.body)).toEqual(Array.from({ length: 25 }, (_, i) => `line ${i + 1}`));
    const older = await vic.call('conversations.history', { conversationId: conversation.id, beforeSeq: 11 });
    expect(older.messages.map((m) => m.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(older.hasMore).toBe(false);
    const reopened = await vic.call('conversations.open', { conversationId: conversation.id });
    expect(reopened.messages).toHaveLength(25);
  });
});

describe('people, reports and search', () => {
  it('user search needs two characters; follow notifies the followee', async () => {
    const [yan, zoe] = await people('yan', 'zoe');
    if (!yan || !zoe) throw new Error('setup');
    expect(await yan.failure('users.search', { query: 'z' })).toBe('QUERY_TOO_SHORT');
    const found = await yan.call('users.search', { query: zoe.me.username.slice(0, 5) });
    expect(found.users.map((u) => u.id)).toContain(zoe.me.id);
    const inApp = zoe.core.events.next('notifications.created');
    const decided = zoe.core.trace.waitFor(
      'notification.decided',
      (e) => e.eventType === 'notification.new_follower',
    );
    await yan.call('users.follow', { userId: zoe.me.id });
    expect((await inApp).notification.data).toMatchObject({
      kind: 'new_follower',
      follower: { id: yan.me.id },
    });
    expect(await decided).toMatchObject({ show: true });
    expect(zoe.shell.shown.at(-1)).toMatchObject({ title: 'New follower' });
    expect(await yan.failure('users.follow', { userId: yan.me.id })).toBe('CANNOT_FOLLOW_SELF');
  });

  it('reports: not your own message, not twice', async () => {
    const [abe, bea, cal] = await people('abe', 'bea', 'cal');
    if (!abe || !bea || !cal) throw new Error('setup');
    await followCreator(abe, bea, cal);
    const { conversation } = await abe.call('conversations.createGroup', { userIds: [bea.me.id, cal.me.id] });
    const arrived = bea.core.events.next('messages.changed', (p) =>
      p.messages.some((m) => m.id !== null && !m.mine),
    );
    await send(abe, conversation.id, 'spam spam');
    const message = (await arrived).messages.find((m) => !m.mine);
    if (!message?.id) throw new Error('no message');
    expect(await abe.failure('reports.message', { messageId: message.id })).toBe('CANNOT_REPORT_OWN_MESSAGE');
    await bea.call('reports.message', { messageId: message.id, reason: 'spam' });
    expect(await bea.failure('reports.message', { messageId: message.id })).toBe('DUPLICATE_REPORT');
    expect(await bea.failure('reports.message', { messageId: message.id, reason: 'x'.repeat(501) })).toMatch(
      /REPORT_REASON_TOO_LONG|DUPLICATE_REPORT/,
    );
    expect(await bea.failure('moderation.reports', {})).toBe('FORBIDDEN');
  });

  it('typing shows on the other side; cached history is searchable and drafts are kept', async () => {
    const [dee, eli, flo] = await people('dee', 'eli', 'flo');
    if (!dee || !eli || !flo) throw new Error('setup');
    await followCreator(dee, eli, flo);
    const { conversation } = await dee.call('conversations.createGroup', { userIds: [eli.me.id, flo.me.id] });
    const typing = eli.core.events.next('typing.changed', (p) => p.userIds.includes(dee.me.id));
    await dee.call('typing.set', { conversationId: conversation.id, typing: true });
    expect((await typing).conversationId).toBe(conversation.id);

    await send(dee, conversation.id, 'the snare needs more reverb');
    await send(dee, conversation.id, 'also the kick');
    const hits = await dee.call('messages.search', { query: 'rev' });
    expect(hits.messages.map((m) => m.body)).toEqual(['the snare needs more reverb']);
    expect((await dee.call('messages.search', { query: 'the' })).messages.map((m) => m.body)).toEqual([
      'also the kick',
      'the snare needs more reverb',
    ]);

    await dee.call('drafts.set', { conversationId: conversation.id, body: 'half written' });
    const listed = (await dee.call('conversations.list', {})).conversations.find(
      (c) => c.id === conversation.id,
    );
    expect(listed?.draft).toBe('half written');
  });
});
