import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../src-shared/limits.ts';
import { httpErrorSchema } from '../../../../src-shared/protocol.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { postFrom } from '../../../support/from-address.ts';
import type { HttpAnswer } from '../../../support/from-address.ts';

const ATTACKER = '127.0.0.2';
const OWNER = '127.0.0.3';
const PASSWORD = 'correct horse battery';

let server: ServerProcess;
/** The same server with a real argon2 cost (32 MiB), so a flood of sign-ins really queues for the 2 hashes. */
let slowHashing: ServerProcess;
beforeAll(async () => {
  [server, slowHashing] = await Promise.all([
    spawnServer(),
    spawnServer({ args: ['--password-memory-kib', String(32 * 1024)] }),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.cleanup(), slowHashing?.cleanup()]);
});

let names = 0;
async function owner(target = server): Promise<string> {
  const username = `owner${++names}${process.pid}`.slice(0, 32);
  const created = await postFrom(
    target.url,
    '/auth/signup',
    { username, displayName: 'Owner', password: PASSWORD },
    OWNER,
  );
  expect(created.status).toBe(201);
  return username;
}

const signIn = (username: string, password: string, from: string, target = server) =>
  postFrom(target.url, '/auth/signin', { username, password }, from);
const codeOf = (answer: HttpAnswer) =>
  answer.status === 200 ? 'ok' : httpErrorSchema.parse(answer.json).error.code;
const retryAfterOf = (answer: HttpAnswer) => httpErrorSchema.parse(answer.json).error.retryAfterMs ?? 0;

/** Tries again each time the server says when, until it answers something other than RATE_LIMITED. */
async function whenAllowed(attempt: () => Promise<HttpAnswer>): Promise<HttpAnswer> {
  for (;;) {
    const answer = await attempt();
    if (answer.status !== 429) return answer;
    await new Promise((resolve) => setTimeout(resolve, retryAfterOf(answer)));
  }
}

describe('sign-in abuse', () => {
  it('an attacker guessing one account’s password gets growing delays; the owner from another address gets in at once', async () => {
    const username = await owner();
    const free = LIMITS.signInFreeFailuresPerAccountAddress;
    for (let i = 0; i < free + 1; i++)
      expect(codeOf(await signIn(username, `guess ${i}`, ATTACKER))).toBe('INVALID_CREDENTIALS');

    const waiting = await signIn(username, 'guess again', ATTACKER);
    expect(waiting.status).toBe(429);
    expect(codeOf(waiting)).toBe('RATE_LIMITED');
    expect(retryAfterOf(waiting)).toBeGreaterThan(0);
    expect(retryAfterOf(waiting)).toBeLessThanOrEqual(LIMITS.signInDelayBaseMs);
    expect(waiting.headers['retry-after']).toBe('1');
    // Even the right password waits: nothing is hashed during a delay, so nothing can be learned.
    expect(codeOf(await signIn(username, PASSWORD, ATTACKER))).toBe('RATE_LIMITED');

    // The owner, elsewhere, is not slowed at all.
    const ownerIn = await signIn(username, PASSWORD, OWNER);
    expect(ownerIn.status).toBe(200);

    // After the delay one more guess is heard, and the next delay is twice as long.
    expect(codeOf(await whenAllowed(() => signIn(username, 'one more', ATTACKER)))).toBe(
      'INVALID_CREDENTIALS',
    );
    const longer = await signIn(username, 'and another', ATTACKER);
    expect(codeOf(longer)).toBe('RATE_LIMITED');
    expect(retryAfterOf(longer)).toBeGreaterThan(LIMITS.signInDelayBaseMs);
    expect(retryAfterOf(longer)).toBeLessThanOrEqual(2 * LIMITS.signInDelayBaseMs);

    // Never a lockout: once the delay is over, the right password works from that address too, and clears it.
    expect((await whenAllowed(() => signIn(username, PASSWORD, ATTACKER))).status).toBe(200);
    expect(codeOf(await signIn(username, 'typo', ATTACKER))).toBe('INVALID_CREDENTIALS');
  });

  it('100 concurrent sign-ins for unknown names from one address: the owner still gets in, and busy answers are not counted', async () => {
    const username = await owner(slowHashing);
    const flood = Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        signIn(`nobody${i}x${process.pid}`, 'whatever pass', '127.0.0.4', slowHashing),
      ),
    );
    const ownerIn = await signIn(username, PASSWORD, '127.0.0.5', slowHashing);
    const outcomes = (await flood).map(codeOf);
    expect(ownerIn.status).toBe(200);

    const counted = outcomes.filter((c) => c === 'INVALID_CREDENTIALS').length;
    const busy = outcomes.filter((c) => c === 'SERVER_BUSY').length;
    const waiting = outcomes.filter((c) => c === 'RATE_LIMITED').length;
    expect(counted + busy + waiting).toBe(100);
    // The per-address guard hears at most the free failures and one more; the hashing queue (2 at a time, 4
    // waiting per address) answers SERVER_BUSY to what it cannot hold, and those are given back.
    expect(counted).toBeLessThanOrEqual(LIMITS.signInFreeFailuresPerAddress + 1);
    expect(counted).toBeGreaterThanOrEqual(LIMITS.concurrentPasswordHashes);
    expect(busy).toBeGreaterThan(0);

    // Busy answers were given back: the address has exactly its unused free failures left (plus the one
    // that starts the delay), one at a time, before it must wait.
    const left = LIMITS.signInFreeFailuresPerAddress + 1 - counted;
    for (let i = 0; i < left; i++) {
      expect(
        codeOf(
          await signIn(
            `nobody-more${i}x${process.pid}`.slice(0, 32),
            'whatever pass',
            '127.0.0.4',
            slowHashing,
          ),
        ),
      ).toBe('INVALID_CREDENTIALS');
    }
    expect(codeOf(await signIn('nobody-last', 'whatever pass', '127.0.0.4', slowHashing))).toBe(
      'RATE_LIMITED',
    );
    // The address's failures never touch anyone else.
    expect((await signIn(username, PASSWORD, '127.0.0.6', slowHashing)).status).toBe(200);
  });
});

