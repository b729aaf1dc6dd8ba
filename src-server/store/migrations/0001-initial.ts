import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The whole first schema. Portable types only (text, bigint, integer), so it runs on SQLite and PostgreSQL. */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    const id = 'text';
    const time = 'bigint';

    await db.schema
      .createTable('users')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().defaultTo('user'))
      .addColumn('email', 'text')
      .addColumn('community_muted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('event_seq', time, (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('access_hash', 'text', (c) => c.notNull().unique())
      .addColumn('access_expires_at', time, (c) => c.notNull())
      .addColumn('refresh_hash', 'text', (c) => c.notNull().unique())
      .addColumn('refresh_expires_at', time, (c) => c.notNull())
      .addColumn('previous_refresh_hash', 'text')
      .addColumn('revoked_at', time)
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
    await db.schema
      .createIndex('sessions_previous_refresh')
      .on('sessions')
      .column('previous_refresh_hash')
      .execute();

    await db.schema
      .createTable('producer_pages')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('claimed_by_user_id', id, (c) => c.unique().references('users.id'))
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('user_follows')
      .addColumn('follower_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('followee_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('created_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('user_follows_pk', ['follower_id', 'followee_id'])
      .addCheckConstraint('user_follows_not_self', sql`follower_id <> followee_id`)
      .execute();
    await db.schema.createIndex('user_follows_followee').on('user_follows').column('followee_id').execute();

    await db.schema
      .createTable('producer_follows')
      .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('producer_id', id, (c) => c.notNull().references('producer_pages.id'))
      .addColumn('created_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('producer_follows_pk', ['user_id', 'producer_id'])
      .execute();
    await db.schema
      .createIndex('producer_follows_producer')
      .on('producer_follows')
      .column('producer_id')
      .execute();

    await db.schema
      .createTable('uploads')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('producer_id', id, (c) => c.notNull().references('producer_pages.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('playlists')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('owner_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('teams')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('owner_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('team_members')
      .addColumn('team_id', id, (c) => c.notNull().references('teams.id'))
      .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('joined_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
      .execute();
    await db.schema.createIndex('team_members_user').on('team_members').column('user_id').execute();

    await db.schema
      .createTable('conversations')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text')
      .addColumn('direct_key', 'text', (c) => c.unique())
      .addColumn('team_id', id, (c) => c.unique().references('teams.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('requester_id', id)
      .addColumn('created_by', id, (c) => c.notNull())
      .addColumn('last_seq', time, (c) => c.notNull().defaultTo(0))
      .addColumn('last_message_id', id)
      .addColumn('last_activity_at', time, (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('participants')
      .addColumn('conversation_id', id, (c) => c.notNull().references('conversations.id'))
      .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('last_read_seq', time, (c) => c.notNull().defaultTo(0))
      .addColumn('delivered_seq', time, (c) => c.notNull().defaultTo(0))
      .addColumn('marked_unread', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('joined_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('participants_pk', ['conversation_id', 'user_id'])
      .execute();
    await db.schema
      .createIndex('participants_user')
      .on('participants')
      .columns(['user_id', 'hidden'])
      .execute();

    await db.schema
      .createTable('messages')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('conversation_id', id, (c) => c.notNull().references('conversations.id'))
      .addColumn('seq', time, (c) => c.notNull())
      .addColumn('author_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addUniqueConstraint('messages_conversation_seq', ['conversation_id', 'seq'])
      .addUniqueConstraint('messages_author_client', ['author_id', 'client_id'])
      .execute();

    await db.schema
      .createTable('events')
      .addColumn('user_id', id, (c) => c.notNull())
      .addColumn('seq', time, (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('events_pk', ['user_id', 'seq'])
      .execute();

    await db.schema
      .createTable('reports')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('reporter_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('reported_user_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('message_id', id, (c) => c.references('messages.id'))
      .addColumn('reason', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('resolved_at', time)
      .addColumn('resolved_by', id)
      .addColumn('resolution_note', 'text')
      .execute();
    // One report per message per reporter, ever; one open report per reported user per reporter.
    await db.schema
      .createIndex('reports_unique_message')
      .on('reports')
      .columns(['reporter_id', 'message_id'])
      .unique()
      .where(sql<boolean>`kind = 'message'`)
      .execute();
    await db.schema
      .createIndex('reports_unique_open_user')
      .on('reports')
      .columns(['reporter_id', 'reported_user_id'])
      .unique()
      .where(sql<boolean>`kind = 'user' and status = 'open'`)
      .execute();
    await db.schema.createIndex('reports_status').on('reports').columns(['status', 'created_at']).execute();

    await db.schema
      .createTable('notification_prefs')
      .addColumn('user_id', id, (c) => c.primaryKey().references('users.id'))
      .addColumn('prefs', 'text', (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('notifications')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('read_at', time)
      .execute();
    await db.schema
      .createIndex('notifications_user')
      .on('notifications')
      .columns(['user_id', 'id'])
      .execute();
  },
};
