import { z } from 'zod';
import {
  appNotificationSchema,
  conversationSchema,
  idSchema,
  meSchema,
  messageSchema,
  notificationPrefsSchema,
  producerPageSchema,
  reportSchema,
  teamSchema,
  timestampSchema,
  userProfileSchema,
  userSummarySchema,
} from './domain.ts';
import { errorBodySchema } from './errors.ts';
import { LIMITS } from './limits.ts';

/**
 * The wire protocol between the messaging server and its clients: HTTP bodies for accounts, and every
 * WebSocket frame. Server and client parse with these same schemas. Documented in docs/protocol.md.
 */
export const PROTOCOL_VERSION = 1;
export const API_PREFIX = '/api/v1';
export const WS_PATH = `${API_PREFIX}/ws`;

/** WebSocket close codes the server uses (4000–4999 is the application range). */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  /** A binary frame: the protocol is JSON text. */
  unsupportedData: 1003,
  /** A text frame that is not valid UTF-8 (closed by the WebSocket layer). */
  invalidPayload: 1007,
  /** This node is shutting down (SIGTERM) or restarting: reconnect now, the load balancer picks another. */
  serviceRestart: 1012,
  frameTooLarge: 1009,
  serverError: 1011,
  unauthenticated: 4001,
  tokenExpired: 4002,
  sessionRevoked: 4003,
  helloTimeout: 4008,
  /** The client read too slowly: more than the per-socket buffer cap was waiting. Reconnect and resume. */
  slowConsumer: 4009,
  /** The user already has the maximum number of open sockets. Reconnect later (with backoff). */
  tooManyConnections: 4029,
  protocolViolation: 4400,
} as const;

// HTTP bodies (accounts, health) live in http-api.ts; re-exported so `protocol.ts` stays the one entry.
export * from './http-api.ts';

// ───────────────────────────── Requests over the socket ─────────────────────────────

const messageBodySchema = z.string().max(LIMITS.messageMaxChars * 4);
const reasonSchema = z
  .string()
  .max(LIMITS.reportReasonMaxChars * 4)
  .optional();
const seqSchema = z.number().int().nonnegative();
const empty = z.object({});

const userListResult = z.object({ users: z.array(userSummarySchema) });
const conversationResult = z.object({ conversation: conversationSchema });
const okResult = z.object({ ok: z.literal(true) });

/**
 * Each operation: its params schema and result schema. The server rejects unknown ops (UNKNOWN_OP) and
 * params that fail the schema (VALIDATION_FAILED). Rules that need the database (length after trimming,
 * who may do what) answer with their own codes.
 *
 * Text limits are checked by the handlers, not here, so a too-long message gets MESSAGE_TOO_LONG rather
 * than a generic validation error; the `* 4` caps above only stop absurd payloads early.
 */
