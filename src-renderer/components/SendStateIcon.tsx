import type { SendState } from '../../src-shared/ipc.ts';
import { assertNever } from '../../src-shared/errors.ts';

export function sendStateLabel(state: SendState): string {
  switch (state) {
    case 'sending':
      return 'Sending';
    case 'sent':
      return 'Sent';
    case 'delivered':
      return 'Delivered';
    case 'seen':
      return 'Seen';
    case 'failed':
      return 'Not sent';
    default:
      return assertNever(state, 'send state');
  }
}

/** ✓ sent, ✓✓ delivered, green ✓✓ seen, a clock while sending, "!" when it failed. */
export function SendStateIcon({ state }: { state: SendState }) {
  const label = sendStateLabel(state);
  const glyph = state === 'sending' ? '◷' : state === 'failed' ? '!' : state === 'sent' ? '✓' : '✓✓';
  return (
    <span
      className={`send-state send-state--${state}`}
      role="img"
      aria-label={label}
      title={label}
      data-state={state}
    >
      {glyph}
    </span>
  );
}
