import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../../src-server/config.ts';
import { startServer } from '../../../src-server/server.ts';
import type { RunningServer } from '../../../src-server/server.ts';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL } from '../../../src-shared/bridge.ts';
import type { IpcResponse } from '../../../src-shared/ipc.ts';
import { signUpClient } from '../../support/test-client.ts';
import type { TestClient } from '../../support/test-client.ts';

// The real `electron` package would try to download its binary when loaded; this makes it return a path
// instead (electron-store, loaded from node_modules, sees that and runs on its absolute `cwd`).
vi.hoisted(() => {
  process.env.ELECTRON_OVERRIDE_DIST_PATH = '/nonexistent-electron-dist';
});
vi.mock('electron', () => import('./support/fake-electron.ts'));

const fake = await import('./support/fake-electron.ts');
const { startDesktopApp } = await import('../../../src-main/electron/app.ts');

/**
 * The composition root (app.ts) run for real in Node, with a fake `electron` module and a real server:
 * it checks the wiring that unit tests of the parts cannot (window options, guards, the IPC adapter and its
 * sender check, demo sign-in, tray, notifications → click → navigation, encrypted session, quit).
 */
let dir: string;
let server: RunningServer;
let alice: TestClient;
let bob: TestClient;

async function invoke(
  channel: string,
  payload: unknown,
  frame = fake.recorded.windows[0]?.webContents.mainFrame,
): Promise<IpcResponse> {
  const handler = fake.recorded.ipcHandlers.get(ELECTRON_INVOKE_CHANNEL);
  const window = fake.recorded.windows[0];
  if (!handler || !window) throw new Error('the app registered no IPC handler or window');
  return (await handler(
    { sender: { id: window.webContents.id }, senderFrame: frame },
    channel,
    payload,
  )) as IpcResponse;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'app-smoke-'));
  server = await startServer(
    parseConfig({ port: 0, dataDir: join(dir, 'server'), logLevel: 'silent', passwordMemoryKib: 1024 }),
  );
  alice = await signUpClient(server.url, 'alice');
  bob = await signUpClient(server.url, 'bob');
  fake.app.setPath('userData', join(dir, 'user-data'));
  // Start-at-login writes the XDG autostart folder on Linux: keep it inside the test folder.
  process.env.XDG_CONFIG_HOME = join(dir, 'config');
  process.env.BEATPASS_SERVER_URL = server.url;
  process.env.BEATPASS_SIGN_IN_USERNAME = alice.auth.me.username;
  process.env.BEATPASS_SIGN_IN_PASSWORD = 'correct horse';
  await startDesktopApp();
});

afterAll(async () => {
  await alice.close();
  await bob.close();
  await server.close();
  delete process.env.BEATPASS_SERVER_URL;
  delete process.env.XDG_CONFIG_HOME;
  rmSync(dir, { recursive: true, force: true });
});

