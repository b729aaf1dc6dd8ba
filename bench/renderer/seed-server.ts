import Database from 'better-sqlite3';
import type { Plan } from './plan.ts';

/**
 * Writes the plan into the server's SQLite file (the server stopped, its schema already created by a first
 * start) with prepared statements in one transaction, leaving the invariants the live send path keeps
 * (as src-server/demo/history.ts does): each conversation's last_seq / last_message_id / last_activity_at;
 * everyone's read and delivered marks at the newest message, except before the signed-in user's unread
 * tail (not online since, so delivered = read).
 * The other people are rows only (they never sign in, so their password hash is a placeholder).
 */
export function seedServer(file: string, plan: Plan): void {
  const db = new Database(file);
  try {
    const user = db.prepare(
      `INSERT INTO users (id, username, display_name, password_hash, role, email, community_muted, event_seq, created_at)
       VALUES (?, ?, ?, '!bench', 'user', NULL, 0, 0, ?)`,
    );
    const conversation = db.prepare(
      `INSERT INTO conversations (id, kind, title, direct_key, team_id, status, requester_id, created_by, last_seq, last_message_id, last_activity_at, created_at)
       VALUES (?, ?, ?, ?, NULL, 'accepted', ?, ?, ?, ?, ?, ?)`,
    );
    const participant = db.prepare(
      `INSERT INTO participants (conversation_id, user_id, last_read_seq, delivered_seq, marked_unread, hidden, joined_at)
       VALUES (?, ?, ?, ?, 0, 0, ?)`,
    );
    const message = db.prepare(
      'INSERT INTO messages (id, conversation_id, seq, author_id, client_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (const peer of plan.peers) user.run(peer.id, peer.username, peer.displayName, 0);
      for (const c of plan.conversations) {
        const last = c.messages.at(-1);
        const lastSeq = last?.seq ?? 0;
        const [first, second] = c.members;
        const directKey =
          c.kind === 'direct' && first && second ? [first.id, second.id].sort().join(':') : null;
        conversation.run(
          c.id,
          c.kind,
          c.title,
          directKey,
          plan.me.id,
          plan.me.id,
          lastSeq,
          last?.id ?? null,
          last?.createdAt ?? c.createdAt,
          c.createdAt,
        );
        for (const member of c.members) {
          const read = member.id === plan.me.id ? lastSeq - c.unread : lastSeq;
          participant.run(c.id, member.id, read, read, c.createdAt);
        }
        for (const m of c.messages)
          message.run(m.id, m.conversationId, m.seq, m.authorId, m.clientId, m.body, m.createdAt);
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
