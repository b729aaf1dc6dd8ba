import type { Me, UserSummary } from '../../src-shared/domain.ts';
import type { ConversationView, MessageView, Mute, SendState } from '../../src-shared/ipc.ts';
import { neutraliseBidi } from './bidi.ts';

/** Everyone in the conversation but the viewer. */
export function otherParticipants(conversation: ConversationView, meId: string | null): UserSummary[] {
  return conversation.participants.filter((p) => p.id !== meId);
}

/** The other person of a direct conversation. */
export function directPeer(conversation: ConversationView, meId: string | null): UserSummary | null {
  if (conversation.kind !== 'direct') return null;
  return otherParticipants(conversation, meId)[0] ?? null;
}

export function joinNames(names: readonly string[], max = 3): string {
  if (names.length === 0) return '';
  if (names.length === 1) return names[0] ?? '';
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const rest = names.length - (max - 1);
  return `${names.slice(0, max - 1).join(', ')} and ${rest} others`;
}

/** The conversation's name as shown everywhere (list, header, switcher, labels), bidi controls removed. */
export function conversationTitle(conversation: ConversationView, meId: string | null): string {
  if (conversation.title) return neutraliseBidi(conversation.title);
  // An unnamed group is named after everyone in it, people still invited included (after the members):
  // a group you just made of people who have not answered yet is theirs, not "Just you".
  const others = [...otherParticipants(conversation, meId), ...(conversation.invited ?? [])];
  if (others.length === 0) return 'Just you';
  return neutraliseBidi(joinNames(others.map((p) => p.displayName)));
}

/**
 * Up to two letters for an avatar: "Dana Lee" → "DL", "beatsmith" → "B", "Mia (Moderator)" → "MM". Only
 * words that start with a letter or digit count, so brackets, emoji and punctuation never become initials.
 */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((w) => /^[\p{L}\p{N}]/u.test(w));
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [words[0]];
  return letters
    .map((w) => (w ? ([...w][0] ?? '') : ''))
    .join('')
    .toUpperCase();
}

/** A stable hue bucket for an id, so each person keeps their avatar colour. */
export function avatarTone(id: string, tones = 8): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return hash % tones;
}

export function isMuteActive(mute: Mute | null | undefined, now: number): boolean {
  if (!mute) return false;
  return mute.until === null || mute.until > now;
}

export function isUnread(conversation: ConversationView): boolean {
  return conversation.unreadCount > 0 || conversation.markedUnread;
}

/** A message request to the viewer, or an invitation to a group or team they have not answered. */
export function isRequestForMe(conversation: ConversationView, meId: string | null): boolean {
  return conversation.status === 'pending' && conversation.requesterId !== meId;
}

/** An invitation to a group or team (a request whose conversation is not direct). */
export function isInvitationForMe(conversation: ConversationView, meId: string | null): boolean {
  return conversation.kind !== 'direct' && isRequestForMe(conversation, meId);
}

export function isWaitingForAcceptance(conversation: ConversationView, meId: string | null): boolean {
  return (
    conversation.kind === 'direct' && conversation.status === 'pending' && conversation.requesterId === meId
  );
}

/** The list row's preview of the last message: "You: …" for the viewer's own, the author's first name in groups. */
export function previewText(conversation: ConversationView, meId: string | null): string {
  const last = conversation.lastMessage;
  if (!last) {
    if (isInvitationForMe(conversation, meId)) return 'Invitation';
    if (isRequestForMe(conversation, meId)) return 'Message request';
    return conversation.kind === 'direct' ? 'No messages yet' : 'No messages yet: say hello';
  }
  const body = neutraliseBidi(last.body).replace(/\s+/g, ' ').trim();
  if (last.authorId === meId) return `You: ${body}`;
  if (conversation.kind !== 'direct') {
    const author = conversation.participants.find((p) => p.id === last.authorId);
    if (author) return `${firstName(author.displayName)}: ${body}`;
  }
  return body;
}

export function firstName(name: string): string {
  const clean = neutraliseBidi(name);
  return clean.trim().split(/\s+/)[0] ?? clean;
}

const STATE_RANK: Record<SendState, number> = { failed: -1, sending: 0, sent: 1, delivered: 2, seen: 3 };

/**
 * The state to show for one of the viewer's messages: what the message says, moved forward by the
 * conversation's receipt watermarks (which may have advanced since the message was last pushed).
 */
export function effectiveSendState(
  message: Pick<MessageView, 'seq' | 'state' | 'mine'>,
  conversation: Pick<ConversationView, 'othersDeliveredSeq' | 'othersReadSeq'>,
): SendState {
  if (!message.mine || message.seq === null) return message.state;
  let derived: SendState = 'sent';
  if (message.seq <= conversation.othersReadSeq) derived = 'seen';
  else if (message.seq <= conversation.othersDeliveredSeq) derived = 'delivered';
  return STATE_RANK[derived] > STATE_RANK[message.state] ? derived : message.state;
}

/** The state of the viewer's last message, for the list row (null when the last message is not theirs). */
export function lastMessageState(conversation: ConversationView, meId: string | null): SendState | null {
  const last = conversation.lastMessage;
  if (!last || last.authorId !== meId) return null;
  return effectiveSendState({ seq: last.seq, state: 'sent', mine: true }, conversation);
}

export type ComposerBlock =
  | { kind: 'request_received'; text: string }
  | { kind: 'waiting_for_acceptance'; text: string }
  | { kind: 'declined'; text: string }
  | { kind: 'team_disabled'; text: string }
  | { kind: 'community_muted'; text: string };

/** Why the viewer cannot send here right now, or null when they can. */
export function composerBlock(
  conversation: ConversationView,
  me: Pick<Me, 'id' | 'communityMuted'> | null,
): ComposerBlock | null {
  if (me?.communityMuted) {
    return {
      kind: 'community_muted',
      text: 'You have been muted by the moderators, so you cannot send messages for now.',
    };
  }
  if (conversation.disabledReason) return { kind: 'team_disabled', text: conversation.disabledReason };
  if (conversation.status === 'declined')
    return { kind: 'declined', text: 'This message request was declined.' };
  if (conversation.status === 'pending') {
    const peer = directPeer(conversation, me?.id ?? null);
    const name = peer ? firstName(peer.displayName) : 'They';
    if (conversation.requesterId !== me?.id) {
      return { kind: 'request_received', text: 'Accept the request to reply.' };
    }
    if (conversation.lastSeq > 0) {
      return {
        kind: 'waiting_for_acceptance',
        text: `Waiting for ${name} to accept your request. You can send more once they do.`,
      };
    }
  }
  return null;
}

/** "Dana is typing…", "Dana and Lee are typing…", "Several people are typing…". */
export function typingText(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}

/** Newest activity first; ties by id so the order is stable. */
export function compareConversations(a: ConversationView, b: ConversationView): number {
  return b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
