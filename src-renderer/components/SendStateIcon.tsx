import type { SendState } from '../../src-shared/ipc.ts';
import { assertNever } from '../../src-shared/constants.ts';

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

/**
 * One shape per state, told apart without colour (as Signal does): a dashed ring while sending, one ring
 * with a check when sent, two rings when delivered, two filled rings in the "seen" colour when seen, and a
 * ring with "!" in the danger colour when it failed. Colours are theme tokens checked for 3:1 contrast
 * against the bubbles and the list (tests/unit/renderer/contrast.test.ts).
 */
function Shape({ state }: { state: SendState }) {
  const check = <path d="M3.6 7.2l1.7 1.7 3.2-3.4" fill="none" strokeWidth={1.5} />;
  switch (state) {
    case 'sending':
      return <circle cx="6" cy="7" r="4.6" fill="none" strokeWidth={1.4} strokeDasharray="2.2 1.6" />;
    case 'sent':
      return (
        <>
          <circle cx="6" cy="7" r="4.6" fill="none" strokeWidth={1.3} />
          {check}
        </>
      );
    case 'delivered':
      return (
        <>
          <circle cx="11" cy="7" r="4.6" fill="none" strokeWidth={1.3} />
          <circle cx="6" cy="7" r="4.6" fill="var(--send-state-bg, transparent)" strokeWidth={1.3} />
          {check}
        </>
      );
    case 'seen':
      return (
        <>
          <circle cx="11" cy="7" r="4.6" fill="currentColor" strokeWidth={1.3} />
          <circle
            cx="6"
            cy="7"
            r="4.6"
            fill="currentColor"
            stroke="var(--send-state-bg, transparent)"
            strokeWidth={1.3}
          />
          <path
            d="M3.6 7.2l1.7 1.7 3.2-3.4"
            fill="none"
            stroke="var(--send-state-on, #fff)"
            strokeWidth={1.5}
          />
        </>
      );
    case 'failed':
      return (
        <>
          <circle cx="6" cy="7" r="4.6" fill="none" strokeWidth={1.4} />
          <path d="M6 4.4v3.2M6 9.5v.1" fill="none" strokeWidth={1.6} />
        </>
      );
    default:
      return assertNever(state, 'send state');
  }
}

export function SendStateIcon({ state }: { state: SendState }) {
  const label = sendStateLabel(state);
  return (
    <svg
      className={`send-state send-state--${state}`}
      role="img"
      aria-label={label}
      data-state={state}
      viewBox="0 0 16 14"
      width="1.15em"
      height="1em"
      stroke="currentColor"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <title>{label}</title>
      <Shape state={state} />
    </svg>
  );
}
