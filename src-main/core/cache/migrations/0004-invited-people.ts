import type { Migration } from './types.ts';

/**
 * People invited to a group or team who have not answered yet (the server's `invited`, members' view).
 * They live beside the participants, flagged, so an unnamed group of invited people is named after them
 * rather than "Just you", and the header can say who is still to answer.
 */
export const migration: Migration = {
  version: 4,
  name: 'invited-people',
  up(db) {
    db.exec('ALTER TABLE participants ADD COLUMN invited INTEGER NOT NULL DEFAULT 0');
  },
};