describe('sign-up abuse and the client address', () => {
  let limited: ServerProcess;
  beforeAll(async () => {
    limited = await spawnServer({ args: ['--sign-up-rate', '3', '--trust-proxy', '127.0.0.9'] });
  });
  afterAll(async () => {
    await limited?.cleanup();
  });

  const signUp = (from: string, headers: Record<string, string> = {}) =>
    postFrom(
      limited.url,
      '/auth/signup',
      { username: `new${++names}${process.pid}`.slice(0, 32), displayName: 'New', password: PASSWORD },
      from,
      headers,
    );

  it('allows 3 sign-ups per address per hour here (--sign-up-rate 3), then RATE_LIMITED; another address is unaffected', async () => {
    for (let i = 0; i < 3; i++) expect((await signUp('127.0.0.10')).status).toBe(201);
    const refused = await signUp('127.0.0.10');
    expect(refused.status).toBe(429);
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(retryAfterOf(refused)).toBeGreaterThan(0);
    expect(retryAfterOf(refused)).toBeLessThanOrEqual(LIMITS.signUpWindowMs);
    expect((await signUp('127.0.0.11')).status).toBe(201);
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    // Through the trusted proxy (127.0.0.9), each forwarded client has its own budget.
    for (let i = 0; i < 3; i++)
      expect((await signUp('127.0.0.9', { 'x-forwarded-for': '198.51.100.1' })).status).toBe(201);
    expect((await signUp('127.0.0.9', { 'x-forwarded-for': '198.51.100.1' })).status).toBe(429);
    expect((await signUp('127.0.0.9', { 'x-forwarded-for': '198.51.100.2' })).status).toBe(201);
    // Anyone else's header is ignored: a fresh forwarded address does not buy a fresh budget.
    for (let i = 0; i < 3; i++) {
      expect((await signUp('127.0.0.12', { 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(201);
    }
    expect((await signUp('127.0.0.12', { 'x-forwarded-for': '203.0.113.99' })).status).toBe(429);
  });
});
