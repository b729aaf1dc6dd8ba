import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSqlOnStore } from '../../support/server-db.ts';
import { spawnServer } from '../../support/server-process.ts';
import type { ServerProcess } from '../../support/server-process.ts';
import { consentTo } from '../../support/sessions.ts';
import { signUpClient } from '../../support/test-client.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server.cleanup();
});

describe('team chat membership is checked when listing', () => {
  it('drops the team chat from the list of someone removed from the team outside the app', async () => {
    const owner = await signUpClient(server.url, 'owner');
    const ana = await signUpClient(server.url, 'ana');
    const ben = await signUpClient(server.url, 'ben');
    await consentTo(owner, ana, ben);
    const { team } = await owner.request('teams.create', {
      name: 'Night Shift',
      memberIds: [ana.userId, ben.userId],
    });
    const before = await ben.request('conversations.list', {});
    expect(before.conversations.map((c) => c.id)).toContain(team.conversationId);

    // An operator edits the database directly, while the server runs.
    await runSqlOnStore(server, 'delete from team_members where team_id = ? and user_id = ?', [
      team.id,
      ben.userId,
    ]);

    const after = await ben.request('conversations.list', {});
    expect(after.conversations.map((c) => c.id)).not.toContain(team.conversationId);
    const removed = await ben.waitForEvent(
      'conversation.removed',
      (e) => e.conversationId === team.conversationId,
    );
    expect(removed.reason).toBe('left');
    await ben.expectError('conversations.open', { conversationId: team.conversationId }, 'NOT_FOUND');
    const forOwner = await owner.request('conversations.get', { conversationId: team.conversationId });
    expect(forOwner.conversation.participants.map((p) => p.id).sort()).toEqual(
      [owner.userId, ana.userId].sort(),
    );
    await Promise.all([owner.close(), ana.close(), ben.close()]);
  });
});
