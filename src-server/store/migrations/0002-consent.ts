import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Consent: blocks, invitations to groups and teams, the receipts a blocked person may still see, and
 * messages withheld from someone who blocked their author.
 */
export const consent: Migration = {
  async up(db: Kysely<unknown>) {
    const id = 'text';
    const time = 'bigint';

    await db.schema
      .createTable('blocks')
      .addColumn('blocker_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('blocked_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('created_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('blocks_pk', ['blocker_id', 'blocked_id'])
      .execute();
    await db.schema.createIndex('blocks_blocked').on('blocks').column('blocked_id').execute();

    // One row per (conversation, person) once anyone invited them: pending until they answer; declined;
    // or left (they were a member and left or were removed: adding them again needs a new invitation).
    await db.schema
      .createTable('invitations')
      .addColumn('conversation_id', id, (c) => c.notNull().references('conversations.id'))
      .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('inviter_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('invitations_pk', ['conversation_id', 'user_id'])
      .execute();
    await db.schema.createIndex('invitations_user').on('invitations').columns(['user_id', 'state']).execute();

    // What `viewer_id` (someone `user_id` blocked) still sees of user_id's read and delivery watermarks in a
    // conversation they share: the values at the moment of the block.
    await db.schema
      .createTable('receipt_freezes')
      .addColumn('conversation_id', id, (c) => c.notNull().references('conversations.id'))
      .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('viewer_id', id, (c) => c.notNull().references('users.id'))
      .addColumn('read_seq', time, (c) => c.notNull())
      .addColumn('delivered_seq', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('receipt_freezes_pk', ['conversation_id', 'user_id', 'viewer_id'])
      .execute();

    // A message from someone the recipient blocked is stored (its author sees it sent) but never shown to them.
    await db.schema.alterTable('messages').addColumn('withheld_from', id).execute();
  },
};
