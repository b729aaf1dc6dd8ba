import { join } from 'node:path';
import { parseConfig } from '../../../src-server/config.ts';
import { startServer } from '../../../src-server/server.ts';
import { signUpClient } from '../../support/test-client.ts';
import { PASSWORD, expect, signIn, test } from '../shell/world.ts';

test('signs in on a server named on the sign-in screen, after a clear error for a bad address', async ({
  page,
  world,
  pageErrors,
}) => {
  // A second real server: the account exists only there.
  const elsewhere = await startServer(
    parseConfig({
      port: 0,
      dataDir: join(world.dir, 'elsewhere'),
      logLevel: 'silent',
      passwordMemoryKib: 1024,
    }),
  );
  try {
    const remote = await signUpClient(elsewhere.url, 'remote');
    await remote.close();

    const host = await world.host();
    await page.goto(host.url);
    // The real address, always (issue 10 #8): a second window may point at another local server.
    await expect(page.getByTestId('server-address')).toHaveText(world.server.url);
    await page.getByRole('button', { name: 'Change' }).click();

    const address = page.getByLabel('Server address');
    await address.fill('ftp://chat.example.com');
    await signIn(page, { username: remote.auth.me.username, password: PASSWORD });
    await expect(page.getByText('The server address must start with http:// or https://.')).toBeVisible();
    await expect(address).toHaveAttribute('aria-invalid', 'true');

    await address.fill(elsewhere.url);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
    expect(host.core.account.serverInfo().url).toBe(elsewhere.url);
    expect(host.core.me?.id).toBe(remote.userId);
    expect(pageErrors).toEqual([]);
  } finally {
    await elsewhere.close();
  }
});
