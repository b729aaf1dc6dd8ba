import type { ConversationView, LocalSettings, MuteDuration } from '../../../src-shared/ipc.ts';
import { assertNever } from '../../../src-shared/errors.ts';
import { isIncomingRequest } from '../../core/policy/badge.ts';
import { isMuteActive } from '../../core/policy/mute.ts';
import type { DndChoice, TrayConversation, TrayState } from './tray-model.ts';

/** A conversation's name as the list shows it: its title, or the other people in it. */
export function conversationTitle(conversation: ConversationView, meId: string | null): string {
  if (conversation.title) return conversation.title;
  const others = conversation.participants
    .filter((person) => person.id !== meId)
    .map((person) => person.displayName);
  return others.length > 0 ? others.join(', ') : 'Conversation';
}

/**
 * The tray's lists from the conversation views main already keeps: unread conversations (not muted, newest
 * first, with those holding a failed message of one's own whatever their mute) and incoming requests. Counting stays the core's job (`badge.changed`); this only picks names.
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
    const entry = {
      id: conversation.id,
      title: conversationTitle(conversation, meId),
      unread: conversation.unreadCount,
      failed: conversation.failedMessages,
    };
    if (meId !== null && isIncomingRequest(conversation, meId)) {
      pendingRequests.push(entry);
      continue;
    }
    // A message of one's own that did not go out is listed even in a muted conversation.
    if (conversation.failedMessages > 0) unreadConversations.push(entry);
    else if (isMuteActive(conversation.mute, now)) continue;
    else if (conversation.unreadCount > 0 || conversation.markedUnread) unreadConversations.push(entry);
  }
  return { unreadConversations, pendingRequests };
}

export function isDoNotDisturbOn(settings: Pick<LocalSettings, 'doNotDisturb'>, now: number): boolean {
  return isMuteActive(settings.doNotDisturb, now);
}

/** When "until tomorrow" ends: 08:00 local time on the next day (Slack's and Signal's reading of it). */
export const TOMORROW_MORNING_HOUR = 8;

export function tomorrowMorning(now: number): number {
  const date = new Date(now);
  date.setDate(date.getDate() + 1);
  date.setHours(TOMORROW_MORNING_HOUR, 0, 0, 0);
  return date.getTime();
}

/** The core's do-not-disturb request for a tray choice. */
export function dndRequest(
  choice: DndChoice,
  now: number,
): { duration: MuteDuration | 'off' } | { until: number } {
  switch (choice) {
    case 'off':
      return { duration: 'off' };
    case '1h':
      return { duration: '1h' };
    case '8h':
      return { duration: '8h' };
    case 'tomorrow':
      return { until: tomorrowMorning(now) };
    case 'on':
      return { duration: 'always' };
    default:
      return assertNever(choice, 'do-not-disturb choice');
  }
}
