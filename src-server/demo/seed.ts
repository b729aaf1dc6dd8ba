import { defaultNotificationPrefs } from '../../src-shared/domain.ts';
import { createProducerPage } from '../admin/admin.ts';
import type { ServerContext } from '../context.ts';
import type { Work } from '../events/unit-of-work.ts';
import { createTeamConversation, directKey } from '../features/conversations/access.ts';
import { notify } from '../features/notifications/notify.ts';
import { loadUserSummary } from '../features/people/user-view.ts';
import { newId } from '../ids.ts';
import type { Db } from '../store/database.ts';
import type { ConversationsTable } from '../store/schema.ts';
import { DEMO_ACCOUNTS, DEMO_PAGES, DEMO_USERNAME } from './accounts.ts';
import type { DemoAccount, DemoPageSlug, DemoUsername } from './accounts.ts';
import { planHistory, startedAt, writeHistory } from './history.ts';
import { required } from './lookup.ts';
import { Random } from './random.ts';
import {
  DIRECT_SCRIPTS,
  GROUP_SCRIPT,
  GROUP_TITLE,
  REQUEST_AGO_MINUTES,
  REQUEST_BODY,
  REQUEST_FROM,
  TEAM_NAME,
  TEAM_SCRIPT,
} from './script.ts';
import type { ConversationScript } from './script.ts';
import { seedSocialGraph } from './social.ts';

type Ids = Map<DemoUsername, string>;

/**
 * Seeds the demo world once. The `demo` user is the marker: it is written in the last step, in the same
 * transaction as everything that involves it, so its presence means the seed completed. The earlier steps
 * (other accounts, producer pages) skip what exists, so a seed interrupted before that point simply runs
 * again on the next start.
 *
 * Returns false when the demo data was already there.
 */
export async function seedDemo(ctx: ServerContext): Promise<boolean> {
  if (await userId(ctx.db, DEMO_USERNAME)) return false;
  const now = Date.now();
  const hashes = new Map(
    await Promise.all(
      DEMO_ACCOUNTS.map(async (a) => [a.username, await ctx.passwords.hash(a.password)] as const),
    ),
  );
  const ids: Ids = new Map();
  for (const account of DEMO_ACCOUNTS) {
    if (account.username === DEMO_USERNAME) continue;
    ids.set(
      account.username,
      (await userId(ctx.db, account.username)) ?? (await insertUser(ctx.db, account, hashes, now)),
    );
  }
  const pages = await ensureProducerPages(ctx.db, ids);

  await ctx.work.run(async (w) => {
    const demo = DEMO_ACCOUNTS.find((a) => a.username === DEMO_USERNAME);
    if (!demo) throw new Error('demo seed: no demo account');
    ids.set(DEMO_USERNAME, await insertUser(w.trx, demo, hashes, now));
    const r = new Random(0xbea7);
    await seedSocialGraph(w, ids, pages, now);
    const group = await seedConversations(w, ids, now, r);
    await seedRequestAndNotifications(w, ids, pages, now);
    // One open report, so the moderator's feed has something to resolve.
    const kazoo = group.find((m) => m.body.includes('kazoo'));
    if (kazoo) {
      await w.trx
        .insertInto('reports')
        .values({
          id: newId(),
          kind: 'message',
          reporter_id: required(ids, 'zoe'),
          reported_user_id: kazoo.author_id,
          message_id: kazoo.id,
          reason: 'Reporting this in advance. Kazoo crimes.',
          status: 'open',
          created_at: now - 30 * 60_000,
          resolved_at: null,
          resolved_by: null,
          resolution_note: null,
        })
        .execute();
    }
  });
  ctx.log.info({ users: DEMO_ACCOUNTS.length }, 'demo data seeded');
  return true;
}

async function userId(db: Db, username: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return row?.id ?? null;
}

/** The same rows sign-up writes (user and default notification preferences), with a role set up front. */
async function insertUser(
  db: Db,
  account: DemoAccount,
  hashes: ReadonlyMap<string, string>,
  now: number,
): Promise<string> {
  const id = newId();
  const hash = hashes.get(account.username);
  if (!hash) throw new Error(`demo seed: no password hash for ${account.username}`);
  await db
    .insertInto('users')
    .values({
      id,
      username: account.username,
      display_name: account.displayName,
      password_hash: hash,
      role: account.role,
      email: null,
      community_muted: 0,
      event_seq: 0,
      // Members for a few weeks: profiles read "joined …" like real ones.
      created_at: now - 21 * 24 * 3_600_000,
    })
    .execute();
  await db
    .insertInto('notification_prefs')
    .values({ user_id: id, prefs: JSON.stringify(defaultNotificationPrefs()), updated_at: now })
    .execute();
  return id;
}

/** Through the admin module, which also makes a claimer a `producer` and tells them. */
async function ensureProducerPages(db: Db, ids: Ids): Promise<Map<DemoPageSlug, string>> {
  const pages = new Map<DemoPageSlug, string>();
  for (const page of DEMO_PAGES) {
    const existing = await db
      .selectFrom('producer_pages')
      .select('id')
      .where('slug', '=', page.slug)
      .executeTakeFirst();
    const claimedByUserId = page.owner ? required(ids, page.owner) : null;
    const id =
      existing?.id ??
      (await createProducerPage(db, { name: page.name, slug: page.slug, bio: page.bio, claimedByUserId })).id;
    pages.set(page.slug, id);
  }
  return pages;
}

