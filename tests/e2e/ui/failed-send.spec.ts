import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startHeadlessHost } from '../../../src-main/headless/host.ts';
import type { HeadlessHost } from '../../../src-main/headless/host.ts';
import { signUpClient } from '../../support/test-client.ts';
import type { TestClient } from '../../support/test-client.ts';
import { SEND_FAILS_AFTER_MS } from '../../../src-shared/ipc.ts';
import { BUDGET, PASSWORD } from '../shell/world.ts';
import { seriousAxe } from './support/axe.ts';
import { clientId, screenshotPath, ui } from './support/app.ts';
import { ServerChild } from './support/server-child.ts';

/**
 * Sends while the server is stopped. This world runs the server as a child process so it can really be
 * frozen (SIGSTOP) or stopped and started again on the same port and database.
 */
test.describe('sending while the server is down', () => {
  let dir: string;
  let server: ServerChild;
  let host: HeadlessHost;
  let dana: TestClient;
  let marco: TestClient;
  let conversationId: string;

  test.beforeEach(async ({ page }) => {
    dir = mkdtempSync(join(tmpdir(), 'beatpass-e2e-failed-'));
    server = new ServerChild(join(dir, 'server'));
    await server.start();
    dana = await signUpClient(server.url, 'Dana');
    marco = await signUpClient(server.url, 'Marco');
    const { conversation } = await marco.request('conversations.startDirect', { userId: dana.userId });
    conversationId = conversation.id;
    await marco.request('messages.send', {
      conversationId: conversation.id,
      clientId: clientId(),
      body: 'ping',
    });
    await dana.request('conversations.accept', { conversationId: conversation.id });
    await dana.close();
    host = await startHeadlessHost({
      serverUrl: server.url,
      dataDir: join(dir, 'host'),
      signIn: { username: dana.auth.me.username, password: PASSWORD },
      // A short request timeout so a frozen server fails a send in seconds (one attempt, then failed); not
      // so short that a loaded machine's slow answer after the restart fails the Retry as well. The
      // heartbeat stays slower than that: if it dropped the half-open socket first, the send would wait
      // for the reconnect as an offline message (by design) instead of failing, and which timer fires
      // first would depend on the heartbeat's phase. Stopping the server closes the socket, no heartbeat needed.
      // Reconnects back off to at most 2 s (30 s by default), so coming back after a restart is one
      // step with a fixed budget however long the server was down.
      core: {
        timings: {
          requestTimeoutMs: 5_000,
          heartbeatIntervalMs: 30_000,
          heartbeatTimeoutMs: 30_000,
          backoff: { baseMs: 500, capMs: 2_000 },
        },
        outbox: { retryBudget: 1 },
      },
    });
    await page.goto(host.url);
    await ui.row(page, 'Marco').click();
    await expect(ui.message(page, 'ping')).toBeVisible();
  });

  test.afterEach(async () => {
    await host.close();
    await marco.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a send to a frozen server fails with its reason, and Retry sends it once the server is back', async ({
    page,
  }) => {
    server.freeze();
    await ui.composer(page).fill('are the stems ready?');
    await ui.composer(page).press('Enter');
    const mine = ui.message(page, 'are the stems ready?');
    await expect(mine).toHaveAttribute('data-state', 'sending');
    await expect(mine).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
    const failure = mine.getByTestId('message-failed');
    await expect(failure).toContainText('Not sent');

    // The server goes down before it ever reads the send, and comes back: the message is still failed
    // until Retry sends it again (same client id, so never twice).
    await server.kill();
    await server.start();
    await expect(page.getByTestId('connection-banner')).toHaveCount(0, { timeout: BUDGET.relayed });
    await expect(mine).toHaveAttribute('data-state', 'failed');
    await failure.getByRole('button', { name: 'Retry' }).click();
    await expect(mine).toHaveAttribute('data-state', /^(sent|delivered|seen)$/, { timeout: BUDGET.relayed });
    // Marco's history has it exactly once.
    await marco.connect();
    const { messages } = await marco.request('messages.history', { conversationId });
    expect(messages.filter((m) => m.body === 'are the stems ready?')).toHaveLength(1);
  });

  test('a failed send can be discarded instead', async ({ page }) => {
    server.freeze();
    await ui.composer(page).fill('never mind');
    await ui.composer(page).press('Enter');
    const mine = ui.message(page, 'never mind');
    await expect(mine).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
    await mine.getByRole('button', { name: 'Discard' }).click();
    await expect(mine).toHaveCount(0);
    await server.kill();
    await server.start();
    await expect(page.getByTestId('connection-banner')).toHaveCount(0, { timeout: BUDGET.relayed });
    await expect(mine).toHaveCount(0);
  });

  test('a slow send says "Sending…", fails within the stated time, is marked on the row; Discard has Undo, Edit puts the text back', async ({
    page,
  }) => {
    // Two accessibility scans, a send that must time out, and a server restart: on a loaded machine this
    // alone can take most of a minute.
    test.slow();
    server.freeze();
    const sentAt = Date.now();
    await ui.composer(page).fill('first take on the hook');
    await ui.composer(page).press('Enter');
    const mine = ui.message(page, 'first take on the hook');
    await expect(mine.getByTestId('message-sending')).toContainText('Sending…');
    await expect(mine).toHaveAttribute('data-state', 'failed', {
      timeout: SEND_FAILS_AFTER_MS + BUDGET.local,
    });
    // The core's request timeout here is 5 s; SEND_FAILS_AFTER_MS is what the UI promises at most.
    expect(Date.now() - sentAt).toBeLessThan(SEND_FAILS_AFTER_MS + BUDGET.local);
    await expect(mine.getByTestId('message-sending')).toHaveCount(0);
    const row = ui.row(page, 'Marco');
    await expect(row.getByTestId('row-failed')).toHaveText('Not sent');
    await expect(row).toHaveAccessibleName(/1 message not sent/);
    expect(await seriousAxe(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('22-failed-send-dark') });

    // Discard, then Undo: it comes back, still failed, where it was.
    await mine.getByRole('button', { name: 'Discard' }).click();
    await expect(mine).toHaveCount(0);
    const toast = page.locator('.toast').filter({ hasText: 'Message discarded.' });
    await expect(toast).toBeVisible();
    // Focus on the toast holds it (its 6 s would otherwise run out during a slow scan).
    const undo = toast.getByRole('button', { name: 'Undo' });
    await undo.focus();
    expect(await seriousAxe(page)).toEqual([]);
    await expect(toast).toBeVisible();
    await undo.press('Enter');
    await expect(mine).toHaveAttribute('data-state', 'failed');

    // Edit: the message goes, its text is in the composer, ready to change and send.
    await ui.composer(page).fill('');
    await mine.getByRole('button', { name: 'Edit' }).click();
    await expect(mine).toHaveCount(0);
    await expect(ui.composer(page)).toHaveValue('first take on the hook');
    await expect(ui.composer(page)).toBeFocused();
    await expect(row.getByTestId('row-failed')).toHaveCount(0);

    await server.kill();
    await server.start();
    await expect(page.getByTestId('connection-banner')).toHaveCount(0, { timeout: BUDGET.relayed });
    await ui.composer(page).press('Enter');
    await expect(ui.message(page, 'first take on the hook')).toHaveAttribute(
      'data-state',
      /^(sent|delivered|seen)$/,
      { timeout: BUDGET.relayed },
    );
  });

  test('while the server is stopped the banner offers Retry now; a message written offline goes out by itself after a restart', async ({
    page,
  }) => {
    await server.stop();
    const banner = page.getByTestId('connection-banner');
    await expect(banner).toContainText('Can’t reach the server.');
    await expect(banner.getByRole('button', { name: 'Retry now' })).toBeVisible();
    // Cached history stays readable offline.
    await expect(ui.message(page, 'ping')).toBeVisible();

    // Offline, the outbox does not try (docs/client-core.md): the message waits as "sending", never "failed".
    await ui.composer(page).fill('sent while offline');
    await ui.composer(page).press('Enter');
    const mine = ui.message(page, 'sent while offline');
    await expect(mine).toHaveAttribute('data-state', 'sending');

    await server.start();
    await expect(banner).toHaveCount(0, { timeout: BUDGET.relayed });
    await expect(mine).toHaveAttribute('data-state', /^(sent|delivered|seen)$/, { timeout: BUDGET.relayed });
    await expect(mine.getByTestId('message-failed')).toHaveCount(0);
    await marco.connect();
    const { messages } = await marco.request('messages.history', { conversationId });
    expect(messages.filter((m) => m.body === 'sent while offline')).toHaveLength(1);
  });
});
