import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { UUID } from 'uuidv7';
import type { ConversationsTable, Database, MessagesTable } from '../store/schema.ts';
import { chatterLine } from './chatter.ts';
import type { Random } from './random.ts';
import type { ConversationScript } from './script.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface PlannedMessage {
  readonly authorId: string;
  readonly body: string;
  readonly createdAt: number;
}

/**
 * A UUIDv7 for a moment in the past, so seeded ids sort like their times just as live ones do (newId()
 * would stamp them all with the seeding moment).
 */
function idAt(ms: number): string {
  return UUID.fromFieldsV7(ms, randomInt(0x1000), randomInt(0x40000000), randomInt(0x100000000)).toString();
}

/**
 * Lays a script out in time, oldest first: scripted tail messages a minute or few apart ending
 * `endAgoMinutes` before `now`, and before them the filler in evening-session bursts reaching back days.
 */
export function planHistory(
  script: ConversationScript,
  ids: ReadonlyMap<string, string>,
  now: number,
  r: Random,
): PlannedMessage[] {
  const id = (username: string) => {
    const found = ids.get(username);
    if (!found) throw new Error(`demo seed: no id for ${username}`);
    return found;
  };
  const planned: PlannedMessage[] = [];
  let at = now - script.endAgoMinutes * MINUTE;
  for (let i = script.tail.length - 1; i >= 0; i--) {
    const [author, body] = script.tail[i] ?? ['demo', ''];
    planned.push({ authorId: id(author), body, createdAt: at });
    at -= r.int(40_000, 4 * MINUTE);
  }
  let previous = '';
  for (let i = 0; i < script.filler; i++) {
    // Mostly alternate speakers, as a real back-and-forth does, with the odd double message.
    const others = script.members.filter((m) => m !== previous);
    const author = r.chance(0.7) && others.length > 0 ? r.pick(others) : r.pick(script.members);
    previous = author;
    at -= r.chance(0.12) ? r.int(2 * HOUR, 16 * HOUR) : r.int(20_000, 6 * MINUTE);
    planned.push({ authorId: id(author), body: chatterLine(r), createdAt: at });
  }
  return planned.reverse();
}

/**
 * Writes a conversation's participants and history and leaves every invariant the live send path keeps:
 * the conversation's last_seq / last_message_id / last_activity_at, each author's read and delivered
 * watermarks at or past their own newest message, and `unread` messages from others after a reader's
 * watermark. A reader with unread messages has not been online since, so their delivered mark is their
 * read mark.
 */
export async function writeHistory(
  trx: Kysely<Database>,
  conversation: ConversationsTable,
  memberIds: readonly string[],
  messages: readonly PlannedMessage[],
  unread: ReadonlyMap<string, number> = new Map(),
): Promise<MessagesTable[]> {
  const rows: MessagesTable[] = messages.map((m, i) => ({
    id: idAt(m.createdAt),
    conversation_id: conversation.id,
    seq: i + 1,
    author_id: m.authorId,
    client_id: `demo-seed-${conversation.id}-${i + 1}`,
    body: m.body,
    created_at: m.createdAt,
    withheld_from: null,
  }));
  for (let i = 0; i < rows.length; i += 200) {
    await trx
      .insertInto('messages')
      .values(rows.slice(i, i + 200))
      .execute();
  }
  const last = rows.at(-1);
  const lastSeq = last?.seq ?? 0;
  if (last) {
    await trx
      .updateTable('conversations')
      .set({ last_seq: lastSeq, last_message_id: last.id, last_activity_at: last.created_at })
      .where('id', '=', conversation.id)
      .execute();
  }
  for (const userId of memberIds) {
    const ownLast = rows.findLast((m) => m.author_id === userId)?.seq ?? 0;
    const skipped = unread.get(userId) ?? 0;
    const unreadFromOthers = rows.slice(rows.length - skipped).every((m) => m.author_id !== userId);
    if (!unreadFromOthers)
      throw new Error(`demo seed: ${conversation.id} leaves a reader's own message unread`);
    const read = Math.max(ownLast, lastSeq - skipped);
    await trx
      .insertInto('participants')
      .values({
        conversation_id: conversation.id,
        user_id: userId,
        last_read_seq: read,
        delivered_seq: skipped > 0 ? read : lastSeq,
        marked_unread: 0,
        hidden: 0,
        joined_at: Number(conversation.created_at),
      })
      .execute();
  }
  return rows;
}

/** When a conversation with this plan was started: a little before its first message. */
export function startedAt(messages: readonly PlannedMessage[], fallback: number): number {
  return (messages[0]?.createdAt ?? fallback) - 10 * MINUTE;
}
