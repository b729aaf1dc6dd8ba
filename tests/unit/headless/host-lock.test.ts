import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHeadlessHost } from '../../../src-main/headless/host.ts';
import type { HeadlessHost } from '../../../src-main/headless/host.ts';
import { checkUpgrade } from '../../../src-main/headless/upgrade-check.ts';
import type { WsHostFrame } from '../../../src-shared/bridge.ts';

describe('WebSocket upgrade rules', () => {
  const expected = { port: 4321, secret: 's3cret' };
  const ok = { url: '/bridge?secret=s3cret', host: '127.0.0.1:4321', origin: 'http://127.0.0.1:4321' };

  it('accepts our page with the secret', () => {
    expect(checkUpgrade(ok, expected)).toEqual({ ok: true });
  });

  it.each([
    ['another origin', { ...ok, origin: 'https://evil.example' }, 403],
    ['no origin', { ...ok, origin: undefined }, 403],
    ['localhost instead of 127.0.0.1', { ...ok, origin: 'http://localhost:4321' }, 403],
    ['a rebinding host name', { ...ok, host: 'evil.example:4321' }, 403],
    ['no secret', { ...ok, url: '/bridge' }, 403],
    ['a wrong secret', { ...ok, url: '/bridge?secret=guess' }, 403],
    ['a secret prefix', { ...ok, url: '/bridge?secret=s3cre' }, 403],
    ['another path', { ...ok, url: '/other?secret=s3cret' }, 404],
  ] as const)('refuses %s', (_name, request, status) => {
    const verdict = checkUpgrade(request, expected);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.status).toBe(status);
  });
});

describe('headless host (real sockets on 127.0.0.1)', () => {
  let dir: string;
  let host: HeadlessHost;
  const refused: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'headless-host-'));
    const renderer = join(dir, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'not for you');
    // Nobody signed in, so the core never dials this server: the lock is tested on its own.
    host = await startHeadlessHost({
      serverUrl: 'http://127.0.0.1:9',
      dataDir: join(dir, 'data'),
      port: 0,
      rendererDir: renderer,
      onRefused: (reason) => refused.push(reason),
    });
  });
  afterAll(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const connect = (url: string, origin: string | undefined) =>
    new Promise<{ ws: WebSocket } | { status: number }>((resolve) => {
      const ws = new WebSocket(url, origin === undefined ? {} : { origin });
      ws.once('open', () => resolve({ ws }));
      ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
      ws.once('error', () => resolve({ status: -1 }));
    });
  const bridgeUrl = (secret: string | null) =>
    `ws://127.0.0.1:${host.port}/bridge${secret === null ? '' : `?secret=${secret}`}`;

  it('prints a 127.0.0.1 URL carrying a long random secret', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?secret=${host.secret}`);
    expect(host.secret.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the renderer with the CSP, and nothing outside it', async () => {
    const page = await fetch(`${host.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain(`connect-src ws://127.0.0.1:${host.port}`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${host.origin}/assets/app.js`)).status).toBe(200);
    const favicon = await fetch(`${host.origin}/favicon.ico`);
    expect([favicon.status, favicon.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect((await fetch(`${host.origin}/%2e%2e/secret.txt`)).status).toBe(404);
    expect((await fetch(`${host.origin}/../secret.txt`)).status).toBe(404);
    expect((await fetch(`${host.origin}/`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a page from another origin, even with the secret', async () => {
    expect(await connect(bridgeUrl(host.secret), 'https://evil.example')).toEqual({ status: 403 });
    expect(await connect(bridgeUrl(host.secret), undefined)).toEqual({ status: 403 });
  });

  it('refuses our origin without the secret, or with a wrong one', async () => {
    expect(await connect(bridgeUrl(null), host.origin)).toEqual({ status: 403 });
    expect(await connect(bridgeUrl('wrong'), host.origin)).toEqual({ status: 403 });
    expect(refused.length).toBeGreaterThanOrEqual(4);
  });

  it('serves the IPC contract to our page with the secret, and pushes events', async () => {
    const result = await connect(bridgeUrl(host.secret), host.origin);
    if (!('ws' in result)) throw new Error(`refused: ${JSON.stringify(result)}`);
    const { ws } = result;
    const frames: WsHostFrame[] = [];
    const next = (predicate: (frame: WsHostFrame) => boolean) =>
      new Promise<WsHostFrame>((resolve) => {
        const found = frames.find(predicate);
        if (found) return resolve(found);
        const onMessage = (data: WebSocket.RawData) => {
          const frame = JSON.parse(data.toString()) as WsHostFrame;
          if (!predicate(frame)) return;
          ws.off('message', onMessage);
          resolve(frame);
        };
        ws.on('message', onMessage);
      });
    ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as WsHostFrame));

    ws.send(JSON.stringify({ type: 'request', id: 1, channel: 'settings.get', payload: {} }));
    const settings = await next((f) => f.type === 'response' && f.id === 1);
    expect(settings.type === 'response' && settings.response.ok).toBe(true);

    ws.send(
      JSON.stringify({ type: 'request', id: 2, channel: 'messages.send', payload: { conversationId: 1 } }),
    );
    const invalid = await next((f) => f.type === 'response' && f.id === 2);
    expect(invalid.type === 'response' && !invalid.response.ok && invalid.response.error.code).toBe(
      'VALIDATION_FAILED',
    );

    ws.send(JSON.stringify({ type: 'request', id: 3, channel: 'settings.set', payload: { theme: 'dark' } }));
    const changed = await next((f) => f.type === 'event' && f.event.name === 'settings.changed');
    expect(changed.type === 'event' && changed.event.payload).toMatchObject({ theme: 'dark' });

    // A connected page counts as the focused window for the notification policy.
    expect(host.shell.isWindowFocused()).toBe(true);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.send('not json');
    await closed;
  });
});
