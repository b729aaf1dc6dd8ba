import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore } from '../../../src-main/core/core.ts';
import type { Core } from '../../../src-main/core/core.ts';
import { createRouter } from '../../../src-main/core/router.ts';
import { RecordingShell } from '../../support/recording-shell.ts';
import { forwardEvents, registerIpcAdapter } from '../../../src-main/electron/ipc/ipc-adapter.ts';
import type { IpcMainLike } from '../../../src-main/electron/ipc/ipc-adapter.ts';
import { checkSender, originOf } from '../../../src-main/electron/ipc/sender-check.ts';
import type { InvokeEventLike, TrustedWindow } from '../../../src-main/electron/ipc/sender-check.ts';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL } from '../../../src-shared/bridge.ts';
import type { BridgeEvent } from '../../../src-shared/bridge.ts';
import type { IpcResponse } from '../../../src-shared/ipc.ts';

const APP = 'app://beatpass';
const mainFrame = { url: `${APP}/index.html`, processId: 7, routingId: 1 };
const trusted: TrustedWindow = { webContentsId: 3, mainFrame };

/** The IPC event Electron would hand the handler, from our window's main frame unless overridden. */
function event(
  patch: { senderId?: number; frame?: Partial<typeof mainFrame & { parent: unknown }> | null } = {},
): InvokeEventLike {
  return {
    sender: { id: patch.senderId ?? 3 },
    senderFrame: patch.frame === null ? null : { ...mainFrame, parent: null, ...patch.frame },
  };
}

/** ipcMain with one handler, called the way Electron calls it. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const invoke = async (e: InvokeEventLike, channel: unknown, payload: unknown) => {
    const handler = handlers.get(ELECTRON_INVOKE_CHANNEL);
    if (!handler) throw new Error('no handler');
    return (await handler(e, channel, payload)) as IpcResponse;
  };
  return { ipcMain, invoke, handlers };
}

let dir: string;
let core: Core;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ipc-adapter-'));
  // A real core and router, never started: settings and validation are answered without a server.
  core = createCore({ dataDir: dir, serverUrl: 'http://127.0.0.1:9', shell: new RecordingShell() });
});
afterEach(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

function setUp(window: TrustedWindow | null = trusted) {
  const router = createRouter(core);
  const handle = vi.fn(router.handle);
  const refused = vi.fn();
  const fake = fakeIpcMain();
  const unregister = registerIpcAdapter({
    ipcMain: fake.ipcMain,
    router: { handle },
    window: () => window,
    allowedOrigins: [APP],
    onRefused: refused,
  });
  return { ...fake, handle, refused, unregister };
}

describe('ipcMain adapter: sender checks', () => {
  it('serves our window main frame through the core router', async () => {
    const { invoke } = setUp();
    const response = await invoke(event(), 'settings.get', {});
    expect(response.ok && response.result).toMatchObject({ theme: 'dark' });
  });

  it.each([
    ['another web contents', event({ senderId: 4 })],
    ['a destroyed frame', event({ frame: null })],
    ['a subframe', event({ frame: { parent: {} } })],
    ['another frame of the same page', event({ frame: { routingId: 2 } })],
    ['a page from another origin', event({ frame: { url: 'https://evil.example/x' } })],
    ['a file:// page', event({ frame: { url: 'file:///tmp/index.html' } })],
    ['a look-alike host', event({ frame: { url: 'app://beatpass.evil/index.html' } })],
  ])('refuses %s with FORBIDDEN, without calling the router', async (_name, e) => {
    const { invoke, handle, refused } = setUp();
    const response = await invoke(e, 'settings.get', {});
    expect(response).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'This caller may not use the app bridge.' },
    });
    expect(handle).not.toHaveBeenCalled();
    expect(refused).toHaveBeenCalledOnce();
  });

  it('refuses every call while there is no window', async () => {
    const { invoke, handle } = setUp(null);
    expect((await invoke(event(), 'settings.get', {})).ok).toBe(false);
    expect(handle).not.toHaveBeenCalled();
  });

  it('unregisters its handler', () => {
    const { handlers, unregister } = setUp();
    expect(handlers.has(ELECTRON_INVOKE_CHANNEL)).toBe(true);
    unregister();
    expect(handlers.size).toBe(0);
  });
});

describe('ipcMain adapter: payload validation (by the router)', () => {
  it('answers bad payloads with VALIDATION_FAILED and unknown channels with UNKNOWN_CHANNEL', async () => {
    const { invoke } = setUp();
    const bad = await invoke(event(), 'messages.send', { conversationId: 42, body: 'hi' });
    expect(!bad.ok && bad.error.code).toBe('VALIDATION_FAILED');
    const extra = await invoke(event(), 'settings.set', { theme: 'dark', nodeIntegration: true });
    expect(!extra.ok && extra.error.code).toBe('VALIDATION_FAILED');
    const unknown = await invoke(event(), 'shell.openExternal', { url: 'file:///etc/passwd' });
    expect(!unknown.ok && unknown.error.code).toBe('UNKNOWN_CHANNEL');
    const proto = await invoke(event(), '__proto__', {});
    expect(!proto.ok && proto.error.code).toBe('UNKNOWN_CHANNEL');
    const notString = await invoke(event(), { channel: 'settings.get' }, {});
    expect(!notString.ok && notString.error.code).toBe('UNKNOWN_CHANNEL');
  });

  it('changes settings with a valid payload', async () => {
    const { invoke } = setUp();
    const response = await invoke(event(), 'settings.set', { theme: 'dark', closeToTray: false });
    expect(response.ok && response.result).toMatchObject({ theme: 'dark', closeToTray: false });
  });
});

describe('event forwarding', () => {
  it('sends every core event to the window on one channel, and stops when unsubscribed', () => {
    const sent: [string, BridgeEvent][] = [];
    let destroyed = false;
    const stop = forwardEvents(core.events, () => ({
      send: (channel, e) => sent.push([channel, e]),
      isDestroyed: () => destroyed,
    }));
    core.push('badge.changed', { count: 4 });
    destroyed = true;
    core.push('badge.changed', { count: 5 });
    destroyed = false;
    stop();
    core.push('badge.changed', { count: 6 });
    expect(sent).toEqual([[ELECTRON_EVENT_CHANNEL, { name: 'badge.changed', payload: { count: 4 } }]]);
  });
});

describe('origins', () => {
  it('builds scheme://host for custom schemes (WHATWG calls their origin "null")', () => {
    expect(originOf('app://beatpass/index.html')).toBe('app://beatpass');
    expect(originOf('http://localhost:5173/')).toBe('http://localhost:5173');
    expect(originOf('file:///x')).toBeNull();
    expect(originOf('nonsense')).toBeNull();
  });

  it('allows the dev server origin only when listed', () => {
    const dev = event({ frame: { url: 'http://localhost:5173/' } });
    expect(checkSender(dev, trusted, [APP]).trusted).toBe(false);
    expect(checkSender(dev, trusted, [APP, 'http://localhost:5173']).trusted).toBe(true);
  });
});
