import { z } from 'zod';
import {
  appNotificationSchema,
  conversationSchema,
  idSchema,
  meSchema,
  notificationPrefsSchema,
  timestampSchema,
} from './domain.ts';
import { CLIENT_ERROR_CODES, ERROR_CODES } from './errors.ts';
import { LIMITS } from './limits.ts';
import { OPS, signInBodySchema, signUpBodySchema } from './protocol.ts';

/**
 * The one IPC contract between the renderer and the main process (Electron `ipcMain`, or the headless
 * host's local WebSocket). Every request channel has a payload schema and a result schema; every event
 * main pushes has a schema. The router in `src-main/core/router.ts` validates each payload and answers
 * with an `IpcResponse`, never a throw. Nothing outside this file names a channel.
 */

// ───────────────────────────── Errors ─────────────────────────────

/** Codes only the client produces, on top of the server's codes (defined beside them in errors.ts). */
export { CLIENT_ERROR_CODES };
export const IPC_ERROR_CODES = [...ERROR_CODES, ...CLIENT_ERROR_CODES] as const;
export const ipcErrorCodeSchema = z.enum(IPC_ERROR_CODES);
export type IpcErrorCode = z.infer<typeof ipcErrorCodeSchema>;

export const ipcErrorSchema = z.object({
  code: ipcErrorCodeSchema,
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  retryAfterMs: z.number().int().nonnegative().optional(),
});
export type IpcError = z.infer<typeof ipcErrorSchema>;

// ───────────────────────────── Views ─────────────────────────────

export const SEND_STATES = ['sending', 'sent', 'delivered', 'seen', 'failed'] as const;
export const sendStateSchema = z.enum(SEND_STATES);
export type SendState = z.infer<typeof sendStateSchema>;

