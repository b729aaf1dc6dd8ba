import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../src-shared/limits.ts';
import { makeModerator } from '../../../support/admin.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { consentTo, sendText } from '../../../support/sessions.ts';
import type { TestClient } from '../../../support/test-client.ts';
import { signUpClient } from '../../../support/test-client.ts';

/** More open reports than one page holds: 130 messages in a group, each reported once. */
const REPORTS = LIMITS.moderationPageMax + 30;

let server: ServerProcess;
let mod: TestClient;
let reportIds: string[];
beforeAll(async () => {
  // The sends are setup, not what is tested: a send budget that lets 130 go out at once.
  server = await spawnServer({ args: ['--send-rate', '1000'] });
  mod = await signUpClient(server.url, 'Mod');
  await makeModerator(server, mod);
  const author = await signUpClient(server.url, 'Loud');
  const reporter = await signUpClient(server.url, 'Reporter');
  const third = await signUpClient(server.url, 'Third');
  await consentTo(author, reporter, third);
  const { conversation } = await author.request('conversations.createGroup', {
    userIds: [reporter.userId, third.userId],
  });
  reportIds = [];
  for (let i = 0; i < REPORTS; i += 1) {
    const { message } = await sendText(author, conversation.id, `spam ${i}`);
    const { reportId } = await reporter.request('reports.message', { messageId: message.id });
    reportIds.push(reportId);
  }
  await Promise.all([author.close(), reporter.close(), third.close()]);
}, 120_000);
afterAll(async () => {
  await mod?.close();
  await server?.cleanup();
});

describe('moderation.reports pages', () => {
  it(`returns ${LIMITS.moderationPageMax} by default with a cursor to the rest, oldest first`, async () => {
    const first = await mod.request('moderation.reports', {});
    expect(first.reports.map((r) => r.id)).toEqual(reportIds.slice(0, LIMITS.moderationPageMax));
    expect(first.nextCursor).not.toBeNull();
    const rest = await mod.request('moderation.reports', { cursor: first.nextCursor ?? '' });
    expect(rest.reports.map((r) => r.id)).toEqual(reportIds.slice(LIMITS.moderationPageMax));
    expect(rest.nextCursor).toBeNull();
  });

  it('walks every open report exactly once in pages of any size', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await mod.request('moderation.reports', { limit: 40, ...(cursor ? { cursor } : {}) });
      seen.push(...page.reports.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(reportIds);
    expect(pages).toBe(Math.ceil(REPORTS / 40));
  });

  it('refuses a page larger than the maximum, and a cursor that is not one', async () => {
    await mod.expectError('moderation.reports', { limit: LIMITS.moderationPageMax + 1 }, 'VALIDATION_FAILED');
    await mod.expectError('moderation.reports', { cursor: 'not-a-cursor' }, 'VALIDATION_FAILED');
  });
});