export const OPS = {
  'me.get': { params: empty, result: z.object({ me: meSchema }) },

  'conversations.list': {
    params: z.object({
      limit: z.number().int().min(1).max(LIMITS.conversationPageMax).optional(),
      /** Opaque cursor from a previous page's `nextCursor`. */
      cursor: z.string().max(200).optional(),
    }),
    result: z.object({ conversations: z.array(conversationSchema), nextCursor: z.string().nullable() }),
  },
  'conversations.get': { params: z.object({ conversationId: idSchema }), result: conversationResult },
  /** Marks the conversation read and returns it with its newest page of history. */
  'conversations.open': {
    params: z.object({ conversationId: idSchema }),
    result: z.object({
      conversation: conversationSchema,
      messages: z.array(messageSchema),
      hasMore: z.boolean(),
    }),
  },
  /** Finds or starts the direct conversation with a user. A new one is `pending` until its request is accepted. */
  'conversations.startDirect': { params: z.object({ userId: idSchema }), result: conversationResult },
  'conversations.createGroup': {
    params: z.object({
      userIds: z.array(idSchema).max(LIMITS.groupMaxMembers * 2),
      title: z.string().max(400).optional(),
    }),
    result: conversationResult,
  },
  /** Accepts a message request, or an invitation to a group or team (you join it). */
  'conversations.accept': { params: z.object({ conversationId: idSchema }), result: conversationResult },
  /** Declines a message request, or an invitation to a group or team. */
  'conversations.decline': { params: z.object({ conversationId: idSchema }), result: okResult },
  /** Leaves a group (or the team of a team chat): it leaves your list, and you stop receiving its messages. */
  'conversations.leave': { params: z.object({ conversationId: idSchema }), result: okResult },
  /** Removes the conversation from the caller's list until a new message arrives. */
  'conversations.hide': { params: z.object({ conversationId: idSchema }), result: okResult },
  'conversations.markRead': {
    params: z.object({ conversationId: idSchema, upToSeq: seqSchema.optional() }),
    result: conversationResult,
  },
  'conversations.markUnread': { params: z.object({ conversationId: idSchema }), result: conversationResult },

  'messages.send': {
    params: z.object({
      conversationId: idSchema,
      clientId: z.string().min(8).max(64),
      body: messageBodySchema,
    }),
    result: z.object({ message: messageSchema, duplicate: z.boolean() }),
  },
  /** History, newest page first on the server, returned oldest first. `beforeSeq` pages further back. */
  'messages.history': {
    params: z.object({
      conversationId: idSchema,
      beforeSeq: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(LIMITS.historyPageMax).optional(),
    }),
    result: z.object({ messages: z.array(messageSchema), hasMore: z.boolean() }),
  },
  /** Delivery receipt: every message up to `upToSeq` has reached this client. */
  'messages.delivered': {
    params: z.object({ conversationId: idSchema, upToSeq: seqSchema }),
    result: okResult,
  },

  'typing.set': { params: z.object({ conversationId: idSchema, typing: z.boolean() }), result: okResult },

  /** Blank query: suggestions, followed users first. Otherwise at least 2 characters. */
  'users.search': { params: z.object({ query: z.string().max(100) }), result: userListResult },
  'users.get': { params: z.object({ userId: idSchema }), result: z.object({ user: userProfileSchema }) },
  'users.follow': { params: z.object({ userId: idSchema }), result: z.object({ user: userProfileSchema }) },
  'users.unfollow': { params: z.object({ userId: idSchema }), result: z.object({ user: userProfileSchema }) },
  'users.followers': { params: z.object({ userId: idSchema }), result: userListResult },
  'users.following': { params: z.object({ userId: idSchema }), result: userListResult },
  /**
   * Blocks a user: they can no longer message you (their messages are accepted but never delivered),
   * send you requests or invitations, or see your typing and read state. They are never told.
   */
  'users.block': { params: z.object({ userId: idSchema }), result: z.object({ user: userProfileSchema }) },
  'users.unblock': { params: z.object({ userId: idSchema }), result: z.object({ user: userProfileSchema }) },
  /** The people you blocked, most recent first (for Settings). */
  'users.blocked': { params: empty, result: userListResult },

  'producers.get': {
    params: z.object({ producerId: idSchema }),
    result: z.object({ producer: producerPageSchema }),
  },
  'producers.follow': {
    params: z.object({ producerId: idSchema }),
    result: z.object({ producer: producerPageSchema }),
  },
  'producers.unfollow': {
    params: z.object({ producerId: idSchema }),
    result: z.object({ producer: producerPageSchema }),
  },
  'producers.followers': { params: z.object({ producerId: idSchema }), result: userListResult },
  /** Producers the caller follows (likes). */
  'producers.liked': { params: empty, result: z.object({ producers: z.array(producerPageSchema) }) },
  /** The owner of a claimed page announces an upload; followers get a New Uploads notification. */
  'producers.publishUpload': {
    params: z.object({ producerId: idSchema, title: z.string().trim().min(1).max(200) }),
    result: z.object({ uploadId: idSchema }),
  },
  'playlists.invite': {
    params: z.object({ userId: idSchema, playlistName: z.string().trim().min(1).max(200) }),
    result: z.object({ playlistId: idSchema }),
  },

  'teams.list': { params: empty, result: z.object({ teams: z.array(teamSchema) }) },
  'teams.create': {
    params: z.object({ name: z.string().max(400), memberIds: z.array(idSchema).max(LIMITS.groupMaxMembers) }),
    result: z.object({ team: teamSchema }),
  },
  'teams.addMember': {
    params: z.object({ teamId: idSchema, userId: idSchema }),
    result: z.object({ team: teamSchema }),
  },
  /** The owner removes a member, or a member removes themself (leaves). */
  'teams.removeMember': {
    params: z.object({ teamId: idSchema, userId: idSchema }),
    result: z.object({ team: teamSchema }),
  },

  'reports.message': {
    params: z.object({ messageId: idSchema, reason: reasonSchema }),
    result: z.object({ reportId: idSchema }),
  },
  'reports.user': {
    params: z.object({ userId: idSchema, reason: reasonSchema }),
    result: z.object({ reportId: idSchema }),
  },

  /** Moderators only. */
  'moderation.reports': {
    params: z.object({
      limit: z.number().int().min(1).max(LIMITS.moderationPageMax).optional(),
      /** Opaque cursor from a previous page's `nextCursor`. */
      cursor: z.string().max(200).optional(),
    }),
    result: z.object({ reports: z.array(reportSchema), nextCursor: z.string().nullable() }),
  },
  'moderation.resolve': {
    params: z.object({ reportId: idSchema, note: z.string().max(LIMITS.reportReasonMaxChars).optional() }),
    result: z.object({ report: reportSchema }),
  },
  'moderation.mute': {
    params: z.object({ userId: idSchema }),
    result: z.object({ user: userProfileSchema }),
  },
  'moderation.unmute': {
    params: z.object({ userId: idSchema }),
    result: z.object({ user: userProfileSchema }),
  },

  'prefs.get': { params: empty, result: z.object({ prefs: notificationPrefsSchema }) },
  /** Replaces the whole preference table (the UI always holds all of it). */
  'prefs.set': {
    params: z.object({ prefs: notificationPrefsSchema }),
    result: z.object({ prefs: notificationPrefsSchema }),
  },

  'notifications.list': {
    params: z.object({
      limit: z.number().int().min(1).max(LIMITS.notificationPageMax).optional(),
      before: idSchema.optional(),
    }),
    result: z.object({
      notifications: z.array(appNotificationSchema),
      unreadCount: z.number().int().nonnegative(),
    }),
  },
  'notifications.markRead': {
    params: z.object({ ids: z.array(idSchema).max(LIMITS.notificationPageMax).optional() }),
    result: z.object({ unreadCount: z.number().int().nonnegative() }),
  },
} as const;

