import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeModerator } from '../../../support/admin.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { sendText } from '../../../support/sessions.ts';
import type { TestClient } from '../../../support/test-client.ts';
import { signUpClient } from '../../../support/test-client.ts';

let server: ServerProcess;
let mod1: TestClient;
let mod2: TestClient;
beforeAll(async () => {
  server = await spawnServer();
  mod1 = await signUpClient(server.url, 'ModOne');
  mod2 = await signUpClient(server.url, 'ModTwo');
  await makeModerator(server, mod1);
  await makeModerator(server, mod2);
});
afterAll(async () => {
  await Promise.all([mod1?.close(), mod2?.close()]);
  await server?.cleanup();
});

describe('moderation', () => {
  it('is for moderators only', async () => {
    const user = await signUpClient(server.url, 'Plain');
    const other = await signUpClient(server.url, 'Other');
    const { reportId } = await user.request('reports.user', { userId: other.userId });
    await user.expectError('moderation.reports', {}, 'FORBIDDEN');
    await user.expectError('moderation.resolve', { reportId }, 'FORBIDDEN');
    await user.expectError('moderation.mute', { userId: other.userId }, 'FORBIDDEN');
    await user.expectError('moderation.unmute', { userId: other.userId }, 'FORBIDDEN');
    await Promise.all([user.close(), other.close()]);
  });

  it('the feed lists open reports oldest first; resolving removes one and tells every moderator', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const bob = await signUpClient(server.url, 'Bob');
    const carol = await signUpClient(server.url, 'Carol');
    const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
    const { message } = await sendText(alice, conversation.id, 'rude words');
    const first = await bob.request('reports.message', { messageId: message.id, reason: 'rude' });
    const second = await carol.request('reports.user', { userId: alice.userId });

    const feed = (await mod1.request('moderation.reports', {})).reports;
    const ours = feed.filter((r) => r.id === first.reportId || r.id === second.reportId).map((r) => r.id);
    expect(ours).toEqual([first.reportId, second.reportId]);
    expect(feed.every((r) => r.status === 'open')).toBe(true);
    const createdAts = feed.map((r) => r.createdAt);
    expect(createdAts).toEqual([...createdAts].sort((a, b) => a - b));
    expect((await mod1.request('moderation.reports', { limit: 1 })).reports).toHaveLength(1);

    const openBefore = feed.length;
    const { report } = await mod1.request('moderation.resolve', {
      reportId: first.reportId,
      note: '  warned  ',
    });
    expect(report).toMatchObject({
      id: first.reportId,
      status: 'resolved',
      resolvedBy: mod1.userId,
      resolutionNote: 'warned',
    });
    expect(report.resolvedAt).toBeGreaterThanOrEqual(report.createdAt);
    for (const mod of [mod1, mod2]) {
      const changed = await mod.waitForEvent('moderation.changed', (e) => e.openReports === openBefore - 1);
      expect(changed.openReports).toBe(openBefore - 1);
    }
    const after = (await mod2.request('moderation.reports', {})).reports.map((r) => r.id);
    expect(after).not.toContain(first.reportId);
    expect(after).toContain(second.reportId);

    await mod2.expectError('moderation.resolve', { reportId: first.reportId }, 'REPORT_ALREADY_RESOLVED');
    await mod2.expectError('moderation.resolve', { reportId: 'no-such-report' }, 'NOT_FOUND');
    await Promise.all([alice.close(), bob.close(), carol.close()]);
  });

  it('a community mute blocks sending until unmuted, and the muted user learns it at once', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const bob = await signUpClient(server.url, 'Bob');
    const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
    await sendText(alice, conversation.id, 'hi');
    await bob.request('conversations.accept', { conversationId: conversation.id });

    const muted = await mod1.request('moderation.mute', { userId: alice.userId });
    expect(muted.user).toMatchObject({ id: alice.userId, communityMuted: true });
    const told = await alice.waitForEvent('me.updated', (e) => e.me.communityMuted);
    expect(told.me.id).toBe(alice.userId);
    await alice.expectError(
      'messages.send',
      { conversationId: conversation.id, clientId: 'muted-send-1', body: 'can I?' },
      'COMMUNITY_MUTED',
    );
    // Muting again changes nothing and says nothing new.
    const eventsBefore = alice.events.length;
    expect((await mod2.request('moderation.mute', { userId: alice.userId })).user.communityMuted).toBe(true);

    const unmuted = await mod2.request('moderation.unmute', { userId: alice.userId });
    expect(unmuted.user.communityMuted).toBe(false);
    const cleared = await alice.waitForEvent('me.updated', (e) => !e.me.communityMuted);
    expect(cleared.me.communityMuted).toBe(false);
    expect(alice.events.slice(eventsBefore).map((e) => e.event.type)).toEqual(['me.updated']);
    const sent = await alice.request('messages.send', {
      conversationId: conversation.id,
      clientId: 'muted-send-2',
      body: 'back',
    });
    expect(sent.message.body).toBe('back');
    await Promise.all([alice.close(), bob.close()]);
  });

  it('a moderator cannot mute themself, nor someone who does not exist', async () => {
    await mod1.expectError('moderation.mute', { userId: mod1.userId }, 'FORBIDDEN');
    await mod1.expectError('moderation.mute', { userId: 'no-such-user' }, 'NOT_FOUND');
  });
});