/** A message as the UI shows it: a stored message, or one still in the outbox (no id or seq yet). */
export const messageViewSchema = z.object({
  /** Server id; null while the message is only in the outbox. */
  id: idSchema.nullable(),
  clientId: z.string(),
  conversationId: idSchema,
  /** Conversation sequence; null while unsent. */
  seq: z.number().int().positive().nullable(),
  authorId: idSchema,
  body: z.string(),
  createdAt: timestampSchema,
  mine: z.boolean(),
  /** For the viewer's own messages; others' messages are always `sent`. */
  state: sendStateSchema,
  failure: z.object({ code: ipcErrorCodeSchema, message: z.string() }).nullable(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

export const MUTE_DURATIONS = ['1h', '8h', '1d', '1w', 'always'] as const;
export const muteDurationSchema = z.enum(MUTE_DURATIONS);
export type MuteDuration = z.infer<typeof muteDurationSchema>;

/** A local mute (per conversation) or do-not-disturb: until a time, or until turned off (`until: null`). */
export const muteSchema = z.object({ until: timestampSchema.nullable() });
export type Mute = z.infer<typeof muteSchema>;

export const conversationViewSchema = conversationSchema.extend({
  /** Hidden conversations are kept in the cache but left out of the list until a new message arrives. */
  mute: muteSchema.nullable(),
  draft: z.string().nullable(),
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

export const connectionStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signed_out') }),
  z.object({ status: z.literal('connecting'), attempt: z.number().int().nonnegative() }),
  z.object({ status: z.literal('online'), caughtUp: z.boolean() }),
  z.object({
    status: z.literal('offline'),
    nextRetryAt: timestampSchema.nullable(),
    attempt: z.number().int().nonnegative(),
    reason: z.string(),
  }),
]);
export type ConnectionState = z.infer<typeof connectionStateSchema>;

export const NOTIFICATION_PRIVACY = ['name_and_message', 'name_only', 'nothing'] as const;
export const notificationPrivacySchema = z.enum(NOTIFICATION_PRIVACY);
export type NotificationPrivacy = z.infer<typeof notificationPrivacySchema>;

export const THEMES = ['system', 'light', 'dark'] as const;

/** Settings kept on this machine (not on the server). */
export const localSettingsSchema = z.object({
  notificationPrivacy: notificationPrivacySchema,
  sound: z.boolean(),
  closeToTray: z.boolean(),
  startAtLogin: z.boolean(),
  startMinimized: z.boolean(),
  /** An Electron accelerator such as "CommandOrControl+Shift+B", or null for none. */
  globalHotkey: z.string().max(100).nullable(),
  theme: z.enum(THEMES),
  /** Flash the window frame (taskbar) when a message arrives while the window is in the background. */
  flashFrame: z.boolean(),
  doNotDisturb: muteSchema.nullable(),
  /** The server chosen at sign-in; null means the app's default (the embedded server). */
  serverUrl: z.string().max(2048).nullable(),
  /** Per-conversation mutes, by conversation id. */
  mutes: z.record(z.string(), muteSchema),
});
export type LocalSettings = z.infer<typeof localSettingsSchema>;

export function defaultLocalSettings(): LocalSettings {
  return {
    notificationPrivacy: 'name_and_message',
    sound: true,
    closeToTray: true,
    startAtLogin: false,
    startMinimized: false,
    globalHotkey: null,
    // Dark by default, as producers' DAWs are; 'system' and 'light' are a setting away.
    theme: 'dark',
    flashFrame: true,
    doNotDisturb: null,
    serverUrl: null,
    mutes: {},
  };
}

/** What the settings screen may change directly (mutes and DND have their own channels). */
export const settingsPatchSchema = localSettingsSchema
  .omit({ mutes: true, doNotDisturb: true, serverUrl: true })
  .partial()
  .strict();

export const sessionStateSchema = z.object({ me: meSchema.nullable() });

export const serverInfoSchema = z.object({ url: z.string(), defaultUrl: z.string() });
export type ServerInfo = z.infer<typeof serverInfoSchema>;

/** Search in cached history: at least this many characters. */
export const MESSAGE_SEARCH_MIN_CHARS = 2;
export const MESSAGE_SEARCH_MAX_RESULTS = 100;

// ───────────────────────────── Requests ─────────────────────────────

const conversationIdPayload = z.object({ conversationId: idSchema });
const ok = z.object({ ok: z.literal(true) });
const conversationResult = z.object({ conversation: conversationViewSchema });
const messagesPage = z.object({ messages: z.array(messageViewSchema), hasMore: z.boolean() });
const muteChoice = z.union([muteDurationSchema, z.literal('off')]);

/** Channels that pass straight through to a server operation with the same payload and result. */
type Ops = typeof OPS;
const passThrough = <O extends keyof Ops>(
  op: O,
): { payload: Ops[O]['params']; result: Ops[O]['result']; op: O } => ({
  payload: OPS[op].params,
  result: OPS[op].result,
  op,
});

export const IPC_REQUESTS = {
  // Session
  'session.get': { payload: z.object({}), result: sessionStateSchema },
  'session.signIn': { payload: signInBodySchema, result: sessionStateSchema },
  'session.signUp': { payload: signUpBodySchema, result: sessionStateSchema },
  'session.signOut': { payload: z.object({}), result: ok },
  'connection.get': { payload: z.object({}), result: connectionStateSchema },
  'server.get': { payload: z.object({}), result: serverInfoSchema },
  /** Choose the server to sign in to (null: back to the default). Only while signed out. */
  'server.set': {
    payload: z.object({ url: z.string().min(1).max(2048).nullable() }),
    result: serverInfoSchema,
  },
  /** "Retry now": reconnect at once instead of waiting for the backoff timer. */
  'connection.retry': { payload: z.object({}), result: connectionStateSchema },

  // Conversations
  'conversations.list': {
    payload: z.object({}),
    result: z.object({ conversations: z.array(conversationViewSchema) }),
  },
  /** Cached page at once (then `messages.changed` as the server answers); marks the conversation read. */
  'conversations.open': {
    payload: conversationIdPayload,
    result: messagesPage.extend({ conversation: conversationViewSchema }),
  },
  'conversations.history': {
    payload: z.object({ conversationId: idSchema, beforeSeq: z.number().int().positive() }),
    result: messagesPage,
  },
  /** The conversation on screen (null for none); with window focus it decides read marking and notifications. */
  'conversations.setActive': { payload: z.object({ conversationId: idSchema.nullable() }), result: ok },
  'conversations.markRead': { payload: conversationIdPayload, result: conversationResult },
  'conversations.markUnread': { payload: conversationIdPayload, result: conversationResult },
  'conversations.hide': { payload: conversationIdPayload, result: ok },
  'conversations.accept': { payload: conversationIdPayload, result: conversationResult },
  'conversations.decline': { payload: conversationIdPayload, result: ok },
  'conversations.startDirect': { payload: z.object({ userId: idSchema }), result: conversationResult },
  'conversations.createGroup': {
    payload: z.object({
      userIds: z
        .array(idSchema)
        .min(LIMITS.groupMinOthers)
        .max(LIMITS.groupMaxMembers - 1),
      title: z.string().trim().max(LIMITS.groupTitleMaxChars).optional(),
    }),
    result: conversationResult,
  },
  'conversations.mute': {
    payload: z.object({ conversationId: idSchema, duration: muteChoice }),
    result: conversationResult,
  },

  // Messages
  'messages.send': {
    payload: z.object({ conversationId: idSchema, body: z.string().max(LIMITS.messageMaxChars * 4) }),
    result: z.object({ message: messageViewSchema }),
  },
  'messages.retry': {
    payload: z.object({ clientId: z.string().min(1).max(64) }),
    result: z.object({ message: messageViewSchema }),
  },
  'messages.discard': { payload: z.object({ clientId: z.string().min(1).max(64) }), result: ok },
  'messages.search': {
    payload: z.object({
      query: z.string().max(200),
      conversationId: idSchema.optional(),
      limit: z.number().int().min(1).max(MESSAGE_SEARCH_MAX_RESULTS).optional(),
    }),
    result: z.object({ messages: z.array(messageViewSchema) }),
  },
  'typing.set': { payload: z.object({ conversationId: idSchema, typing: z.boolean() }), result: ok },
  'drafts.get': { payload: conversationIdPayload, result: z.object({ body: z.string().nullable() }) },
  'drafts.set': {
    payload: z.object({ conversationId: idSchema, body: z.string().max(LIMITS.messageMaxChars * 4) }),
    result: ok,
  },

  // People
  'users.search': passThrough('users.search'),
  'users.get': passThrough('users.get'),
  'users.follow': passThrough('users.follow'),
  'users.unfollow': passThrough('users.unfollow'),
  'users.followers': passThrough('users.followers'),
  'users.following': passThrough('users.following'),
  'producers.get': passThrough('producers.get'),
  'producers.follow': passThrough('producers.follow'),
  'producers.unfollow': passThrough('producers.unfollow'),
  'producers.liked': passThrough('producers.liked'),
  'producers.followers': passThrough('producers.followers'),
  'reports.message': passThrough('reports.message'),
  'reports.user': passThrough('reports.user'),

  // Moderation (moderators only; the server checks)
  'moderation.reports': passThrough('moderation.reports'),
  'moderation.resolve': passThrough('moderation.resolve'),
  'moderation.mute': passThrough('moderation.mute'),
  'moderation.unmute': passThrough('moderation.unmute'),

  // Notifications
  'prefs.get': passThrough('prefs.get'),
  'prefs.set': passThrough('prefs.set'),
  'notifications.list': passThrough('notifications.list'),
  'notifications.markRead': passThrough('notifications.markRead'),

  // Local settings
  'settings.get': { payload: z.object({}), result: localSettingsSchema },
  'settings.set': { payload: settingsPatchSchema, result: localSettingsSchema },
  /** A duration from now, or an end time (the tray's "until tomorrow" is tomorrow morning, not 24 hours). */
  'settings.doNotDisturb': {
    payload: z.union([
      z.object({ duration: muteChoice }).strict(),
      z.object({ until: timestampSchema }).strict(),
    ]),
    result: localSettingsSchema,
  },
  'badge.get': { payload: z.object({}), result: z.object({ count: z.number().int().nonnegative() }) },
} as const;

export type IpcChannel = keyof typeof IPC_REQUESTS;
export const IPC_CHANNELS = Object.keys(IPC_REQUESTS) as IpcChannel[];
export type IpcPayload<C extends IpcChannel> = z.input<(typeof IPC_REQUESTS)[C]['payload']>;
export type IpcParsedPayload<C extends IpcChannel> = z.output<(typeof IPC_REQUESTS)[C]['payload']>;
export type IpcResult<C extends IpcChannel> = z.output<(typeof IPC_REQUESTS)[C]['result']>;

/** Channels answered by forwarding to the server op of the same name. */
export type PassThroughChannel = {
  [C in IpcChannel]: (typeof IPC_REQUESTS)[C] extends { op: string } ? C : never;
}[IpcChannel];

export function isIpcChannel(name: string): name is IpcChannel {
  return Object.hasOwn(IPC_REQUESTS, name);
}

/** What every request resolves to: the router never rejects. */
export type IpcResponse<C extends IpcChannel = IpcChannel> =
  { ok: true; result: IpcResult<C> } | { ok: false; error: IpcError };

export const ipcResponseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ipcErrorSchema }),
]);