export type Op = keyof typeof OPS;
export const OP_NAMES = Object.keys(OPS) as Op[];
export type OpParams<O extends Op> = z.input<(typeof OPS)[O]['params']>;
export type OpParsedParams<O extends Op> = z.output<(typeof OPS)[O]['params']>;
export type OpResult<O extends Op> = z.output<(typeof OPS)[O]['result']>;

export function isOp(name: string): name is Op {
  return Object.hasOwn(OPS, name);
}

// ───────────────────────────── Events ─────────────────────────────

/**
 * Sequenced events: everything a user must learn, numbered per user (1, 2, 3, …) and kept for resume.
 * A client applies them in order and idempotently, and remembers the last `seq` it applied.
 */
export const userEventSchema = z.discriminatedUnion('type', [
  /** A new message in a conversation the user takes part in (their own included, for their other sessions). */
  z.object({ type: z.literal('message.created'), message: messageSchema }),
  /** The conversation appeared, or its summary changed (status, title, participants, disabled state). */
  z.object({ type: z.literal('conversation.updated'), conversation: conversationSchema }),
  /** The conversation left this user's list: hidden by them, declined by them, or they left the team. */
  z.object({
    type: z.literal('conversation.removed'),
    conversationId: idSchema,
    reason: z.enum(['hidden', 'declined', 'left']),
  }),
  /** The user's own read state changed (in any of their sessions). */
  z.object({
    type: z.literal('readstate.updated'),
    conversationId: idSchema,
    lastReadSeq: seqSchema,
    markedUnread: z.boolean(),
    unreadCount: z.number().int().nonnegative(),
  }),
  /** Other participants' receipts moved: the user's messages up to these seqs are delivered / seen by all. */
  z.object({
    type: z.literal('receipts.updated'),
    conversationId: idSchema,
    othersDeliveredSeq: seqSchema,
    othersReadSeq: seqSchema,
  }),
  z.object({
    type: z.literal('follow.changed'),
    followerId: idSchema,
    followeeId: idSchema,
    following: z.boolean(),
  }),
  z.object({ type: z.literal('notification.created'), notification: appNotificationSchema }),
  z.object({ type: z.literal('notifications.read'), unreadCount: z.number().int().nonnegative() }),
  z.object({ type: z.literal('me.updated'), me: meSchema }),
  z.object({ type: z.literal('prefs.updated'), prefs: notificationPrefsSchema }),
  /** Moderators: the open-reports feed changed. */
  z.object({ type: z.literal('moderation.changed'), openReports: z.number().int().nonnegative() }),
]);
export type UserEvent = z.infer<typeof userEventSchema>;
export type UserEventType = UserEvent['type'];