describe('desktop app composition (fake Electron, real core and server)', () => {
  it('locks down the process and the window', () => {
    expect(fake.recorded.sandboxEnabled).toBe(true);
    expect(fake.recorded.privilegedSchemes).toMatchObject([
      // codeCache: V8 keeps the renderer's compiled code between launches (custom schemes opt in).
      { scheme: 'app', privileges: { standard: true, secure: true, codeCache: true } },
    ]);
    expect(fake.recorded.protocolHandlers.has('app')).toBe(true);
    const window = fake.recorded.windows[0];
    expect(window?.options).toMatchObject({
      minWidth: 340,
      show: false,
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
    });
    expect(window?.loadedUrl).toBe('app://beatpass/index.html');
    expect(fake.recorded.permissionRequestHandler).not.toBeNull();
    let granted: boolean | null = null;
    fake.recorded.permissionRequestHandler?.({}, 'notifications', (ok: boolean) => (granted = ok));
    expect(granted).toBe(false);
  });

  it('keeps the page from navigating or opening windows; http(s) links go to the browser', () => {
    const contents = fake.recorded.windows[0]?.webContents;
    if (!contents) throw new Error('no window');
    const navigate = (url: string) => {
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      contents.emit('will-navigate', event, url);
      return event.defaultPrevented;
    };
    expect(navigate('https://beatpass.example/p/nova')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(fake.recorded.openedExternally).toEqual([
      'https://beatpass.example/p/nova',
      'https://example.com/',
    ]);
  });

  it('signs in with the credentials it was started with, serves our page, and refuses other frames', async () => {
    const session = await invoke('session.get', {});
    expect(session.ok && session.result).toMatchObject({ me: { username: alice.auth.me.username } });
    expect(process.env.BEATPASS_SIGN_IN_PASSWORD).toBeUndefined();
    const foreign = await invoke(
      'session.get',
      {},
      { url: 'https://evil.example/', processId: 10, routingId: 1, parent: null },
    );
    expect(!foreign.ok && foreign.error.code).toBe('FORBIDDEN');
  });

  it('keeps the tokens encrypted, never in the settings file', async () => {
    const userData = join(dir, 'user-data');
    const settings = readFileSync(join(userData, 'settings.json'), 'utf8');
    expect(settings).not.toMatch(/token/i);
    expect(JSON.parse(settings)).toMatchObject({
      closeToTray: true,
      globalHotkey: 'CommandOrControl+Shift+M',
    });
    await vi.waitFor(() => expect(existsSync(join(userData, 'session.bin'))).toBe(true));
    expect(readFileSync(join(userData, 'session.bin'), 'utf8')).not.toContain(alice.auth.tokens.refreshToken);
    // Settings, tokens and the cache are the owner's only, in folders only the owner can enter.
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    for (const file of ['settings.json', 'session.bin', join('data', 'cache.sqlite')])
      expect([file, mode(join(userData, file))]).toEqual([file, '600']);
    expect([mode(userData), mode(join(userData, 'data'))]).toEqual(['700', '700']);
    expect(fake.recorded.shortcuts.has('CommandOrControl+Shift+M')).toBe(true);
  });

  it('shows a tray; a live message notifies, badges, and its click opens that conversation', async () => {
    const tray = fake.recorded.trays[0];
    expect(tray?.toolTip).toMatch(/^BeatPass Messenger/);
    const window = fake.recorded.windows[0];
    if (!window || !tray) throw new Error('no window or tray');
    // The page makes its first call (as the renderer does), then the user looks elsewhere.
    await invoke('conversations.list', {});
    window.hide();
    window.emit('blur');

    const { conversation } = await bob.request('conversations.startDirect', { userId: alice.userId });
    await alice.request('conversations.accept', { conversationId: conversation.id });
    await bob.request('messages.send', {
      conversationId: conversation.id,
      clientId: 'smoke-bob-0001',
      body: 'new stems up',
    });

    await vi.waitFor(
      () => expect(fake.recorded.notifications.some((n) => n.options.body === 'new stems up')).toBe(true),
      { timeout: 10_000 },
    );
    await vi.waitFor(() => expect(fake.recorded.badge.at(-1)).toBe(1));
    await vi.waitFor(() => expect(tray.toolTip).toBe('BeatPass Messenger — 1 unread'));
    const notification = fake.recorded.notifications.find((n) => n.options.body === 'new stems up');
    expect(notification?.options).toMatchObject({ id: `conversation:${conversation.id}`, silent: false });

    notification?.emit('click');
    expect(window.visible && window.focused).toBe(true);
    expect(window.webContents.sent).toContainEqual([
      ELECTRON_EVENT_CHANNEL,
      { name: 'navigate.conversation', payload: { conversationId: conversation.id } },
    ]);
  });

  it('quits cleanly: tray gone, shortcuts released, session flushed, exit 0', async () => {
    fake.app.quit();
    await vi.waitFor(() => expect(fake.recorded.exitCode).toBe(0));
    expect(fake.recorded.trays[0]?.destroyed).toBe(true);
    expect(fake.recorded.shortcuts.size).toBe(0);
  });
});
