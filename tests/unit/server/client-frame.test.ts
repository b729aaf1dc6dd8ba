import { describe, expect, it } from 'vitest';
import { parseClientFrame } from '../../../src-server/realtime/client-frame.ts';

describe('parseClientFrame', () => {
  it('returns a frame of the protocol', () => {
    const text = JSON.stringify({ type: 'request', id: 'r1', op: 'me.get', params: {} });
    expect(parseClientFrame(text)).toEqual({
      ok: true,
      frame: { type: 'request', id: 'r1', op: 'me.get', params: {} },
    });
  });

  it('answers text that is not JSON with an error frame', () => {
    expect(parseClientFrame('{nope')).toEqual({
      ok: false,
      answer: { type: 'error', error: { code: 'BAD_REQUEST', message: 'The frame is not valid JSON.' } },
    });
  });

  it('answers a frame outside the protocol on its request id when it has one, else with an error frame', () => {
    const error = { code: 'BAD_REQUEST', message: 'The frame does not match the protocol.' };
    expect(parseClientFrame(JSON.stringify({ type: 'request', id: 'r2' }))).toEqual({
      ok: false,
      answer: { type: 'response', id: 'r2', ok: false, error },
    });
    expect(parseClientFrame(JSON.stringify({ type: 'surprise' }))).toEqual({
      ok: false,
      answer: { type: 'error', error },
    });
  });
});
