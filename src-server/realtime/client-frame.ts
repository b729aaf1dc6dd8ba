import { clientFrameSchema } from '../../src-shared/protocol.ts';
import type { ClientFrame, ServerFrame } from '../../src-shared/protocol.ts';

/** A client's frame, parsed and checked against the protocol, or the answer that refuses it. */
export type ParsedClientFrame = { ok: true; frame: ClientFrame } | { ok: false; answer: ServerFrame };

/**
 * Parses one text frame (pure). A frame that is not JSON is answered with an error frame; one outside the
 * protocol with a response to its request id when it has one (so the client's request fails at once
 * instead of timing out), else with an error frame. The socket stays open either way.
 */
export function parseClientFrame(text: string): ParsedClientFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      answer: { type: 'error', error: { code: 'BAD_REQUEST', message: 'The frame is not valid JSON.' } },
    };
  }
  const parsed = clientFrameSchema.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const id = typeof (json as { id?: unknown })?.id === 'string' ? (json as { id: string }).id : null;
  const error = { code: 'BAD_REQUEST' as const, message: 'The frame does not match the protocol.' };
  return { ok: false, answer: id ? { type: 'response', id, ok: false, error } : { type: 'error', error } };
}
