import { z } from 'zod';
import { NOTIFICATION_CHANNELS, NOTIFICATION_TYPES } from './constants.ts';

/**
 * The nouns the server and the app share. Identifiers are UUIDv7 strings (time-ordered, so indexes stay
 * compact); times are integer milliseconds since the epoch, set by the server.
 */
export const idSchema = z.string().min(1).max(64);
export const timestampSchema = z.number().int().nonnegative();

export const ROLES = ['user', 'producer', 'moderator'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const userSummarySchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  /** The producer page this account has claimed, if any (its name shows in search and profiles). */
  producerPageId: idSchema.nullable(),
  producerName: z.string().nullable(),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

/** The signed-in user, with what only they (and moderators) may see. */
export const meSchema = userSummarySchema.extend({
  communityMuted: z.boolean(),
  createdAt: timestampSchema,
});
export type Me = z.infer<typeof meSchema>;

export const userProfileSchema = userSummarySchema.extend({
  followersCount: z.number().int().nonnegative(),
  followingCount: z.number().int().nonnegative(),
  /** The viewer follows this user. */
  followedByMe: z.boolean(),
  /** This user follows the viewer. */
  followsMe: z.boolean(),
  /** Shown to moderators only; false for everyone else. */
  communityMuted: z.boolean(),
  createdAt: timestampSchema,
  /** The viewer has blocked this user (only the viewer's own blocks are ever shown). */
  blockedByMe: z.boolean().optional(),
});
export type UserProfile = z.infer<typeof userProfileSchema>;

export const producerPageSchema = z.object({
  id: idSchema,
  name: z.string(),
  slug: z.string(),
  bio: z.string(),
  /** The user account that claimed this page; only claimed pages show a Message button. */
  claimedBy: userSummarySchema.nullable(),
  followersCount: z.number().int().nonnegative(),
  /** The viewer follows (likes) this producer. */
  followedByMe: z.boolean(),
});
export type ProducerPage = z.infer<typeof producerPageSchema>;

export const CONVERSATION_KINDS = ['direct', 'group', 'team'] as const;
export const conversationKindSchema = z.enum(CONVERSATION_KINDS);
export type ConversationKind = z.infer<typeof conversationKindSchema>;

export const REQUEST_STATUSES = ['pending', 'accepted', 'declined'] as const;
export const requestStatusSchema = z.enum(REQUEST_STATUSES);
export type RequestStatus = z.infer<typeof requestStatusSchema>;

/**
 * A message as stored by the server. `seq` orders messages within a conversation (1, 2, 3, …); clocks
 * never decide order. `clientId` is the sender's idempotency key.
 */
export const messageSchema = z.object({
  id: idSchema,
  conversationId: idSchema,
  seq: z.number().int().positive(),
  authorId: idSchema,
  clientId: z.string(),
  body: z.string(),
  createdAt: timestampSchema,
});
export type Message = z.infer<typeof messageSchema>;

/**
 * A conversation as one user sees it: read state, hidden state and receipts are the viewer's.
 *
 * Receipts are kept as sequence watermarks rather than per-message flags: a message of the viewer's with
 * `seq <= othersReadSeq` has been read by every other participant (the "read flag"), and with
 * `seq <= othersDeliveredSeq` delivered to all of them.
 */
export const conversationSchema = z.object({
  id: idSchema,
  kind: conversationKindSchema,
  /** Group title or team name; null for a direct conversation and an untitled group. */
  title: z.string().nullable(),
  participants: z.array(userSummarySchema),
  /**
   * Direct conversations start `pending` until the request is accepted. A group or team the viewer was
   * invited to (and has not joined) is `pending` for them; otherwise groups and teams are `accepted`.
   */
  status: requestStatusSchema,
  /** Who sent the request of a direct conversation, or who invited the viewer to a group or team. */
  requesterId: idSchema.nullable(),
  teamId: idSchema.nullable(),
  /** Set when sending is blocked for everyone (a team chat with fewer than two members). */
  disabledReason: z.string().nullable(),
  lastMessage: messageSchema.nullable(),
  /** Time of the latest message, or of creation when there is none: the list's sort key. */
  lastActivityAt: timestampSchema,
  /** The latest conversation sequence number (0 when empty). */
  lastSeq: z.number().int().nonnegative(),
  /** Messages from others after the viewer's read watermark. */
  unreadCount: z.number().int().nonnegative(),
  /** The viewer's read watermark (a conversation sequence number). */
  lastReadSeq: z.number().int().nonnegative(),
  markedUnread: z.boolean(),
  othersReadSeq: z.number().int().nonnegative(),
  othersDeliveredSeq: z.number().int().nonnegative(),
  createdAt: timestampSchema,
  /** Members' view of a group or team: people invited who have not answered yet. */
  invited: z.array(userSummarySchema).optional(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export { NOTIFICATION_CHANNELS, NOTIFICATION_TYPES };
export const notificationTypeSchema = z.enum(NOTIFICATION_TYPES);
export type NotificationType = z.infer<typeof notificationTypeSchema>;

export const notificationChannelSchema = z.enum(NOTIFICATION_CHANNELS);
export type NotificationChannel = z.infer<typeof notificationChannelSchema>;

const channelPrefsSchema = z.object({ email: z.boolean(), desktop: z.boolean(), in_app: z.boolean() });
export const notificationPrefsSchema = z.object({
  direct_messages: channelPrefsSchema,
  playlist_invites: channelPrefsSchema,
  new_follower: channelPrefsSchema,
  new_uploads: channelPrefsSchema,
});
export type NotificationPrefs = z.infer<typeof notificationPrefsSchema>;

export function defaultNotificationPrefs(): NotificationPrefs {
  const on = () => ({ email: true, desktop: true, in_app: true });
  return { direct_messages: on(), playlist_invites: on(), new_follower: on(), new_uploads: on() };
}

/** In-app notifications (the bell). Each kind carries what the UI needs to open what it is about. */
export const appNotificationDataSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('new_follower'), follower: userSummarySchema }),
  z.object({
    kind: z.literal('playlist_invite'),
    from: userSummarySchema,
    playlistId: idSchema,
    playlistName: z.string(),
  }),
  z.object({
    kind: z.literal('new_upload'),
    producerPageId: idSchema,
    producerName: z.string(),
    uploadId: idSchema,
    title: z.string(),
  }),
  z.object({ kind: z.literal('message_request'), from: userSummarySchema, conversationId: idSchema }),
]);
export type AppNotificationData = z.infer<typeof appNotificationDataSchema>;
export type AppNotificationKind = AppNotificationData['kind'];

