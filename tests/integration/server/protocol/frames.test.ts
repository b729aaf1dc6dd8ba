import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../src-shared/limits.ts';
import { CLOSE_CODES } from '../../../../src-shared/protocol.ts';
import type { ServerFrame } from '../../../../src-shared/protocol.ts';
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

const isError = (f: ServerFrame) => f.type === 'error';
const responseTo = (id: string) => (f: ServerFrame) => f.type === 'response' && f.id === id;

/** A raw socket that said hello with a fresh account's token and got `caught_up`. */
async function readySocket() {
  const client = await signUpClient(server.url, 'raw', false);
  const socket = await RawSocket.open(server.url);
  socket.hello(client.auth.tokens.accessToken);
  await socket.waitFor((f) => f.type === 'caught_up');
  return socket;
}

async function expectStillUsable(socket: RawSocket, id: string) {
  socket.sendJson({ type: 'request', id, op: 'conversations.list', params: {} });
  const frame = await socket.waitFor(responseTo(id));
  expect(frame).toMatchObject({ type: 'response', ok: true });
}

describe('frames the server cannot use', () => {
  it('malformed JSON gets an error frame and the socket stays usable', async () => {
    const socket = await readySocket();
    socket.send('{"type": "request", "id": ');
    expect(await socket.waitFor(isError)).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/JSON/) },
    });
    await expectStillUsable(socket, 'after-garbage');
    socket.close();
  });

  it('a frame off the protocol answers its id when it has one, else with an error frame', async () => {
    const socket = await readySocket();
    socket.sendJson({ type: 'request', id: 'bad-op-type', op: 42, params: {} });
    expect(await socket.waitFor(responseTo('bad-op-type'))).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    socket.sendJson({ type: 'subscribe', channel: 'all' });
    expect(await socket.waitFor(isError)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    await expectStillUsable(socket, 'after-off-protocol');
    socket.close();
  });

  it('a binary frame closes the socket with 1003 (the protocol is JSON text)', async () => {
    const socket = await readySocket();
    socket.send(Buffer.from([1, 2, 3]), { binary: true });
    await socket.waitFor((f) => f.type === 'error' && /JSON text/.test(f.error.message));
    expect((await socket.waitClose()).code).toBe(CLOSE_CODES.unsupportedData);
  });

  it('an unknown op is UNKNOWN_OP', async () => {
    const socket = await readySocket();
    socket.sendJson({ type: 'request', id: 'unknown', op: 'messages.delete', params: {} });
    expect(await socket.waitFor(responseTo('unknown'))).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_OP' },
    });
    socket.close();
  });

  it('params that fail the schema are VALIDATION_FAILED, with each issue’s path', async () => {
    const socket = await readySocket();
    socket.sendJson({
      type: 'request',
      id: 'bad-params',
      op: 'messages.send',
      params: { conversationId: 7, clientId: 'short' },
    });
    const frame = await socket.waitFor(responseTo('bad-params'));
    if (frame.type !== 'response') throw new Error('unreachable');
    expect(frame.error?.code).toBe('VALIDATION_FAILED');
    expect(frame.error?.issues?.map((i) => i.path).sort()).toEqual(['body', 'clientId', 'conversationId']);
    socket.close();
  });

  it(`a frame over ${LIMITS.frameMaxBytes} bytes closes the socket with 1009`, async () => {
    const socket = await readySocket();
    socket.sendJson({
      type: 'request',
      id: 'huge',
      op: 'users.search',
      params: { query: 'x'.repeat(LIMITS.frameMaxBytes) },
    });
    expect((await socket.waitClose()).code).toBe(CLOSE_CODES.frameTooLarge);
  });

  it('a frame just under the cap is answered normally', async () => {
    const socket = await readySocket();
    const padding = 'x'.repeat(LIMITS.frameMaxBytes - 200);
    socket.sendJson({ type: 'request', id: 'big', op: 'conversations.list', params: {}, padding });
    expect(await socket.waitFor(responseTo('big'))).toMatchObject({ ok: true });
    socket.close();
  });
});

describe('authentication on the socket', () => {
  it('a request before hello closes the socket with 4001', async () => {
    const socket = await RawSocket.open(server.url);
    socket.sendJson({ type: 'request', id: 'early', op: 'conversations.list', params: {} });
    expect(await socket.waitFor(isError)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await socket.waitClose()).code).toBe(CLOSE_CODES.unauthenticated);
  });

  it('a bad token closes the socket with 4001', async () => {
    const socket = await RawSocket.open(server.url);
    socket.hello('not-a-real-token');
    expect(await socket.waitFor(isError)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await socket.waitClose()).code).toBe(CLOSE_CODES.unauthenticated);
  });

  it('a second hello is refused without closing', async () => {
    const client = await signUpClient(server.url, 'twice', false);
    const socket = await RawSocket.open(server.url);
    socket.hello(client.auth.tokens.accessToken);
    const welcome = await socket.waitFor((f) => f.type === 'welcome');
    expect(welcome).toMatchObject({ me: { id: client.userId }, protocol: 1 });
    await socket.waitFor((f) => f.type === 'caught_up');
    socket.hello(client.auth.tokens.accessToken);
    expect(await socket.waitFor(isError)).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/hello/) },
    });
    await expectStillUsable(socket, 'after-second-hello');
    socket.close();
  });
});
