import type { ConversationView, LocalSettings, MuteDuration } from '../../../src-shared/ipc.ts';
import { assertNever } from '../../../src-shared/errors.ts';
import { isIncomingRequest } from '../../core/policy/badge.ts';
import { isMuteActive } from '../../core/policy/mute.ts';
import type { DndChoice, TrayConversation, TrayState } from './tray-model.ts';

/** A conversation's name as the list shows it: its title, or the other people in it. */
export function conversationTitle(conversation: ConversationView, meId: string | null): string {
  if (conversation.title) return conversation.title;
  const others = conversation.participants.filter((person) => person.id !== meId).map((person) => person.displayName);
  return others.length > 0 ? others.join(', ') : 'Conversation';
}

/**
 * The tray's lists from the conversation views main already keeps: unread conversations (not muted, newest
 * first) and incoming requests. Counting stays the core's job (`badge.changed`); this only picks names.
 */
export function trayConversations(
  conversations: Iterable<ConversationView>,
  meId: string | null,
  now: number,
): Pick<TrayState, 'unreadConversations' | 'pendingRequests'> {
  const sorted = [...conversations].sort((a, b) => b.lastActivityAt - a.lastActivityAt);
  const unreadConversations: TrayConversation[] = [];
  const pendingRequests: TrayConversation[] = [];
  for (const conversation of sorted) {
    const entry = { id: conversation.id, title: conversationTitle(conversation, meId), unread: conversation.unreadCount };
    if (meId !== null && isIncomingRequest(conversation, meId)) {
      pendingRequests.push(entry);
      continue;
    }
    if (isMuteActive(conversation.mute, now)) continue;
    if (conversation.unreadCount > 0 || conversation.markedUnread) unreadConversations.push(entry);
  }
  return { unreadConversations, pendingRequests };
}

export function isDoNotDisturbOn(settings: Pick<LocalSettings, 'doNotDisturb'>, now: number): boolean {
  return isMuteActive(settings.doNotDisturb, now);
}

/**
 * The core's do-not-disturb durations for a tray choice. "Until tomorrow" is the core's one-day duration:
 * the contract takes durations, not end times (noted in docs/desktop-shell.md).
 */
export function dndDuration(choice: DndChoice): MuteDuration | 'off' {
  switch (choice) {
    case 'off':
      return 'off';
    case '1h':
      return '1h';
    case '8h':
      return '8h';
    case 'tomorrow':
      return '1d';
    case 'on':
      return 'always';
    default:
      return assertNever(choice, 'do-not-disturb choice');
  }
}
