import { migration as coreTables } from './0001-core-tables.ts';
import { migration as outboxDrafts } from './0002-outbox-drafts.ts';
import { migration as messageSearch } from './0003-message-search.ts';
import { migration as invitedPeople } from './0004-invited-people.ts';
import { migration as failedOutboxIndex } from './0005-failed-outbox-index.ts';
import type { Migration } from './types.ts';

/** Every migration, in order. The schema version of this app is the last one's number. */
export const MIGRATIONS: readonly Migration[] = [
  coreTables,
  outboxDrafts,
  messageSearch,
  invitedPeople,
  failedOutboxIndex,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
