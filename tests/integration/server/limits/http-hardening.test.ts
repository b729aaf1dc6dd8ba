import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../src-shared/limits.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server?.cleanup();
});

/** A raw TCP connection that collects what the server sends and resolves `ended` when it closes. */
function rawConnection(): Promise<{ socket: Socket; received: () => string; ended: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: server.port });
    let text = '';
    const started = performance.now();
    const ended = new Promise<number>((done) =>
      socket.once('close', () => done(performance.now() - started)),
    );
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    socket.on('error', () => {}); // a reset after the server's answer ends in 'close', which is awaited
    socket.once('connect', () => resolve({ socket, received: () => text, ended }));
    socket.once('error', reject);
  });
}

describe('HTTP timeouts and the 413 close', () => {
  it(`headers that trickle in are cut off with 408 after about ${LIMITS.httpHeadersTimeoutMs / 1000} s, not a minute`, async () => {
    const { socket, received, ended } = await rawConnection();
    socket.write('POST /api/v1/auth/signin HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    // One more header line every half second: the connection is never idle, the headers never end.
    const trickle = setInterval(() => socket.write('X-Slow: yes\r\n'), 500);
    const elapsed = await ended;
    clearInterval(trickle);
    expect(received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(elapsed).toBeGreaterThanOrEqual(LIMITS.httpHeadersTimeoutMs - 100);
    // The check runs every second; a loaded machine may add a little more.
    expect(elapsed).toBeLessThan(LIMITS.httpHeadersTimeoutMs + 5_000);
  });

  it('a declared body over the cap is answered 413 at once and the keep-alive connection is closed', async () => {
    const { socket, received, ended } = await rawConnection();
    socket.write(
      'POST /api/v1/auth/signin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n' +
        `Content-Type: application/json\r\nContent-Length: ${LIMITS.httpBodyMaxBytes * 10}\r\n\r\n{"username":`,
    );
    await ended;
    expect(received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(received()).toMatch(/\r\nconnection: close\r\n/i);
    expect(received()).toContain('"FRAME_TOO_LARGE"');
  });

  it('a chunked body that grows over the cap is answered 413 and the connection is closed', async () => {
    const { socket, received, ended } = await rawConnection();
    socket.write(
      'POST /api/v1/auth/signup HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n' +
        'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const chunk = 'x'.repeat(4096);
    for (let i = 0; i < (LIMITS.httpBodyMaxBytes / chunk.length) * 2 && !socket.destroyed; i++) {
      socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    }
    await ended;
    expect(received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(received()).toMatch(/\r\nconnection: close\r\n/i);
  });

  it('a normal request on a keep-alive connection keeps it open for the next one', async () => {
    const { socket, received } = await rawConnection();
    const twoAnswers = new Promise<void>((resolve) =>
      socket.on('data', () => {
        if ((received().match(/HTTP\/1\.1 200 /g) ?? []).length === 2) resolve();
      }),
    );
    socket.write('GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    socket.write('GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await twoAnswers;
    expect(socket.destroyed).toBe(false);
    socket.destroy();
  });
});
