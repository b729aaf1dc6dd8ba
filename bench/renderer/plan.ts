import { randomInt } from 'node:crypto';
import { UUID } from 'uuidv7';
import type { Message } from '../../src-shared/domain.ts';
import { chatterLine } from '../../src-server/demo/chatter.ts';
import { Random } from '../../src-server/demo/random.ts';

/** The renderer bench's world: one signed-in producer with 5,000 conversations and 100,000 messages. */
export const CONVERSATIONS = 5_000;
export const MESSAGES = 100_000;
/** Messages in the newest conversation, the one whose history is scrolled end to end. */
export const BIG_CONVERSATION = 10_000;
/** Conversations 1…BUSY (by activity) hold BUSY_MESSAGES each: the ones opened, so each opens a full page. */
export const BUSY = 60;
export const BUSY_MESSAGES = 500;

export interface PlanUser {
  id: string;
  username: string;
  displayName: string;
}

export interface PlanConversation {
  id: string;
  kind: 'direct' | 'group';
  title: string | null;
  /** The signed-in user first. */
  members: PlanUser[];
  createdAt: number;
  /** Oldest first, seq 1…n. */
  messages: Message[];
  /** The newest `unread` messages are from others and unread by the signed-in user. */
  unread: number;
}

export interface Plan {
  me: PlanUser;
  peers: PlanUser[];
  /** Newest activity first: index 0 is the top of the list. */
  conversations: PlanConversation[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const FIRST = [
  'Ava',
  'Marco',
  'Dana',
  'Kofi',
  'Lena',
  'Ravi',
  'Sofia',
  'Jonah',
  'Mei',
  'Theo',
  'Nia',
  'Owen',
  'Priya',
  'Luca',
  'Zoe',
  'Amir',
];
const LAST = [
  'Lee',
  'Rossi',
  'Okafor',
  'Kim',
  'Novak',
  'Patel',
  'Garcia',
  'Brooks',
  'Chen',
  'Weber',
  'Diaz',
  'Moreau',
  'Silva',
  'Haddad',
];
const GROUPS = [
  'Beat swap',
  'Mix feedback',
  'Sample pack crew',
  'Friday cypher',
  'Label A&R',
  'Drum kit collab',
  'Vocal session',
];

/** Client ids carry the conversation's position and the seq, so the bench can find any message's row. */
export function clientIdOf(conversationIndex: number, seq: number): string {
  return `b${conversationIndex}-${seq}`;
}

/** A UUIDv7 for a moment in the past, so ids sort like their times (as the demo seed does). */
function idAt(ms: number): string {
  return UUID.fromFieldsV7(ms, randomInt(0x1000), randomInt(0x40000000), randomInt(0x100000000)).toString();
}

function messageCount(index: number): number {
  if (index === 0) return BIG_CONVERSATION;
  if (index <= BUSY) return BUSY_MESSAGES;
  const rest = MESSAGES - BIG_CONVERSATION - BUSY * BUSY_MESSAGES;
  const quiet = CONVERSATIONS - 1 - BUSY;
  const base = Math.floor(rest / quiet);
  return base + (index - BUSY - 1 < rest - base * quiet ? 1 : 0);
}

/** Small talk, with one message in ten a longer paragraph (so history rows have different heights). */
function body(r: Random): string {
  if (!r.chance(0.1)) return chatterLine(r);
  const lines = Array.from({ length: r.int(3, 7) }, () => chatterLine(r));
  return r.chance(0.5) ? lines.join('. ') : lines.join('\n');
}

/**
 * The same world every run (a seeded generator; only ids and "now" differ): conversation i's newest
 * message is i × 7 minutes old; one in eight is a group of three or four; one in six has 1–4 unread.
 */
export function makePlan(now: number, me: PlanUser): Plan {
  const r = new Random(0x5eed);
  const peers: PlanUser[] = Array.from({ length: CONVERSATIONS }, (_, i) => ({
    id: idAt(now - 400 * 24 * HOUR + i),
    username: `peer${String(i).padStart(4, '0')}`,
    displayName: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`,
  }));
  const conversations: PlanConversation[] = [];
  for (let i = 0; i < CONVERSATIONS; i++) {
    const group = i % 8 === 5;
    const others = group
      ? [peers[i], peers[(i + 1) % CONVERSATIONS], ...(i % 16 === 5 ? [peers[(i + 2) % CONVERSATIONS]] : [])]
      : [peers[i]];
    const members = [me, ...others.filter((p) => p !== undefined)];
    const count = messageCount(i);
    const unread = i % 6 === 3 ? 1 + (i % 4) : 0;
    const times: number[] = [];
    let at = now - i * 7 * MINUTE - MINUTE;
    for (let k = 0; k < count; k++) {
      times.push(at);
      at -= r.chance(0.12) ? r.int(2 * HOUR, 16 * HOUR) : r.int(20_000, 6 * MINUTE);
    }
    times.reverse();
    const id = idAt(times[0]! - 10 * MINUTE);
    let previous = me;
    const messages: Message[] = times.map((createdAt, k) => {
      const seq = k + 1;
      const mustBeOther = seq > count - unread;
      const author = mustBeOther
        ? r.pick(members.slice(1))
        : r.chance(0.7)
          ? r.pick(members.filter((m) => m !== previous))
          : r.pick(members);
      previous = author;
      return {
        id: idAt(createdAt),
        conversationId: id,
        seq,
        authorId: author.id,
        clientId: clientIdOf(i, seq),
        body: body(r),
        createdAt,
      };
    });
    conversations.push({
      id,
      kind: group ? 'group' : 'direct',
      title: group ? `${r.pick(GROUPS)} ${i}` : null,
      members,
      createdAt: times[0]! - 10 * MINUTE,
      messages,
      unread,
    });
  }
  return { me, peers, conversations };
}

/** The list's first page as the renderer asks for it (src-renderer/model/conversations-model.ts). */
export const FIRST_PAGE = 60;
