import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProducer } from '../../../support/admin.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import type { TestClient } from '../../../support/test-client.ts';
import { closeAll, signUpAs } from './helpers.ts';

/** A server of its own: the query "be" must meet only these people. */
let server: ServerProcess;
let viewer: TestClient;
let people: TestClient[];
beforeAll(async () => {
  server = await spawnServer();
  viewer = await signUpAs(server.url, 'viewer', 'Viewer');
  const kaito = await signUpAs(server.url, 'kaito', 'Kaito Tanaka');
  await createProducer(server, 'Kaito Beats', kaito);
  people = [
    kaito,
    await signUpAs(server.url, 'smithy', 'Beat Smith'),
    await signUpAs(server.url, 'bella_m', 'Mara Quinn'),
    await signUpAs(server.url, 'lou', 'Lou Bernard'),
    await signUpAs(server.url, 'rob', 'Robbe Nash'),
  ];
}, 60_000);
afterAll(async () => {
  await closeAll(viewer, ...people);
  await server.cleanup();
});

const namesFor = async (query: string) =>
  (await viewer.request('users.search', { query })).users.map((u) => u.displayName);

describe('users.search ranking', () => {
  it('ranks a prefix of the display name or username above a producer name or a later word', async () => {
    // Beat Smith (display name starts "be") and Mara Quinn (username "bella_m") first, then Lou Bernard (a
    // later word) and Kaito (his page "Kaito Beats"), then Robbe Nash (only inside a word).
    expect(await namesFor('be')).toEqual([
      'Beat Smith',
      'Mara Quinn',
      'Kaito Tanaka',
      'Lou Bernard',
      'Robbe Nash',
    ]);
  });

  it('keeps that order for someone the viewer follows: following breaks ties within a tier only', async () => {
    const kaito = people[0];
    if (!kaito) throw new Error('no Kaito');
    await viewer.request('users.follow', { userId: kaito.userId });
    const names = await namesFor('be');
    expect(names.indexOf('Beat Smith')).toBeLessThan(names.indexOf('Kaito Tanaka'));
    expect(names.indexOf('Kaito Tanaka')).toBeLessThan(names.indexOf('Lou Bernard'));
    await viewer.request('users.unfollow', { userId: kaito.userId });
  });
});
