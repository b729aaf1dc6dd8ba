import { z } from 'zod';
import {
  MESSAGE_SEARCH_MIN_CHARS,
  MUTE_DURATIONS,
  NOTIFICATION_PRIVACY,
  SEND_FAILS_AFTER_MS,
  THEMES,
} from './constants.ts';
import { conversationSchema, idSchema, meSchema, timestampSchema } from './domain.ts';
import { CLIENT_ERROR_CODES, ERROR_CODES } from './errors.ts';

/**
 * The data half of the IPC contract (ipc.ts re-exports it): IPC error codes, the views the renderer shows
 * (messages, conversations, send states), the connection state, local settings, server info, and the
 * limits the app applies to what crosses the bridge.
 */

// ───────────────────────────── Errors ─────────────────────────────

/** Codes only the client produces, on top of the server's codes (defined beside them in errors.ts). */
export { CLIENT_ERROR_CODES };
/** The largest page of `conversations.list` (the renderer asks for a small first page, then the rest). */
export const CONVERSATION_PAGE_MAX = 1_000;

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
  failure: z
    .object({
      code: ipcErrorCodeSchema,
      message: z.string(),
      /**
       * The core is still sending it by itself (no ack within `SEND_FAILS_AFTER_MS`; it goes again at
       * every reconnect, and its ack turns it `sent`). False: failed for good, only Retry sends it again.
       */
      willRetry: z.boolean().optional(),
    })
    .nullable(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

export { MESSAGE_SEARCH_MIN_CHARS, MUTE_DURATIONS, NOTIFICATION_PRIVACY, SEND_FAILS_AFTER_MS, THEMES };
export const muteDurationSchema = z.enum(MUTE_DURATIONS);
export type MuteDuration = z.infer<typeof muteDurationSchema>;

/** A local mute (per conversation) or do-not-disturb: until a time, or until turned off (`until: null`). */
export const muteSchema = z.object({ until: timestampSchema.nullable() });
export type Mute = z.infer<typeof muteSchema>;

export const conversationViewSchema = conversationSchema.extend({
  /** Hidden conversations are kept in the cache but left out of the list until a new message arrives. */
  mute: muteSchema.nullable(),
  draft: z.string().nullable(),
  /** The viewer's messages here that failed to send (the row and the tray mark them). */
  failedMessages: z.number().int().nonnegative(),
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

/**
 * Why the app is not connected, so the UI can say the right thing:
 * - `network`: this computer has no network (the OS says so, or the network is unreachable);
 * - `unreachable`: nothing answers at the server's address (connection refused, unknown host, timed out,
 *   the connection dropped or went silent);
 * - `refused`: a server answered but refused us (an HTTP error instead of the WebSocket upgrade, an
 *   incompatible protocol version, a TLS failure, or a close code that means "not you, not now").
 */
export const OFFLINE_CAUSES = ['network', 'unreachable', 'refused'] as const;
export const offlineCauseSchema = z.enum(OFFLINE_CAUSES);
export type OfflineCause = z.infer<typeof offlineCauseSchema>;

export const connectionStateSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('signed_out'),
    /** `session_ended`: the server ended the session (revoked, or the refresh token was refused). */
    reason: z.enum(['signed_out', 'session_ended']).optional(),
  }),
  z.object({ status: z.literal('connecting'), attempt: z.number().int().nonnegative() }),
  z.object({ status: z.literal('online'), caughtUp: z.boolean() }),
  z.object({
    status: z.literal('offline'),
    nextRetryAt: timestampSchema.nullable(),
    attempt: z.number().int().nonnegative(),
    reason: z.string(),
    cause: offlineCauseSchema,
  }),
]);
export type ConnectionState = z.infer<typeof connectionStateSchema>;

export const notificationPrivacySchema = z.enum(NOTIFICATION_PRIVACY);
export type NotificationPrivacy = z.infer<typeof notificationPrivacySchema>;

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

export const serverInfoSchema = z.object({
  url: z.string(),
  defaultUrl: z.string(),
  /** `url` is the server this app started on this computer (say "This computer"); otherwise show `url`. */
  embedded: z.boolean(),
  /**
   * Plain http:// to a server that is not on this computer: messages and passwords travel unencrypted.
   * The UI keeps a warning visible while it is true.
   */
  insecure: z.boolean(),
});
export type ServerInfo = z.infer<typeof serverInfoSchema>;

/** The largest payload one IPC request may carry, as JSON; more is refused with PAYLOAD_TOO_LARGE. */
export const IPC_PAYLOAD_MAX_BYTES = 64 * 1024;

export const MESSAGE_SEARCH_MAX_RESULTS = 100;

/**
 * The send state of a stored message of the viewer's, from its conversation's receipt watermarks (which
 * only move forward, so neither does the state). Unsent messages are `sending` or `failed` instead.
 */
export function deriveSendState(seq: number, othersDeliveredSeq: number, othersReadSeq: number): SendState {
  if (seq <= othersReadSeq) return 'seen';
  if (seq <= othersDeliveredSeq) return 'delivered';
  return 'sent';
}
