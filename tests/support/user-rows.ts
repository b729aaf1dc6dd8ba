import type { UsersTable } from '../../src-server/store/schema.ts';

/** Bare `users` rows (id = username = display name, no events yet), for tests of the store underneath. */
export function bareUserRows(ids: readonly string[]): UsersTable[] {
  return ids.map((id) => ({
    id,
    username: id,
    display_name: id,
    password_hash: 'x',
    role: 'user' as const,
    email: null,
    community_muted: 0,
    event_seq: 0,
    created_at: 0,
  }));
}
