import type {
  AppNotification,
  Conversation,
  Message,
  NotificationPrefs,
  NotificationType,
  UserSummary,
} from '../../../src-shared/domain.ts';
import { NOTIFICATION_TYPE_OF_KIND } from '../../../src-shared/domain.ts';
import { assertNever } from '../../../src-shared/errors.ts';
import type { Mute, NotificationPrivacy } from '../../../src-shared/ipc.ts';
import { isMuteActive } from './mute.ts';
import { withoutBidiControls } from './plain-text.ts';

export const APP_NAME = 'BeatPass Messenger';
const BODY_MAX_CHARS = 200;

export type NotifySubject =
  | { kind: 'message'; message: Message; conversation: Conversation | null; author: UserSummary | null }
  | { kind: 'app_notification'; notification: AppNotification };

export interface NotifyContext {
  meId: string;
  prefs: NotificationPrefs;
  privacy: NotificationPrivacy;
  doNotDisturb: Mute | null;
  /** The local mute of the conversation the subject belongs to, if any. */
  conversationMute: Mute | null;
  /** The conversation on screen, and whether the window has focus. */
  activeConversationId: string | null;
  windowFocused: boolean;
  /** The event came from catch-up after a reconnect, not live. */
  replayed: boolean;
  now: number;
}

export interface NotificationContent {
  /** One notification per conversation (a newer one replaces it); other kinds get their own tag. */
  tag: string;
  conversationId: string | null;
  title: string;
  body: string;
}

export type SkipReason = 'replayed' | 'own_message' | 'channel_off' | 'muted' | 'do_not_disturb' | 'viewing';
export type NotifyDecision =
  { show: true; content: NotificationContent } | { show: false; reason: SkipReason };

function typeOf(subject: NotifySubject): NotificationType {
  switch (subject.kind) {
    case 'message':
      return 'direct_messages';
    case 'app_notification':
      return NOTIFICATION_TYPE_OF_KIND[subject.notification.data.kind];
    default:
      return assertNever(subject, 'notification subject');
  }
}

function conversationIdOf(subject: NotifySubject): string | null {
  if (subject.kind === 'message') return subject.message.conversationId;
  const data = subject.notification.data;
  return data.kind === 'message_request' ? data.conversationId : null;
}

/** Whether an event should raise an OS notification, and if not, why not. Pure: every input is an argument. */
export function shouldNotify(subject: NotifySubject, context: NotifyContext): NotifyDecision {
  if (context.replayed) return { show: false, reason: 'replayed' };
  if (subject.kind === 'message' && subject.message.authorId === context.meId)
    return { show: false, reason: 'own_message' };
  if (!context.prefs[typeOf(subject)].desktop) return { show: false, reason: 'channel_off' };
  const conversationId = conversationIdOf(subject);
  if (conversationId !== null && isMuteActive(context.conversationMute, context.now))
    return { show: false, reason: 'muted' };
  if (isMuteActive(context.doNotDisturb, context.now)) return { show: false, reason: 'do_not_disturb' };
  if (conversationId !== null && context.windowFocused && context.activeConversationId === conversationId) {
    return { show: false, reason: 'viewing' };
  }
  return { show: true, content: notificationContent(subject, context.privacy) };
}

function truncate(text: string): string {
  const chars = [...text.trim()];
  return chars.length <= BODY_MAX_CHARS ? chars.join('') : `${chars.slice(0, BODY_MAX_CHARS - 1).join('')}…`;
}

function messageTitle(subject: Extract<NotifySubject, { kind: 'message' }>): string {
  const name = subject.author?.displayName ?? 'Someone';
  const title = subject.conversation?.title;
  return subject.conversation && subject.conversation.kind !== 'direct' && title
    ? `${name} in ${title}`
    : name;
}

function appNotificationText(notification: AppNotification): { name: string; label: string; full: string } {
  const data = notification.data;
  switch (data.kind) {
    case 'new_follower':
      return {
        name: data.follower.displayName,
        label: 'New follower',
        full: `${data.follower.displayName} followed you`,
      };
    case 'playlist_invite':
      return {
        name: data.from.displayName,
        label: 'Playlist invite',
        full: `${data.from.displayName} invited you to the playlist “${data.playlistName}”`,
      };
    case 'new_upload':
      return {
        name: data.producerName,
        label: 'New upload',
        full: `${data.producerName} uploaded “${data.title}”`,
      };
    case 'message_request':
      return {
        name: data.from.displayName,
        label: 'Message request',
        full: `${data.from.displayName} wants to message you`,
      };
    default:
      return assertNever(data, 'notification kind');
  }
}

/**
 * What the notification says, by privacy setting: name and message, the name only, or nothing but the
 * fact that something arrived. Bidi controls are removed: the OS draws this text, unisolated.
 */
export function notificationContent(
  subject: NotifySubject,
  privacy: NotificationPrivacy,
): NotificationContent {
  const content = contentFor(subject, privacy);
  return { ...content, title: withoutBidiControls(content.title), body: withoutBidiControls(content.body) };
}

function contentFor(subject: NotifySubject, privacy: NotificationPrivacy): NotificationContent {
  const conversationId = conversationIdOf(subject);
  const tag =
    conversationId !== null
      ? `conversation:${conversationId}`
      : `notification:${subject.kind === 'app_notification' ? subject.notification.id : ''}`;
  if (subject.kind === 'message') {
    switch (privacy) {
      case 'name_and_message':
        return { tag, conversationId, title: messageTitle(subject), body: truncate(subject.message.body) };
      case 'name_only':
        return { tag, conversationId, title: messageTitle(subject), body: 'New message' };
      case 'nothing':
        return { tag, conversationId, title: APP_NAME, body: 'New message' };
      default:
        return assertNever(privacy, 'privacy');
    }
  }
  const text = appNotificationText(subject.notification);
  switch (privacy) {
    case 'name_and_message':
      return { tag, conversationId, title: text.label, body: truncate(text.full) };
    case 'name_only':
      return { tag, conversationId, title: text.label, body: text.name };
    case 'nothing':
      return { tag, conversationId, title: APP_NAME, body: 'New notification' };
    default:
      return assertNever(privacy, 'privacy');
  }
}
