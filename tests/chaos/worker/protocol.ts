/**
 * Messages between the chaos orchestrator and a client core running in a child process (over Node's
 * IPC channel). Both sides are test code in this folder; the child validates what it gets with zod anyway,
 * since a malformed command must fail loudly rather than half-run.
 */
import { z } from 'zod';

/** A message as the audit compares it: the server's id and order, the author and the body. */
export interface AuditMessage {
  id: string;
  seq: number;
  authorId: string;
  body: string;
}

export const commandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('signUp'),
    username: z.string(),
    displayName: z.string(),
    password: z.string(),
  }),
  z.object({ type: z.literal('createGroup'), userIds: z.array(z.string()) }),
  /** Waits until the conversation is in this core's cache, and accepts it if it is an invitation. */
  z.object({ type: z.literal('join'), conversationId: z.string() }),
  /**
   * Starts writing `count` messages `${prefix}${n}` (n from 0) through the router, keeping at most
   * `window` of them unsent in the outbox. Each one is reported in a `queued` note once it is in the outbox.
   */
  z.object({
    type: z.literal('send'),
    conversationId: z.string(),
    prefix: z.string(),
    count: z.number().int().nonnegative(),
    window: z.number().int().positive(),
  }),
  /** Stops the send loop; answers once no further message will be queued. */
  z.object({ type: z.literal('stopSending') }),
  /** Answers how many messages sit in the outbox now. */
  z.object({ type: z.literal('status') }),
  /**
   * Answers (with the time) once the core is online and caught up and every message that was in its
   * outbox when the command arrived has been acked: the catch-up after a fault.
   */
  z.object({ type: z.literal('awaitCatchUp') }),
  /**
   * Answers once the cache holds at least `count` messages of the conversation, with the time of the last
   * change to it (the moment this core had everything).
   */
  z.object({ type: z.literal('awaitCount'), conversationId: z.string(), count: z.number().int() }),
  /** Bodies of this account's messages in the cache file: outbox (unsent) and messages (acked). */
  z.object({ type: z.literal('inventory'), conversationId: z.string() }),
  /** The conversation as this core's cache holds it, in order. */
  z.object({ type: z.literal('dump'), conversationId: z.string() }),
  /** The conversation as the server holds it, paged through messages.history. */
  z.object({ type: z.literal('serverHistory'), conversationId: z.string() }),
]);
export type Command = z.infer<typeof commandSchema>;

export interface CommandResults {
  signUp: { userId: string };
  createGroup: { conversationId: string };
  join: { status: string };
  send: { started: true };
  stopSending: { queued: number };
  status: { pending: number; failed: number; online: boolean; caughtUp: boolean };
  /** `syncedAt`: online and caught up with the stream; `at`: and every message queued then acked too. */
  awaitCatchUp: { syncedAt: number; at: number };
  awaitCount: { at: number; count: number };
  inventory: { outbox: string[]; acked: string[]; failed: string[] };
  dump: { messages: AuditMessage[] };
  serverHistory: { messages: AuditMessage[] };
}

export type ParentMessage = { id: number; command: Command };

export type ChildMessage =
  | { type: 'ready'; userId: string | null }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }
  /** Bodies now durably in the outbox, in the order written. */
  | { type: 'queued'; bodies: string[] }
  /** Something went wrong in the background (trace 'core.error', a failed message). */
  | { type: 'problem'; message: string };
