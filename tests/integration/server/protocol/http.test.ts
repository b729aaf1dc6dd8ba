import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../src-shared/limits.ts';
import {
  API_PREFIX,
  CLOSE_CODES,
  authResultSchema,
  httpErrorSchema,
  refreshResultSchema,
} from '../../../../src-shared/protocol.ts';
import { RawSocket } from '../../../support/raw-socket.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { TestClient, postJson, signUpClient } from '../../../support/test-client.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server?.cleanup();
});

let names = 0;
const uniqueName = (base: string) => `${base}${++names}${process.pid}`.slice(0, 32);
const errorOf = (json: unknown) => httpErrorSchema.parse(json).error;

/** The hello with this token is refused (4001) or accepted. */
async function helloOutcome(token: string): Promise<'welcome' | number> {
  const socket = await RawSocket.open(server.url);
  socket.hello(token);
  const outcome = await Promise.race([
    socket.waitFor((f) => f.type === 'caught_up').then(() => 'welcome' as const),
    socket.waitClose().then((c) => c.code),
  ]);
  socket.close();
  return outcome;
}

describe('sign-up and sign-in over HTTP', () => {
  it('validates the sign-up body, naming each field', async () => {
    const { status, json } = await postJson(server.url, '/auth/signup', {
      username: 'a!',
      displayName: '',
      password: 'short',
    });
    expect(status).toBe(400);
    const error = errorOf(json);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect([...new Set(error.issues?.map((i) => i.path))].sort()).toEqual([
      'displayName',
      'password',
      'username',
    ]);
  });

  it('a taken username is USERNAME_TAKEN (409), whatever its case', async () => {
    const username = uniqueName('taken');
    expect(
      (
        await postJson(server.url, '/auth/signup', {
          username,
          displayName: 'First',
          password: 'correct horse',
        })
      ).status,
    ).toBe(201);
    const again = await postJson(server.url, '/auth/signup', {
      username: username.toUpperCase(),
      displayName: 'Second',
      password: 'another pass',
    });
    expect(again.status).toBe(409);
    expect(errorOf(again.json).code).toBe('USERNAME_TAKEN');
  });

  it('signs in with the right password; a wrong one or an unknown user is INVALID_CREDENTIALS (401)', async () => {
    const username = uniqueName('signin');
    await postJson(server.url, '/auth/signup', { username, displayName: 'Sig', password: 'correct horse' });
    const ok = await postJson(server.url, '/auth/signin', {
      username: ` ${username.toUpperCase()} `,
      password: 'correct horse',
    });
    expect(ok.status).toBe(200);
    expect(authResultSchema.parse(ok.json).me.username).toBe(username);
    for (const body of [
      { username, password: 'wrong horse' },
      { username: uniqueName('nobody'), password: 'correct horse' },
    ]) {
      const bad = await postJson(server.url, '/auth/signin', body);
      expect(bad.status).toBe(401);
      expect(errorOf(bad.json).code).toBe('INVALID_CREDENTIALS');
    }
  });
});

describe('sessions', () => {
  it('refresh rotates both tokens; reusing the old refresh token revokes the session for everyone', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const first = await postJson(server.url, '/auth/refresh', {
      refreshToken: alice.auth.tokens.refreshToken,
    });
    expect(first.status).toBe(200);
    const rotated = refreshResultSchema.parse(first.json).tokens;
    expect(rotated.refreshToken).not.toBe(alice.auth.tokens.refreshToken);
    expect(rotated.accessToken).not.toBe(alice.auth.tokens.accessToken);
    expect(await helloOutcome(rotated.accessToken)).toBe('welcome');

    // The old refresh token again: someone copied it. The session ends, so the new tokens die with it.
    const replay = await postJson(server.url, '/auth/refresh', {
      refreshToken: alice.auth.tokens.refreshToken,
    });
    expect(replay.status).toBe(401);
    expect(errorOf(replay.json).code).toBe('REFRESH_TOKEN_INVALID');
    expect(await alice.waitClose()).toBe(CLOSE_CODES.sessionRevoked);
    const afterwards = await postJson(server.url, '/auth/refresh', { refreshToken: rotated.refreshToken });
    expect(afterwards.status).toBe(401);
    expect(errorOf(afterwards.json).code).toBe('REFRESH_TOKEN_INVALID');
    expect(await helloOutcome(rotated.accessToken)).toBe(CLOSE_CODES.unauthenticated);
  });

  it('sign-out revokes: the live socket closes with 4003 and the tokens stop working', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const out = await postJson(server.url, '/auth/signout', {}, alice.auth.tokens.accessToken);
    expect(out.status).toBe(204);
    expect(await alice.waitClose()).toBe(CLOSE_CODES.sessionRevoked);
    expect(await helloOutcome(alice.auth.tokens.accessToken)).toBe(CLOSE_CODES.unauthenticated);
    const refresh = await postJson(server.url, '/auth/refresh', {
      refreshToken: alice.auth.tokens.refreshToken,
    });
    expect(refresh.status).toBe(401);
  });

  it('another session of the same user is untouched by a sign-out', async () => {
    const alice = await signUpClient(server.url, 'Alice');
    const signIn = await postJson(server.url, '/auth/signin', {
      username: alice.auth.me.username,
      password: 'correct horse',
    });
    const second = new TestClient(server.url, authResultSchema.parse(signIn.json));
    await second.connect();
    await postJson(server.url, '/auth/signout', {}, alice.auth.tokens.accessToken);
    expect(await alice.waitClose()).toBe(CLOSE_CODES.sessionRevoked);
    expect((await second.request('me.get', {})).me.id).toBe(alice.userId);
    await second.close();
  });
});

describe('HTTP hygiene', () => {
  const post = (path: string, body: string, contentType = 'application/json') =>
    fetch(`${server.url}${API_PREFIX}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });

  it(`a body over ${LIMITS.httpBodyMaxBytes} bytes is 413`, async () => {
    const response = await post(
      '/auth/signin',
      JSON.stringify({ username: 'x', password: 'y'.repeat(LIMITS.httpBodyMaxBytes) }),
    );
    expect(response.status).toBe(413);
    expect(errorOf(await response.json()).code).toBe('FRAME_TOO_LARGE');
  });

  it('a body that is not declared JSON is 400, and so is broken JSON', async () => {
    const wrongType = await post(
      '/auth/signin',
      JSON.stringify({ username: 'x', password: 'y' }),
      'text/plain',
    );
    expect(wrongType.status).toBe(400);
    expect(errorOf(await wrongType.json())).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/Content-Type/),
    });
    const broken = await post('/auth/signin', '{"username":');
    expect(broken.status).toBe(400);
    expect(errorOf(await broken.json()).code).toBe('BAD_REQUEST');
  });

  it('health answers; unknown routes are 404', async () => {
    const health = await fetch(`${server.url}${API_PREFIX}/health`);
    expect(await health.json()).toMatchObject({ ok: true, protocol: 1 });
    const missing = await fetch(`${server.url}${API_PREFIX}/nothing-here`);
    expect(missing.status).toBe(404);
    expect(errorOf(await missing.json()).code).toBe('NOT_FOUND');
  });
});
