import { describe, expect, it } from 'vitest';
import { AppError, isRetryable, validationError } from '../../src-shared/errors.ts';
import { LIMITS, messageLength } from '../../src-shared/limits.ts';
import {
  OPS,
  clientFrameSchema,
  isOp,
  serverFrameSchema,
  signUpBodySchema,
} from '../../src-shared/protocol.ts';

describe('wire protocol schemas', () => {
  it('accepts a well-formed request frame and rejects one without an id', () => {
    expect(clientFrameSchema.safeParse({ type: 'request', id: 'r1', op: 'me.get', params: {} }).success).toBe(
      true,
    );
    expect(clientFrameSchema.safeParse({ type: 'request', op: 'me.get', params: {} }).success).toBe(false);
  });

  it('parses error responses with their code', () => {
    const frame = serverFrameSchema.parse({
      type: 'response',
      id: 'r1',
      ok: false,
      error: { code: 'REQUEST_PENDING', message: 'Wait for acceptance' },
    });
    expect(frame.type === 'response' && frame.error?.code).toBe('REQUEST_PENDING');
  });

  it('knows its ops and nothing else', () => {
    expect(isOp('messages.send')).toBe(true);
    expect(isOp('toString')).toBe(false);
    expect(isOp('messages.delete')).toBe(false);
  });

  it('normalises usernames and rejects short passwords with a field path', () => {
    expect(
      signUpBodySchema.parse({ username: ' Beat.Maker ', displayName: 'B', password: 'longenough' }).username,
    ).toBe('beat.maker');
    const result = signUpBodySchema.safeParse({ username: 'abc', displayName: 'A', password: 'short' });
    expect(result.success).toBe(false);
    if (!result.success) expect(validationError(result.error).issues?.[0]?.path).toBe('password');
  });

  it('caps history pages at the shared limit', () => {
    const params = OPS['messages.history'].params;
    expect(params.safeParse({ conversationId: 'c', limit: LIMITS.historyPageMax }).success).toBe(true);
    expect(params.safeParse({ conversationId: 'c', limit: LIMITS.historyPageMax + 1 }).success).toBe(false);
  });
});

describe('limits', () => {
  it('counts message length in code points after trimming', () => {
    expect(messageLength('  hi  ')).toBe(2);
    expect(messageLength('🎹🎧')).toBe(2);
  });
});

describe('errors', () => {
  it('round-trips through the wire body and classifies retryable codes', () => {
    const error = new AppError('RATE_LIMITED', 'slow down', { retryAfterMs: 500 });
    expect(AppError.fromBody(error.toBody())).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 500 });
    expect(isRetryable('RATE_LIMITED')).toBe(true);
    expect(isRetryable('MESSAGE_TOO_LONG')).toBe(false);
  });
});
