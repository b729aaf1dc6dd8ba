import { join } from 'node:path';
import { startHeadlessHost } from '../../../src-main/headless/host.ts';
import { UnexpectedErrors } from '../../../src-main/core/unexpected.ts';
import { expect, test } from '../shell/world.ts';
import { seriousAxe } from './support/axe.ts';

// Issue 9: a failure in main that nobody expected reaches the person (app.unexpectedError), not only the log.

test('an unexpected failure in main is shown with where and what', async ({ page, world, pageErrors }) => {
  const user = await world.user('oops');
  // Its own host (not the world's), whose unexpected failures this test causes on purpose: the world's
  // teardown fails a test for any in its hosts.
  const logged: string[] = [];
  const unexpected = new UnexpectedErrors((where) => logged.push(where));
  const host = await startHeadlessHost({
    serverUrl: world.server.url,
    dataDir: join(world.dir, 'own-host'),
    signIn: { username: user.username, password: user.password },
    core: { unexpected },
  });
  try {
    await page.goto(host.url);
    await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
    unexpected.report('sync', new TypeError('Cannot read properties of undefined'));
    const toast = page.locator('.toast--error').filter({ hasText: 'Something went wrong in the app' });
    await expect(toast).toContainText('sync: Cannot read properties of undefined');
    expect(await seriousAxe(page)).toEqual([]);
    unexpected.report('receipts', new Error('second'));
    await expect(page.locator('.toast--error').filter({ hasText: '2 problems so far' })).toBeVisible();
    expect(logged).toEqual(['sync', 'receipts']);
    expect(pageErrors).toEqual([]);
  } finally {
    await page.close();
    await host.close();
  }
});