/**
 * Ephemeral events are not numbered or stored: replaying a typing indicator after a reconnect would show
 * someone typing who stopped long ago.
 */
export const ephemeralEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('typing'),
    conversationId: idSchema,
    userId: idSchema,
    typing: z.boolean(),
    expiresAt: timestampSchema,
  }),
]);
export type EphemeralEvent = z.infer<typeof ephemeralEventSchema>;

// ───────────────────────────── Frames ─────────────────────────────

export const clientFrameSchema = z.discriminatedUnion('type', [
  /** First frame on every socket. `resumeFromSeq`: last event seq applied, or null for a fresh start. */
  z.object({
    type: z.literal('hello'),
    token: z.string().min(1).max(512),
    resumeFromSeq: seqSchema.nullable(),
    client: z.object({ name: z.string().max(100), version: z.string().max(50) }).optional(),
  }),
  z.object({
    type: z.literal('request'),
    id: z.string().min(1).max(64),
    op: z.string().max(64),
    params: z.unknown(),
  }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;
export type HelloFrame = Extract<ClientFrame, { type: 'hello' }>;
export type RequestFrame = Extract<ClientFrame, { type: 'request' }>;

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    me: meSchema,
    sessionId: idSchema,
    serverTime: timestampSchema,
    /** The newest event seq for this user at the moment of welcome. */
    latestSeq: seqSchema,
    protocol: z.number(),
  }),
  z.object({
    type: z.literal('response'),
    id: z.string(),
    ok: z.boolean(),
    /** Present when ok. */
    result: z.unknown().optional(),
    /** Present when not ok. */
    error: errorBodySchema.optional(),
  }),
  z.object({ type: z.literal('event'), seq: z.number().int().positive(), event: userEventSchema }),
  z.object({ type: z.literal('ephemeral'), event: ephemeralEventSchema }),
  /** Everything up to `seq` that was missed has been sent; what follows is live. */
  z.object({ type: z.literal('caught_up'), seq: seqSchema }),
  /**
   * The client is too far behind (or resumed from a seq the server never issued): it must refetch its
   * state. Events after `latestSeq` follow live; the client continues from there.
   */
  z.object({ type: z.literal('resync_required'), latestSeq: seqSchema }),
  /** A connection-level error, sent just before the server closes the socket. */
  z.object({ type: z.literal('error'), error: errorBodySchema }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;
export type ResponseFrame = Extract<ServerFrame, { type: 'response' }>;
