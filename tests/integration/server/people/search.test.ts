import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../src-shared/limits.ts';
import { createProducer } from '../../../support/admin.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { signUpClient } from '../../../support/test-client.ts';
import { closeAll, signUpAs, token } from './helpers.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server.cleanup();
});

describe('me.get', () => {
  it('returns the signed-in user', async () => {
    const alice = await signUpClient(server.url, 'alice');
    const { me } = await alice.request('me.get', {});
    expect(me).toEqual(alice.auth.me);
    expect(me).toMatchObject({
      role: 'user',
      communityMuted: false,
      producerPageId: null,
      producerName: null,
    });
    await alice.close();
  });
});

describe('users.search', () => {
  it('rejects a one-character query, counted after trimming, with QUERY_TOO_SHORT', async () => {
    const alice = await signUpClient(server.url, 'alice');
    await alice.expectError('users.search', { query: 'a' }, 'QUERY_TOO_SHORT');
    await alice.expectError('users.search', { query: '  b  ' }, 'QUERY_TOO_SHORT');
    await alice.expectError('users.search', { query: '🎵' }, 'QUERY_TOO_SHORT');
    await alice.close();
  });

  it('a blank or whitespace query suggests followed users first (latest follow first), never yourself', async () => {
    const me = await signUpClient(server.url, 'me');
    const carol = await signUpClient(server.url, 'carol');
    const dave = await signUpClient(server.url, 'dave');
    // Someone newer who is not followed: newest accounts come after followed ones.
    const newest = await signUpClient(server.url, 'newest');
    await me.request('users.follow', { userId: carol.userId });
    await me.request('users.follow', { userId: dave.userId });

    for (const query of ['', '   ']) {
      const { users } = await me.request('users.search', { query });
      expect(users.slice(0, 2).map((u) => u.id)).toEqual([dave.userId, carol.userId]);
      expect(users.map((u) => u.id)).toContain(newest.userId);
      expect(users.map((u) => u.id)).not.toContain(me.userId);
      expect(users.length).toBeLessThanOrEqual(LIMITS.userSearchMaxResults);
    }
    await closeAll(me, carol, dave, newest);
  });

  it('matches display name, username and claimed producer page name, case-insensitively', async () => {
    const tok = token();
    const searcher = await signUpClient(server.url, 'searcher');
    const byName = await signUpAs(server.url, `n${token()}`, `Singer ${tok.toUpperCase()}`);
    const byUsername = await signUpAs(server.url, `u_${tok}`, 'Plain Person');
    const producer = await signUpAs(server.url, `p${token()}`, 'Quiet Person');
    const unclaimedName = `Beat${tok}Lab`;
    await createProducer(server, `Beat${tok}Lab`, producer);
    await createProducer(server, `${unclaimedName} Unclaimed`);

    const { users } = await searcher.request('users.search', { query: tok.slice(1, 7).toUpperCase() });
    expect(new Set(users.map((u) => u.id))).toEqual(
      new Set([byName.userId, byUsername.userId, producer.userId]),
    );
    expect(users.find((u) => u.id === producer.userId)).toMatchObject({ producerName: `Beat${tok}Lab` });

    const { users: byProducerName } = await searcher.request('users.search', { query: `beat${tok}` });
    expect(byProducerName.map((u) => u.id)).toEqual([producer.userId]);
    await closeAll(searcher, byName, byUsername, producer);
  });

  it('ranks exact matches, then name or username prefixes, then later-word prefixes, then other matches; followed people first within each', async () => {
    const tok = token();
    const searcher = await signUpClient(server.url, 'searcher');
    const middle = await signUpAs(server.url, `m${token()}`, `Mid${tok}dle`);
    const prefix = await signUpAs(server.url, `p${token()}`, `${tok}son`);
    const wordPrefix = await signUpAs(server.url, `w${token()}`, `Ann ${tok}berg`);
    const exact = await signUpAs(server.url, tok, 'Dee');
    await searcher.request('users.follow', { userId: middle.userId });
    await searcher.request('users.follow', { userId: wordPrefix.userId });

    const { users } = await searcher.request('users.search', { query: tok.toUpperCase() });
    // Following lifts a person within their tier, never above another: the name prefix stays before the
    // followed later-word prefix (search-ranking.test.ts has the producer-name case).
    expect(users.map((u) => u.id)).toEqual([exact.userId, prefix.userId, wordPrefix.userId, middle.userId]);
    await closeAll(searcher, middle, prefix, wordPrefix, exact);
  });

  it(`returns at most ${LIMITS.userSearchMaxResults} results`, async () => {
    const tok = token();
    const searcher = await signUpClient(server.url, 'searcher');
    const many = [];
    for (let i = 0; i < LIMITS.userSearchMaxResults + 2; i++)
      many.push(await signUpAs(server.url, `x${token()}`, `Many ${tok} ${i}`));
    const { users } = await searcher.request('users.search', { query: tok });
    expect(users).toHaveLength(LIMITS.userSearchMaxResults);
    await closeAll(searcher, ...many);
  });

  it('treats % and _ as ordinary characters, not wildcards', async () => {
    const tok = token();
    const searcher = await signUpClient(server.url, 'searcher');
    const literal = await signUpAs(server.url, `l${token()}`, `x%_${tok}`);
    const lookalike = await signUpAs(server.url, `k${token()}`, `xab${tok}`);

    expect((await searcher.request('users.search', { query: `%_${tok}` })).users.map((u) => u.id)).toEqual([
      literal.userId,
    ]);
    expect((await searcher.request('users.search', { query: `x_b${tok}` })).users).toEqual([]);
    expect((await searcher.request('users.search', { query: `x%${tok}` })).users).toEqual([]);
    await closeAll(searcher, literal, lookalike);
  });

  it('never returns yourself', async () => {
    const tok = token();
    const me = await signUpAs(server.url, `me_${tok}`, `Me ${tok}`);
    const other = await signUpAs(server.url, `other_${tok}`, `Other ${tok}`);
    const { users } = await me.request('users.search', { query: tok });
    expect(users.map((u) => u.id)).toEqual([other.userId]);
    await closeAll(me, other);
  });
});
