import type { SendState } from '../../../src-shared/ipc.ts';
import { assertNever } from '../../../src-shared/errors.ts';

/** The forward order of send states; `failed` is the side exit, off this line. */
const RANK: Record<Exclude<SendState, 'failed'>, number> = { sending: 0, sent: 1, delivered: 2, seen: 3 };

/**
 * Whether a message may move from one send state to another: forward along sending → sent → delivered →
 * seen (skipping is fine: an ack can arrive after the read receipt), into `failed` only from `sending`,
 * and out of `failed` only back to `sending` (the user's retry) or to `sent` (the server had it after all).
 */
export function canMove(from: SendState, to: SendState): boolean {
  if (from === to) return false;
  switch (from) {
    case 'failed':
      return to === 'sending' || to === 'sent' || to === 'delivered' || to === 'seen';
    case 'sending':
    case 'sent':
    case 'delivered':
    case 'seen':
      if (to === 'failed') return from === 'sending';
      return RANK[to] > RANK[from];
    default:
      return assertNever(from, 'send state');
  }
}

/** The state to show when two sources disagree (an event and an ack racing): never a step back. */
export function furthest(a: SendState, b: SendState): SendState {
  if (a === 'failed') return b === 'sending' ? a : b;
  if (b === 'failed') return a === 'sending' ? b : a;
  return RANK[a] >= RANK[b] ? a : b;
}
