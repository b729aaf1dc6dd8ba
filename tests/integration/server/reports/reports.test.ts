import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeModerator } from '../../../support/admin.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { sendText } from '../../../support/sessions.ts';
import type { TestClient } from '../../../support/test-client.ts';
import { signUpClient } from '../../../support/test-client.ts';

let server: ServerProcess;
let moderator: TestClient;
beforeAll(async () => {
  server = await spawnServer();
  moderator = await signUpClient(server.url, 'Mod');
  await makeModerator(server, moderator);
});
afterAll(async () => {
  await moderator?.close();
  await server?.cleanup();
});

/** Alice sent Bob a request; returns both and the request message. */
async function aliceMessagesBob() {
  const alice = await signUpClient(server.url, 'Alice');
  const bob = await signUpClient(server.url, 'Bob');
  const { conversation } = await alice.request('conversations.startDirect', { userId: bob.userId });
  const { message } = await sendText(alice, conversation.id, 'buy followers cheap');
  return { alice, bob, conversationId: conversation.id, message };
}

const openFeed = async () => (await moderator.request('moderation.reports', {})).reports;

describe('reporting a message', () => {
  it('files a report with the trimmed reason; moderators see it with the message and get the open count', async () => {
    const { alice, bob, message } = await aliceMessagesBob();
    const before = (await openFeed()).length;
    const { reportId } = await bob.request('reports.message', { messageId: message.id, reason: '  spam  ' });
    const changed = await moderator.waitForEvent('moderation.changed', (e) => e.openReports === before + 1);
    expect(changed.openReports).toBe(before + 1);

    const report = (await openFeed()).find((r) => r.id === reportId);
    expect(report).toMatchObject({
      kind: 'message',
      reason: 'spam',
      status: 'open',
      reporter: { id: bob.userId },
      reportedUser: { id: alice.userId },
      message: { id: message.id, body: 'buy followers cheap' },
      resolvedAt: null,
    });
    await Promise.all([alice.close(), bob.close()]);
  });

  it('a blank reason is stored as none', async () => {
    const { alice, bob, message } = await aliceMessagesBob();
    const { reportId } = await bob.request('reports.message', { messageId: message.id, reason: '   ' });
    expect((await openFeed()).find((r) => r.id === reportId)?.reason).toBeNull();
    await Promise.all([alice.close(), bob.close()]);
  });

  it('a reason may have 500 characters (code points), not 501', async () => {
    const { alice, bob, message } = await aliceMessagesBob();
    await bob.expectError(
      'reports.message',
      { messageId: message.id, reason: '🎵'.repeat(501) },
      'REPORT_REASON_TOO_LONG',
    );
    const { reportId } = await bob.request('reports.message', {
      messageId: message.id,
      reason: ` ${'🎵'.repeat(500)} `,
    });
    expect((await openFeed()).find((r) => r.id === reportId)?.reason).toBe('🎵'.repeat(500));
    await Promise.all([alice.close(), bob.close()]);
  });

  it('never your own message', async () => {
    const { alice, bob, message } = await aliceMessagesBob();
    await alice.expectError('reports.message', { messageId: message.id }, 'CANNOT_REPORT_OWN_MESSAGE');
    await Promise.all([alice.close(), bob.close()]);
  });

  it('only messages in conversations you take part in', async () => {
    const { alice, bob, message } = await aliceMessagesBob();
    const eve = await signUpClient(server.url, 'Eve');
    await eve.expectError('reports.message', { messageId: message.id }, 'NOT_FOUND');
    await eve.expectError('reports.message', { messageId: 'no-such-message' }, 'NOT_FOUND');
    await Promise.all([alice.close(), bob.close(), eve.close()]);
  });

  it('the same person reports the same message once, even after the report is resolved', async () => {
    const { alice, bob, message } = await aliceMessagesBob();
    const { reportId } = await bob.request('reports.message', { messageId: message.id });
    await bob.expectError('reports.message', { messageId: message.id, reason: 'again' }, 'DUPLICATE_REPORT');
    await moderator.request('moderation.resolve', { reportId });
    await bob.expectError('reports.message', { messageId: message.id }, 'DUPLICATE_REPORT');
    await Promise.all([alice.close(), bob.close()]);
  });

  it('someone who declined a request can still report it', async () => {
    const { alice, bob, conversationId, message } = await aliceMessagesBob();
    await bob.request('conversations.decline', { conversationId });
    const { reportId } = await bob.request('reports.message', { messageId: message.id, reason: 'unwanted' });
    expect(reportId).toBeTruthy();
    await Promise.all([alice.close(), bob.close()]);
  });
});

describe('reporting a user', () => {
  it('files a report without a message; a second open one is a duplicate until it is resolved', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const bob = await signUpClient(server.url, 'Bob');
    const { reportId } = await bob.request('reports.user', { userId: alice.userId, reason: 'impersonation' });
    expect((await openFeed()).find((r) => r.id === reportId)).toMatchObject({
      kind: 'user',
      message: null,
      reason: 'impersonation',
      reporter: { id: bob.userId },
      reportedUser: { id: alice.userId },
    });
    await bob.expectError('reports.user', { userId: alice.userId }, 'DUPLICATE_REPORT');

    await moderator.request('moderation.resolve', { reportId });
    const again = await bob.request('reports.user', { userId: alice.userId, reason: 'still at it' });
    expect(again.reportId).not.toBe(reportId);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('not yourself, not someone who does not exist, and the same reason limit', async () => {
    const bob = await signUpClient(server.url, 'Bob');
    const alice = await signUpClient(server.url, 'Alice');
    await bob.expectError('reports.user', { userId: bob.userId }, 'CANNOT_REPORT_SELF');
    await bob.expectError('reports.user', { userId: 'no-such-user' }, 'NOT_FOUND');
    await bob.expectError(
      'reports.user',
      { userId: alice.userId, reason: 'x'.repeat(501) },
      'REPORT_REASON_TOO_LONG',
    );
    await Promise.all([alice.close(), bob.close()]);
  });
});
