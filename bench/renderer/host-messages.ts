import { z } from 'zod';

/**
 * The messages between the bench and its host process (host-process.ts), over Node's child-process IPC
 * channel. Parsed with zod on arrival on both sides.
 */
export const hostStartSchema = z.object({
  serverUrl: z.string(),
  dataDir: z.string(),
  username: z.string(),
  password: z.string(),
});
export type HostStart = z.infer<typeof hostStartSchema>;

export const toHostSchema = z.discriminatedUnion('type', [
  /** Watch for the server's page of this conversation (the core's `conversation.opened` from the server). */
  z.object({
    type: z.literal('watchOpened'),
    id: z.number(),
    conversationId: z.string(),
    timeoutMs: z.number(),
  }),
  z.object({ type: z.literal('close') }),
]);
export type ToHost = z.infer<typeof toHostSchema>;

export const fromHostSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    url: z.string(),
    /** Rows in the core's list once caught up, and the JSON size of the whole list and of its first page. */
    listed: z.number(),
    listBytes: z.number(),
    firstPageBytes: z.number(),
  }),
  /** The watch is registered: the click may come now. */
  z.object({ type: z.literal('watching'), id: z.number() }),
  z.object({ type: z.literal('opened'), id: z.number() }),
  z.object({ type: z.literal('failed'), id: z.number(), message: z.string() }),
  z.object({ type: z.literal('fatal'), message: z.string() }),
]);
export type FromHost = z.infer<typeof fromHostSchema>;
