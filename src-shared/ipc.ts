import { z } from 'zod';
import {
  appNotificationSchema,
  idSchema,
  meSchema,
  notificationPrefsSchema,
  timestampSchema,
} from './domain.ts';
import { LIMITS } from './limits.ts';
import { OPS, signInBodySchema, signUpBodySchema } from './protocol.ts';
import {
  CONVERSATION_PAGE_MAX,
  MESSAGE_SEARCH_MAX_RESULTS,
  connectionStateSchema,
  conversationViewSchema,
  ipcErrorSchema,
  localSettingsSchema,
  messageViewSchema,
  muteDurationSchema,
  serverInfoSchema,
  sessionStateSchema,
  settingsPatchSchema,
} from './ipc-views.ts';
import type { IpcError } from './ipc-views.ts';

// Errors, views, connection state, local settings and the app's limits live in ipc-views.ts (re-exported).
export * from './ipc-views.ts';

/**
 * The one IPC contract between the renderer and the main process (Electron `ipcMain`, or the headless
 * host's local WebSocket). Every request channel has a payload schema and a result schema; every event
 * main pushes has a schema. The router in `src-main/core/router.ts` validates each payload and answers
 * with an `IpcResponse`, never a throw. Nothing outside this file names a channel.
 */

/** Text a person typed, capped in characters (code points, as the server counts them). */
function typedText(maxChars: number) {
  // Two UTF-16 units per code point at most: refuse absurd input before counting code points.
  return z
    .string()
    .max(maxChars * 2)
    .superRefine((text, context) => {
      if ([...text].length > maxChars)
        context.addIssue({
          code: 'too_big',
          origin: 'string',
          maximum: maxChars,
          inclusive: true,
          input: text,
          message: `Too big: at most ${maxChars} characters`,
        });
    });
}

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
    payload: z.object({
      url: z.string().min(1).max(2048).nullable(),
      /** Confirms plain http:// to a server that is not on this computer (else INSECURE_SERVER). */
      allowInsecure: z.boolean().optional(),
    }),
    result: serverInfoSchema,
  },
  /** "Retry now": reconnect at once instead of waiting for the backoff timer. */
  'connection.retry': { payload: z.object({}), result: connectionStateSchema },

  // Conversations
  /**
   * The list, newest activity first. Without `limit`, all of it (the original contract). With `limit`, one
   * page; `nextCursor` (the last id of the page) goes into `before` for the next, null after the last.
   */
  'conversations.list': {
    payload: z.object({
      limit: z.number().int().min(1).max(CONVERSATION_PAGE_MAX).optional(),
      before: idSchema.optional(),
    }),
    result: z.object({
      conversations: z.array(conversationViewSchema),
      nextCursor: idSchema.nullable().optional(),
    }),
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
  /**
   * Marks every conversation with unread messages (or marked unread) read. Message requests are left
   * alone: reading one would tell the requester, and they wait for Accept or Decline.
   */
  'conversations.markAllRead': {
    payload: z.object({}),
    result: z.object({ marked: z.number().int().nonnegative() }),
  },
  'conversations.hide': { payload: conversationIdPayload, result: ok },
  'conversations.accept': { payload: conversationIdPayload, result: conversationResult },
  'conversations.decline': { payload: conversationIdPayload, result: ok },
  /** Leaves a group (or the team of a team chat); declines an open invitation. */
  'conversations.leave': { payload: conversationIdPayload, result: ok },
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
  /**
   * Drops a failed message and returns it: the UI offers Undo (`messages.restore`) for a few seconds, and
   * Edit puts `body` back into the composer.
   */
  'messages.discard': {
    payload: z.object({ clientId: z.string().min(1).max(64) }),
    result: ok.extend({
      discarded: z.object({ clientId: z.string(), conversationId: idSchema, body: z.string() }),
    }),
  },
  /** Undo of a discard: the message comes back, failed, where it was (the last few discards can be undone). */
  'messages.restore': {
    payload: z.object({ clientId: z.string().min(1).max(64) }),
    result: z.object({ message: messageViewSchema }),
  },
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
    payload: z.object({ conversationId: idSchema, body: typedText(LIMITS.messageMaxChars) }),
    result: ok,
  },

  // People
  'users.search': passThrough('users.search'),
  'users.get': passThrough('users.get'),
  'users.follow': passThrough('users.follow'),
  'users.unfollow': passThrough('users.unfollow'),
  'users.followers': passThrough('users.followers'),
  'users.following': passThrough('users.following'),
  'users.block': passThrough('users.block'),
  'users.unblock': passThrough('users.unblock'),
  'users.blocked': passThrough('users.blocked'),
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

  // Browser mode
  /** A `webNotification.show` the page showed was clicked: the same path as an OS notification click. */
  'webNotification.click': { payload: z.object({ tag: z.string().min(1).max(200) }), result: ok },
  /**
   * The page says whether it is focused and visible (`document.hasFocus()` and `visibilityState`), which
   * decides read-on-arrival and whether the conversation on screen notifies. Browser mode only: the
   * desktop ignores it (the OS window's focus counts there).
   */
  'window.focus': { payload: z.object({ focused: z.boolean() }), result: ok },
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
  /**
   * Something failed in main that nobody expected (a bug): it was logged and main carries on. `count` is
   * how many so far; the UI may say that something went wrong.
   */
  'app.unexpectedError': z.object({
    where: z.string(),
    message: z.string(),
    count: z.number().int().positive(),
  }),
  /**
   * Whether the page can reach main (the core). Sent by the transports themselves, not by main: the
   * preload when a call to main fails or succeeds again, the browser bridge when its socket closes or
   * reopens. `reachable: false` means nothing the page asks for will happen until it is true again.
   */
  'core.status': z.object({ reachable: z.boolean(), reason: z.string().nullable() }),
  /**
   * Browser mode only (the desktop shows OS notifications itself): show this notification with the Web
   * Notifications API, one per `tag` (a newer one replaces it). A click goes to `webNotification.click`.
   */
  'webNotification.show': z.object({
    tag: z.string(),
    conversationId: idSchema.nullable(),
    title: z.string(),
    body: z.string(),
    silent: z.boolean(),
  }),
  /** Browser mode only: close the notification with this tag (its conversation was read). */
  'webNotification.close': z.object({ tag: z.string() }),
} as const;

export type IpcEventName = keyof typeof IPC_EVENTS;
export type IpcEventPayload<E extends IpcEventName> = z.output<(typeof IPC_EVENTS)[E]>;
export const IPC_EVENT_NAMES = Object.keys(IPC_EVENTS) as IpcEventName[];
