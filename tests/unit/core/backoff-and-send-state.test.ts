import { describe, expect, it } from 'vitest';
import { backoffDelay, RECONNECT_BACKOFF } from '../../../src-main/core/connection/backoff.ts';
import { canMove, furthest } from '../../../src-main/core/outbox/send-state.ts';
import { SEND_STATES } from '../../../src-shared/ipc.ts';
import { deriveSendState } from '../../../src-shared/ipc.ts';

describe('backoff with full jitter', () => {
  const policy = { baseMs: 500, capMs: 30_000 };

  it('draws from [0, base · 2^attempt) and never past the cap', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(0);
    expect(backoffDelay(0, policy, () => 0.999999)).toBe(499);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(2_000);
    expect(backoffDelay(6, policy, () => 0.999999)).toBe(29_999);
    expect(backoffDelay(60, policy, () => 0.999999)).toBe(29_999);
  });

  it('spreads clients across the whole window', () => {
    const delays = [0.1, 0.4, 0.9].map((r) => backoffDelay(4, RECONNECT_BACKOFF, () => r));
    expect(delays).toEqual([800, 3_200, 7_200]);
  });
});

describe('send states', () => {
  it('only move forward along sending → sent → delivered → seen', () => {
    expect(canMove('sending', 'sent')).toBe(true);
    expect(canMove('sent', 'seen')).toBe(true);
    expect(canMove('delivered', 'sent')).toBe(false);
    expect(canMove('seen', 'delivered')).toBe(false);
    expect(canMove('sent', 'sent')).toBe(false);
  });

  it('leave for failed only from sending, and come back only through a retry or the server having it', () => {
    expect(canMove('sending', 'failed')).toBe(true);
    for (const from of ['sent', 'delivered', 'seen'] as const) expect(canMove(from, 'failed')).toBe(false);
    expect(canMove('failed', 'sending')).toBe(true);
    expect(canMove('failed', 'sent')).toBe(true);
  });

  it('resolve a race between two sources to the further state', () => {
    for (const a of SEND_STATES) for (const b of SEND_STATES) expect(furthest(a, b)).toBe(furthest(b, a));
    expect(furthest('seen', 'sent')).toBe('seen');
    expect(furthest('failed', 'sending')).toBe('failed');
    expect(furthest('failed', 'sent')).toBe('sent');
  });

  it('derive delivered and seen from the receipt watermarks', () => {
    expect(deriveSendState(5, 4, 3)).toBe('sent');
    expect(deriveSendState(4, 4, 3)).toBe('delivered');
    expect(deriveSendState(3, 4, 3)).toBe('seen');
  });
});