export const appNotificationSchema = z.object({
  id: idSchema,
  data: appNotificationDataSchema,
  createdAt: timestampSchema,
  readAt: timestampSchema.nullable(),
});
export type AppNotification = z.infer<typeof appNotificationSchema>;

/** Which preference type governs each in-app notification kind. */
export const NOTIFICATION_TYPE_OF_KIND: Record<AppNotificationKind, NotificationType> = {
  new_follower: 'new_follower',
  playlist_invite: 'playlist_invites',
  new_upload: 'new_uploads',
  message_request: 'direct_messages',
};

export const teamSchema = z.object({
  id: idSchema,
  name: z.string(),
  ownerId: idSchema,
  members: z.array(userSummarySchema),
  conversationId: idSchema,
  /** People invited who have not answered yet. */
  invited: z.array(userSummarySchema).optional(),
});
export type Team = z.infer<typeof teamSchema>;

export const REPORT_STATUSES = ['open', 'resolved'] as const;
export const reportSchema = z.object({
  id: idSchema,
  kind: z.enum(['message', 'user']),
  reporter: userSummarySchema,
  reportedUser: userSummarySchema,
  /** The reported message (message reports only), so moderators see what was said. */
  message: messageSchema.nullable(),
  reason: z.string().nullable(),
  status: z.enum(REPORT_STATUSES),
  createdAt: timestampSchema,
  resolvedAt: timestampSchema.nullable(),
  resolvedBy: idSchema.nullable(),
  resolutionNote: z.string().nullable(),
});
export type Report = z.infer<typeof reportSchema>;

export const authTokensSchema = z.object({
  accessToken: z.string(),
  accessExpiresAt: timestampSchema,
  refreshToken: z.string(),
  refreshExpiresAt: timestampSchema,
});
export type AuthTokens = z.infer<typeof authTokensSchema>;