/** Team chat, group, direct conversations with history. Returns the group's messages. */
async function seedConversations(w: Work, ids: Ids, now: number, r: Random) {
  const { trx } = w;
  const members = (script: ConversationScript) => script.members.map((m) => required(ids, m));
  const demoUnread = (script: ConversationScript) =>
    new Map([[required(ids, DEMO_USERNAME), script.demoUnread]]);

  const teamPlan = planHistory(TEAM_SCRIPT, ids, now, r);
  const teamCreated = startedAt(teamPlan, now);
  const teamId = newId();
  const owner = required(ids, 'kaito');
  await trx
    .insertInto('teams')
    .values({ id: teamId, name: TEAM_NAME, owner_id: owner, created_at: teamCreated })
    .execute();
  await trx
    .insertInto('team_members')
    .values(
      members(TEAM_SCRIPT).map((userId) => ({ team_id: teamId, user_id: userId, joined_at: teamCreated })),
    )
    .execute();
  const team = await createTeamConversation(trx, teamId, TEAM_NAME, owner, teamCreated);
  await writeHistory(trx, team, members(TEAM_SCRIPT), teamPlan, demoUnread(TEAM_SCRIPT));

  const groupPlan = planHistory(GROUP_SCRIPT, ids, now, r);
  const group = await insertConversation(w, {
    kind: 'group',
    title: GROUP_TITLE,
    createdBy: required(ids, 'zoe'),
    createdAt: startedAt(groupPlan, now),
  });
  const groupMessages = await writeHistory(
    trx,
    group,
    members(GROUP_SCRIPT),
    groupPlan,
    demoUnread(GROUP_SCRIPT),
  );

  for (const script of DIRECT_SCRIPTS) {
    const plan = planHistory(script, ids, now, r);
    const [a, b] = members(script);
    if (!a || !b) throw new Error(`demo seed: ${script.key} is not a pair`);
    const requester = plan[0]?.authorId ?? a;
    const conversation = await insertConversation(w, {
      kind: 'direct',
      directKey: directKey(a, b),
      status: 'accepted',
      requesterId: requester,
      createdBy: requester,
      createdAt: startedAt(plan, now),
    });
    await writeHistory(trx, conversation, [a, b], plan, demoUnread(script));
  }
  return groupMessages;
}

interface NewConversation {
  kind: 'direct' | 'group';
  title?: string;
  directKey?: string;
  status?: ConversationsTable['status'];
  requesterId?: string;
  createdBy: string;
  createdAt: number;
}

async function insertConversation(w: Work, c: NewConversation): Promise<ConversationsTable> {
  const row: ConversationsTable = {
    id: newId(),
    kind: c.kind,
    title: c.title ?? null,
    direct_key: c.directKey ?? null,
    team_id: null,
    status: c.status ?? 'accepted',
    requester_id: c.requesterId ?? null,
    created_by: c.createdBy,
    last_seq: 0,
    last_message_id: null,
    last_activity_at: c.createdAt,
    created_at: c.createdAt,
  };
  await w.trx.insertInto('conversations').values(row).execute();
  return row;
}

/** The pending request to the demo user, and the bell: request, new follower, new upload, playlist invite. */
async function seedRequestAndNotifications(
  w: Work,
  ids: Ids,
  pages: ReadonlyMap<DemoPageSlug, string>,
  now: number,
) {
  const demo = required(ids, DEMO_USERNAME);
  const rico = required(ids, REQUEST_FROM);
  const sentAt = now - REQUEST_AGO_MINUTES * 60_000;
  const request = await insertConversation(w, {
    kind: 'direct',
    directKey: directKey(rico, demo),
    status: 'pending',
    requesterId: rico,
    createdBy: rico,
    createdAt: sentAt - 60_000,
  });
  await writeHistory(
    w.trx,
    request,
    [rico, demo],
    [{ authorId: rico, body: REQUEST_BODY, createdAt: sentAt }],
    new Map([[demo, 1]]),
  );

  const summary = async (name: DemoUsername) => {
    const user = await loadUserSummary(w.trx, required(ids, name));
    if (!user) throw new Error(`demo seed: no summary for ${name}`);
    return user;
  };
  // The same records the live paths write (message send, follow, upload, playlist invite).
  await notify(w, demo, {
    kind: 'message_request',
    from: await summary(REQUEST_FROM),
    conversationId: request.id,
  });
  await notify(w, demo, { kind: 'new_follower', follower: await summary('zoe') });

  const producerPageId = required(pages, 'nova-waves');
  const uploadId = newId();
  const title = 'Midnight Drive (VIP)';
  await w.trx
    .insertInto('uploads')
    .values({ id: uploadId, producer_id: producerPageId, title, created_at: now - 3 * 3_600_000 })
    .execute();
  await notify(w, demo, { kind: 'new_upload', producerPageId, producerName: 'Nova Waves', uploadId, title });

  const playlistId = newId();
  const playlistName = 'Late Night Flips';
  await w.trx
    .insertInto('playlists')
    .values({
      id: playlistId,
      owner_id: required(ids, 'kaito'),
      name: playlistName,
      created_at: now - 3_600_000,
    })
    .execute();
  await notify(w, demo, { kind: 'playlist_invite', from: await summary('kaito'), playlistId, playlistName });
}
