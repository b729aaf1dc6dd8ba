import { serverFrameSchema } from '../../../src-shared/protocol.ts';
import type { ServerFrame } from '../../../src-shared/protocol.ts';

/** A frame from the server, parsed and checked against the protocol, or what was wrong with it. */
export type ParsedServerFrame = { ok: true; frame: ServerFrame } | { ok: false; problem: string };

/** Parses one text frame (pure): the connection reports a problem as malformed and goes on. */
export function parseServerFrame(text: string): ParsedServerFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'a frame that is not JSON' };
  }
  const parsed = serverFrameSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, problem: `a frame outside the protocol: ${parsed.error.issues[0]?.message ?? ''}` };
  }
  return { ok: true, frame: parsed.data };
}
