import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../../src-server/events/bus.ts';
import { UnitOfWorkRunner } from '../../../src-server/events/unit-of-work.ts';
import type { Work } from '../../../src-server/events/unit-of-work.ts';
import {
  readForSendInOneQuery,
  readForSendOneByOne,
} from '../../../src-server/features/messages/send-reads.ts';
import type { SendReads } from '../../../src-server/features/messages/send-reads.ts';
import { openDatabase } from '../../../src-server/store/database.ts';
import type { OpenedDatabase } from '../../../src-server/store/database.ts';
import { freshTestStore, testStoreKind } from '../../support/test-store.ts';
import type { ServerStore } from '../../support/test-store.ts';
import { bareUserRows } from '../../support/user-rows.ts';

/**
 * What a send checks before it stores (features/messages/send-reads.ts): the conversation, its
 * participants, the author's community mute and the blocks either way. Read one by one where the read
 * memo answers (SQLite in a group commit), in one query where every read is a round trip (PostgreSQL):
 * both ways must give the same answers. Both run here on the store of this test project (SQLite, or
 * PostgreSQL in `integration-postgres`), inside real units of work.
 */
let store: OpenedDatabase;
let runner: UnitOfWorkRunner;
let testStore: ServerStore;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'send-reads-'));
  testStore = await freshTestStore();
  store = await openDatabase(testStore.database ?? join(dir, 'server.sqlite'));
  runner = new UnitOfWorkRunner(
    store.db,
    store.dialect,
    new InProcessBus(),
    undefined,
    null,
    store.durability,
  );
  const db = store.db;
  await db
    .insertInto('users')
    .values(bareUserRows(['ana', 'ben', 'cy', 'mo', 'tia']))
    .execute();
  await db.updateTable('users').set({ community_muted: 1 }).where('id', '=', 'mo').execute();
  const conversation = (id: string, kind: 'direct' | 'group' | 'team', teamId: string | null = null) => ({
    id,
    kind,
    title: kind === 'direct' ? null : id,
    direct_key: kind === 'direct' ? id : null,
    team_id: teamId,
    status: 'accepted' as const,
    requester_id: null,
    created_by: 'ana',
    last_seq: 3,
    last_message_id: null,
    last_activity_at: 10,
    created_at: 1,
  });
  // One team per way of reading (a team has one chat), each chat still without Tia.
  await db
    .insertInto('teams')
    .values(['t1', 't2'].map((id) => ({ id, name: id, owner_id: 'ana', created_at: 1 })))
    .execute();
  await db
    .insertInto('team_members')
    .values(
      ['t1', 't2'].flatMap((team_id) =>
        ['ana', 'tia'].map((user_id) => ({ team_id, user_id, joined_at: 1 })),
      ),
    )
    .execute();
  await db
    .insertInto('conversations')
    .values([
      conversation('ana-ben', 'direct'),
      conversation('ana-mo', 'direct'),
      conversation('trio', 'group'),
      conversation('crew-one-by-one', 'team', 't1'),
      conversation('crew-in-one-query', 'team', 't2'),
    ])
    .execute();
  const member = (conversation_id: string, user_id: string) => ({
    conversation_id,
    user_id,
    last_read_seq: 2,
    delivered_seq: 3,
    marked_unread: 0,
    hidden: 0,
    joined_at: 1,
  });
  await db
    .insertInto('participants')
    .values([
      member('ana-ben', 'ana'),
      member('ana-ben', 'ben'),
      member('ana-mo', 'ana'),
      member('ana-mo', 'mo'),
      member('trio', 'ana'),
      member('trio', 'ben'),
      member('trio', 'mo'),
      // Tia is in the team but not yet in its chats: the read brings a chat in line first.
      member('crew-one-by-one', 'ana'),
      member('crew-in-one-query', 'ana'),
    ])
    .execute();
  await db.insertInto('blocks').values({ blocker_id: 'ben', blocked_id: 'ana', created_at: 1 }).execute();
});

afterAll(async () => {
  await store.close();
  await testStore.drop();
  rmSync(dir, { recursive: true, force: true });
});

const ways = {
  'one by one': readForSendOneByOne,
  'in one query': readForSendInOneQuery,
} satisfies Record<string, (w: Work, userId: string, conversationId: string) => Promise<SendReads>>;

/** The reads, with the blocks towards each other participant, as plain values. */
async function read(way: keyof typeof ways, userId: string, conversationId: string) {
  return runner.run(async (w) => {
    const reads = await ways[way](w, userId, conversationId);
    const { conversation, participant, participants } = reads.membership;
    const others = participants.map((p) => p.user_id).filter((id) => id !== userId);
    const blocks = Object.fromEntries(
      await Promise.all(others.map(async (other) => [other, await reads.blocksWith(other)] as const)),
    );
    return {
      conversation: { id: conversation.id, kind: conversation.kind, lastSeq: Number(conversation.last_seq) },
      participant: { userId: participant.user_id, lastRead: Number(participant.last_read_seq) },
      participants: participants.map((p) => p.user_id).sort(),
      authorMuted: reads.authorMuted,
      blocks,
    };
  });
}

describe.each(Object.keys(ways) as (keyof typeof ways)[])(`send reads, %s (${testStoreKind()})`, (way) => {
  it('reads the conversation, the author and the blocks either way in a direct conversation', async () => {
    expect(await read(way, 'ana', 'ana-ben')).toEqual({
      conversation: { id: 'ana-ben', kind: 'direct', lastSeq: 3 },
      participant: { userId: 'ana', lastRead: 2 },
      participants: ['ana', 'ben'],
      authorMuted: false,
      blocks: { ben: { aBlockedB: false, bBlockedA: true } },
    });
    expect((await read(way, 'ben', 'ana-ben')).blocks).toEqual({
      ana: { aBlockedB: true, bBlockedA: false },
    });
  });

  it("says when the author is muted in the community, and reads each participant's blocks in a group", async () => {
    expect((await read(way, 'mo', 'ana-mo')).authorMuted).toBe(true);
    expect(await read(way, 'ben', 'trio')).toMatchObject({
      participants: ['ana', 'ben', 'mo'],
      authorMuted: false,
      blocks: { ana: { aBlockedB: true, bBlockedA: false }, mo: { aBlockedB: false, bBlockedA: false } },
    });
  });

  it('answers NOT_FOUND for a conversation that does not exist and for one the author is not in', async () => {
    await expect(read(way, 'ana', 'nowhere')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(read(way, 'cy', 'ana-ben')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('brings a team chat in line with the team first, so a member not yet in it can send', async () => {
    const chat = `crew-${way.replaceAll(' ', '-')}`;
    expect(await read(way, 'tia', chat)).toMatchObject({
      conversation: { id: chat, kind: 'team' },
      participant: { userId: 'tia' },
      participants: ['ana', 'tia'],
    });
  });
});
