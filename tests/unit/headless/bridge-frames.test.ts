import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHeadlessHost } from '../../../src-main/headless/host.ts';
import type { HeadlessHost } from '../../../src-main/headless/host.ts';
import { HEADLESS_CLOSE_CODES, HEADLESS_FRAME_MAX_BYTES } from '../../../src-shared/bridge.ts';
import type { WsHostFrame } from '../../../src-shared/bridge.ts';

/**
 * The headless host's bridge against hostile and broken pages (real sockets on 127.0.0.1): each bad frame
 * closes only its own socket, with its close code, and the same host answers the next page. Then browser
 * mode's notifications: the page is told to show and close them, and its click goes the desktop's way.
 */
let dir: string;
let host: HeadlessHost;
const refused: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bridge-frames-'));
  host = await startHeadlessHost({
    serverUrl: 'http://127.0.0.1:9',
    dataDir: join(dir, 'data'),
    port: 0,
    rendererDir: join(dir, 'renderer'),
    onRefused: (reason) => refused.push(reason),
  });
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A page of ours: the right origin and the secret. */
function openPage(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge?secret=${host.secret}`, {
      origin: host.origin,
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

/** Frames the page receives, and a wait for the next one that matches. */
function frames(ws: WebSocket) {
  const seen: WsHostFrame[] = [];
  const waiters: { test: (f: WsHostFrame) => boolean; resolve: (f: WsHostFrame) => void }[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as WsHostFrame;
    seen.push(frame);
    for (const waiter of waiters.splice(0)) {
      if (waiter.test(frame)) waiter.resolve(frame);
      else waiters.push(waiter);
    }
  });
  return {
    next: (test: (f: WsHostFrame) => boolean) =>
      new Promise<WsHostFrame>((resolve) => {
        const found = seen.find(test);
        if (found) resolve(found);
        else waiters.push({ test, resolve });
      }),
  };
}

async function answersTheNextPage(): Promise<void> {
  const ws = await openPage();
  const page = frames(ws);
  ws.send(JSON.stringify({ type: 'request', id: 7, channel: 'badge.get', payload: {} }));
  const answer = await page.next((f) => f.type === 'response' && f.id === 7);
  expect(answer.type === 'response' && answer.response).toEqual({ ok: true, result: { count: 0 } });
  ws.close();
}

describe('a page that sends what the bridge will not read', () => {
  it.each([
    [
      'a frame over the size cap',
      'x'.repeat(HEADLESS_FRAME_MAX_BYTES + 1),
      false,
      HEADLESS_CLOSE_CODES.frameTooLarge,
    ],
    [
      'text that is not valid UTF-8',
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
      false,
      HEADLESS_CLOSE_CODES.invalidUtf8,
    ],
    ['a binary frame', Buffer.from('{"type":"request"}'), true, HEADLESS_CLOSE_CODES.binaryFrame],
    ['text that is not JSON', 'hello?', false, HEADLESS_CLOSE_CODES.badFrame],
    ['JSON that is not a request frame', '{"type":"request","id":-1}', false, HEADLESS_CLOSE_CODES.badFrame],
  ] as const)(
    '%s: only that socket closes, with its code; the host answers the next page',
    async (_name, data, binary, code) => {
      const ws = await openPage();
      const closed = closeCode(ws);
      // `binary: false` with a Buffer sends its bytes as a text frame, unchecked: what a broken page could do.
      ws.send(data, { binary });
      expect(await closed).toBe(code);
      await answersTheNextPage();
      expect(host.unexpectedErrors).toBe(0);
    },
  );

  it('answers every request of a burst, past the in-flight cap with RATE_LIMITED', async () => {
    const ws = await openPage();
    const answers = new Map<number, string>();
    const all = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as WsHostFrame;
        if (frame.type !== 'response') return;
        answers.set(frame.id, frame.response.ok ? 'ok' : frame.response.error.code);
        if (answers.size === 200) resolve();
      }),
    );
    for (let id = 1; id <= 200; id++)
      ws.send(JSON.stringify({ type: 'request', id, channel: 'settings.get', payload: {} }));
    await all;
    expect([...answers.values()].every((a) => a === 'ok' || a === 'RATE_LIMITED')).toBe(true);
    ws.close();
    expect(refused.filter((r) => r.includes('closed a bridge socket'))).toHaveLength(3);
  });
});

function conversationNotification(conversationId: string, title: string, body: string) {
  return { tag: `conversation:${conversationId}`, conversationId, title, body, silent: false };
}

describe('browser mode notifications', () => {
  it('tells the page to show one (with its conversation), and to close it when read', async () => {
    const ws = await openPage();
    const page = frames(ws);
    const notification = conversationNotification('c1', 'Dana', 'stems are up');
    host.shell.showNotification(notification);
    const shown = await page.next((f) => f.type === 'event' && f.event.name === 'webNotification.show');
    expect(shown.type === 'event' && shown.event.payload).toEqual(notification);
    host.core.clearNotification('c1');
    const closed = await page.next((f) => f.type === 'event' && f.event.name === 'webNotification.close');
    expect(closed.type === 'event' && closed.event.payload).toEqual({ tag: 'conversation:c1' });
    expect(host.shell.active.size).toBe(0);
    ws.close();
  });

  it('a click from the page takes the desktop path: the UI is asked to open that conversation', async () => {
    const ws = await openPage();
    const page = frames(ws);
    host.shell.showNotification(conversationNotification('c2', 'Marco', 'the mix is ready'));
    ws.send(
      JSON.stringify({
        type: 'request',
        id: 1,
        channel: 'webNotification.click',
        payload: { tag: 'conversation:c2' },
      }),
    );
    const navigate = await page.next((f) => f.type === 'event' && f.event.name === 'navigate.conversation');
    expect(navigate.type === 'event' && navigate.event.payload).toEqual({ conversationId: 'c2' });
    expect(host.shell.active.has('conversation:c2')).toBe(false);
    ws.close();
  });

  it('keeps only notifications on screen, never a history, and follows the page focus', async () => {
    for (let i = 0; i < 500; i++) host.shell.showNotification(conversationNotification(`n${i}`, 'x', 'y'));
    expect(host.shell.active.size).toBeLessThanOrEqual(50);
    expect(host.shell.active.has('conversation:n499')).toBe(true);

    const ws = await openPage();
    const page = frames(ws);
    expect(host.shell.isWindowFocused()).toBe(true);
    ws.send(JSON.stringify({ type: 'request', id: 1, channel: 'window.focus', payload: { focused: false } }));
    await page.next((f) => f.type === 'response' && f.id === 1);
    expect(host.shell.isWindowFocused()).toBe(false);
    ws.send(JSON.stringify({ type: 'request', id: 2, channel: 'window.focus', payload: { focused: true } }));
    await page.next((f) => f.type === 'response' && f.id === 2);
    expect(host.shell.isWindowFocused()).toBe(true);
    ws.close();
  });
});
