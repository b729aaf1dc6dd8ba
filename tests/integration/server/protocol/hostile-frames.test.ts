import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../src-shared/limits.ts';
import { CLOSE_CODES, WS_PATH } from '../../../../src-shared/protocol.ts';
import { RawSocket } from '../../../support/raw-socket.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { signUpClient } from '../../../support/test-client.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server?.cleanup();
});

/** The process answers a new client end to end: sign-up over HTTP, hello, a request over the socket. */
async function nextClientIsServed(): Promise<void> {
  const client = await signUpClient(server.url, 'next');
  expect((await client.request('me.get', {})).me.id).toBe(client.userId);
  await client.close();
}

/** A raw socket, signed in when `token` is given. */
async function socketFor(token?: string): Promise<RawSocket> {
  const socket = await RawSocket.open(server.url);
  if (token) {
    socket.hello(token);
    await socket.waitFor((f) => f.type === 'caught_up');
  }
  return socket;
}

/** Opens a WebSocket by hand and returns the TCP socket right after the 101, for frames ws would never send. */
function handshake(): Promise<{ write: (bytes: Buffer) => void; closeCode: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const tcp = connect({ host: '127.0.0.1', port: server.port });
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    let settle!: (code: number | null) => void;
    const closeCode = new Promise<number | null>((done) => (settle = done));
    tcp.on('error', () => {}); // a reset ends in 'close'
    tcp.on('close', () => settle(null));
    tcp.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!buffer.subarray(0, end).toString().startsWith('HTTP/1.1 101')) reject(new Error('no upgrade'));
        upgraded = true;
        buffer = buffer.subarray(end + 4);
        resolve({ write: (bytes) => tcp.write(bytes), closeCode });
      }
      // A close frame from the server: opcode 8, unmasked, its first two payload bytes are the code.
      if (upgraded && buffer.length >= 4 && (buffer[0]! & 0x0f) === 8) settle(buffer.readUInt16BE(2));
    });
    tcp.once('connect', () =>
      tcp.write(
        `GET ${WS_PATH} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
  });
}

describe('hostile frames close only their own socket, and the next client is served', () => {
  it('an oversized frame closes with 1009, before and after hello', async () => {
    const user = await signUpClient(server.url, 'big', false);
    for (const token of [undefined, user.auth.tokens.accessToken]) {
      const socket = await socketFor(token);
      socket.send('x'.repeat(LIMITS.frameMaxBytes + 1));
      expect((await socket.waitClose()).code).toBe(CLOSE_CODES.frameTooLarge);
      await nextClientIsServed();
    }
  });

  it('a text frame that is not UTF-8 closes with 1007', async () => {
    const user = await signUpClient(server.url, 'utf', false);
    for (const token of [undefined, user.auth.tokens.accessToken]) {
      const socket = await socketFor(token);
      socket.send(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x7d]), { binary: false });
      expect((await socket.waitClose()).code).toBe(CLOSE_CODES.invalidPayload);
      await nextClientIsServed();
    }
  });

  it('a binary frame closes with 1003', async () => {
    const user = await signUpClient(server.url, 'bin', false);
    for (const token of [undefined, user.auth.tokens.accessToken]) {
      const socket = await socketFor(token);
      socket.send(randomBytes(64), { binary: true });
      expect((await socket.waitClose()).code).toBe(CLOSE_CODES.unsupportedData);
      await nextClientIsServed();
    }
  });

  it('a frame that is not JSON gets an error frame; the socket stays usable', async () => {
    const user = await signUpClient(server.url, 'json', false);
    const socket = await socketFor(user.auth.tokens.accessToken);
    for (const garbage of [
      '',
      'null',
      '[]',
      '"hello"',
      '{"type":',
      'NaN',
      '\u0000\u0001',
      '{'.repeat(5000),
    ]) {
      socket.send(garbage);
    }
    socket.sendJson({ type: 'request', id: 'still-here', op: 'me.get', params: {} });
    expect(await socket.waitFor((f) => f.type === 'response' && f.id === 'still-here')).toMatchObject({
      ok: true,
    });
    expect(socket.frames.filter((f) => f.type === 'error' || (f.type === 'response' && !f.ok)).length).toBe(
      8,
    );
    socket.close();
    await nextClientIsServed();
  });

  it('frames that break the WebSocket framing (unmasked, reserved bits) close with 1002', async () => {
    for (const frame of [
      Buffer.from([0x81, 0x02, 0x7b, 0x7d]), // unmasked text "{}": clients must mask
      Buffer.from([0xf1, 0x80, 0, 0, 0, 0]), // reserved bits set
      Buffer.from([0x83, 0x80, 0, 0, 0, 0]), // reserved opcode 3
    ]) {
      const raw = await handshake();
      raw.write(frame);
      expect(await raw.closeCode).toBe(1002);
      await nextClientIsServed();
    }
  });

  it('garbage and oversized headers on the HTTP side are answered 400 / 431 and closed', async () => {
    for (const [request, status] of [
      ['NOT HTTP AT ALL\r\n\r\n', 400],
      [`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`, 431],
      [`GET ${WS_PATH} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`, 400],
    ] as const) {
      const answer = await new Promise<string>((resolve) => {
        const tcp = connect({ host: '127.0.0.1', port: server.port }, () => tcp.write(request));
        let text = '';
        tcp.on('data', (chunk: Buffer) => (text += chunk.toString()));
        tcp.on('error', () => {});
        tcp.on('close', () => resolve(text));
      });
      expect(answer).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      await nextClientIsServed();
    }
  });
});
