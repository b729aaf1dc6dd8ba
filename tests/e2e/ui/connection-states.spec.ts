import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../src-server/config.ts';
import { startServer } from '../../../src-server/server.ts';
import { signUpClient } from '../../support/test-client.ts';
import { PASSWORD, expect, signIn, test } from '../shell/world.ts';
import { screenshotPath } from './support/app.ts';
import { seriousAxe } from './support/axe.ts';

// Issue 10 / 9: the app says which of "no network", "the server does not answer" and "the server refused
// us" it is, with the server's real address; plain http:// to another computer needs a confirmation and
// stays visible.

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

test('offline banner tells an unreachable server from one that refuses, with its address', async ({
  page,
  world,
  pageErrors,
}) => {
  // Two servers come and go and each state gets an accessibility scan: on a loaded machine (one CI run
  // had a load of 15–20 on two cores) that is more than a minute.
  test.slow();
  const dataDir = join(world.dir, 'leaving');
  const leaving = await startServer(
    parseConfig({ port: 0, dataDir, logLevel: 'silent', passwordMemoryKib: 1024 }),
  );
  const port = Number(new URL(leaving.url).port);
  const remote = await signUpClient(leaving.url, 'leaver');
  await remote.close();
  const host = await world.host({ serverUrl: leaving.url });
  await page.goto(host.url);
  // Not the server this app started: the line is the real address, never "This computer".
  await expect(page.getByTestId('server-address')).toHaveText(leaving.url);
  await signIn(page, { username: remote.auth.me.username, password: PASSWORD });
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();

  // Something on that port answers HTTP but refuses the WebSocket upgrade: "refused".
  await leaving.close();
  const refuser = createServer((_req, res) => res.writeHead(503).end('maintenance'));
  refuser.on('upgrade', (_req, socket) => {
    socket.on('error', (error) => console.warn('refuser socket:', error.message));
    socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  refuser.on('error', (error) => console.warn('refuser:', error.message));
  await listen(refuser, port);
  const banner = page.getByTestId('connection-banner');
  try {
    await page.getByRole('button', { name: 'Retry now' }).click();
    await expect(banner).toHaveAttribute('data-cause', 'refused', { timeout: 30_000 });
    await expect(banner).toContainText('The server refused the connection.');
    await expect(banner).toContainText(leaving.url);
    expect(await seriousAxe(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('20-offline-refused-dark') });
  } finally {
    await new Promise<void>((resolve) => {
      refuser.close(() => resolve());
      refuser.closeAllConnections();
    });
  }

  // Nothing listens there any more: "can't reach".
  await page.getByRole('button', { name: 'Retry now' }).click();
  await expect(banner).toHaveAttribute('data-cause', 'unreachable', { timeout: 30_000 });
  await expect(banner).toContainText('Can’t reach the server.');
  await expect(banner).toContainText(`Nothing answers at ${leaving.url}`);
  expect(await seriousAxe(page)).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('the server this app started is "This computer (embedded server)"', async ({ page, world }) => {
  const host = await world.host({
    serverUrl: undefined,
    // The host starts it and owns it, as `npm run web` does with the embedded server.
    startServer: () =>
      startServer(
        parseConfig({
          port: 0,
          dataDir: join(world.dir, 'embedded'),
          logLevel: 'silent',
          passwordMemoryKib: 1024,
        }),
      ),
  });
  await page.goto(host.url);
  await expect(page.getByTestId('server-address')).toHaveText('This computer (embedded server)');
});

test('plain http:// to another computer asks for confirmation and stays visible', async ({
  page,
  world,
  pageErrors,
}) => {
  // The machine's own name: the app cannot tell from the name that it is this computer, so it treats it
  // as another one (as it would any host name), while the packets stay on loopback.
  const name = hostname();
  const resolved = await lookup(name, { family: 4 }).catch(() => null);
  test.skip(resolved?.address !== '127.0.0.1', `${name} does not resolve to 127.0.0.1 here`);
  const user = await world.user('plain');
  const address = world.server.url.replace('127.0.0.1', name);

  const host = await world.host();
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Change' }).click();
  await page.getByLabel('Server address').fill(address);
  await signIn(page, user);
  const warning = page.getByTestId('insecure-warning');
  await expect(warning).toContainText('Not encrypted.');
  await expect(warning).toContainText(address);
  await expect(
    page.getByRole('alert').filter({ hasText: 'Confirm the unencrypted connection' }),
  ).toBeVisible();
  expect(await seriousAxe(page)).toEqual([]);
  expect(host.core.account.serverInfo().url).toBe(world.server.url);

  // Signing in again without ticking the box changes nothing.
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(warning).toBeVisible();
  expect(host.core.account.serverInfo().url).toBe(world.server.url);

  // A tick given for one address does not carry over to another one, nor back.
  const box = page.getByLabel('Connect without encryption anyway');
  await box.check();
  const otherAddress = `${address.replace(/:\d+$/, '')}:9`;
  await page.getByLabel('Server address').fill(otherAddress);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(warning).toContainText(otherAddress);
  await expect(box).not.toBeChecked();
  await page.getByLabel('Server address').fill(address);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(warning).toContainText(address);
  await expect(box).not.toBeChecked();
  expect(host.core.account.serverInfo().url).toBe(world.server.url);

  await box.check();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Conversations' })).toBeVisible();
  expect(host.core.account.serverInfo()).toMatchObject({ url: address, insecure: true });
  const banner = page.getByTestId('insecure-banner');
  await expect(banner).toContainText('Not encrypted.');
  await expect(banner).toContainText(address);
  await expect(banner.getByRole('button')).toHaveCount(0);
  expect(await seriousAxe(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('21-insecure-server-dark') });
  expect(pageErrors).toEqual([]);
});