// ───────────────────────────── Events pushed by main ─────────────────────────────

export const IPC_EVENTS = {
  'session.changed': sessionStateSchema,
  'connection.changed': connectionStateSchema,
  /** Conversations added or changed (full views). */
  'conversations.changed': z.object({ conversations: z.array(conversationViewSchema) }),
  'conversations.removed': z.object({ conversationId: idSchema }),
  /** Messages added or changed in one conversation (match on `clientId`). */
  'messages.changed': z.object({ conversationId: idSchema, messages: z.array(messageViewSchema) }),
  /** An unsent message was discarded. */
  'messages.removed': z.object({ conversationId: idSchema, clientId: z.string() }),
  /** Who is typing now in a conversation. */
  'typing.changed': z.object({ conversationId: idSchema, userIds: z.array(idSchema) }),
  'badge.changed': z.object({ count: z.number().int().nonnegative() }),
  'notifications.created': z.object({ notification: appNotificationSchema }),
  'notifications.unread': z.object({ unreadCount: z.number().int().nonnegative() }),
  'follow.changed': z.object({ followerId: idSchema, followeeId: idSchema, following: z.boolean() }),
  'prefs.changed': z.object({ prefs: notificationPrefsSchema }),
  'settings.changed': localSettingsSchema,
  'moderation.changed': z.object({ openReports: z.number().int().nonnegative() }),
  'me.changed': z.object({ me: meSchema }),
  /** The shell asks the UI to show a conversation (a notification was clicked). */
  'navigate.conversation': z.object({ conversationId: idSchema }),
  /** The global hotkey brought the window up: open the quick switcher. */
  'navigate.quickSwitcher': z.object({}),
} as const;

export type IpcEventName = keyof typeof IPC_EVENTS;
export type IpcEventPayload<E extends IpcEventName> = z.output<(typeof IPC_EVENTS)[E]>;
export const IPC_EVENT_NAMES = Object.keys(IPC_EVENTS) as IpcEventName[];

/**
 * The send state of a stored message of the viewer's, from its conversation's receipt watermarks (which
 * only move forward, so neither does the state). Unsent messages are `sending` or `failed` instead.
 */
export function deriveSendState(seq: number, othersDeliveredSeq: number, othersReadSeq: number): SendState {
  if (seq <= othersReadSeq) return 'seen';
  if (seq <= othersDeliveredSeq) return 'delivered';
  return 'sent';
}
