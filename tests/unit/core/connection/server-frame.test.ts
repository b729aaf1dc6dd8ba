import { describe, expect, it } from 'vitest';
import { socketFailure } from '../../../../src-main/core/connection/offline-cause.ts';
import { parseServerFrame } from '../../../../src-main/core/connection/server-frame.ts';

describe('parseServerFrame', () => {
  it('returns a frame of the protocol', () => {
    expect(parseServerFrame('{"type":"caught_up","seq":7}')).toEqual({
      ok: true,
      frame: { type: 'caught_up', seq: 7 },
    });
  });

  it('says what is wrong with text that is not JSON or not a frame of the protocol', () => {
    expect(parseServerFrame('{nope')).toEqual({ ok: false, problem: 'a frame that is not JSON' });
    const outside = parseServerFrame('{"type":"surprise"}');
    expect(outside.ok).toBe(false);
    expect(!outside.ok && outside.problem).toMatch(/^a frame outside the protocol: /);
  });
});

describe('socketFailure', () => {
  it("reads an HTTP refusal of the upgrade from ws's message", () => {
    expect(socketFailure(new Error('Unexpected server response: 429'))).toEqual({
      kind: 'http',
      status: 429,
    });
  });

  it('keeps the code and message of any other error', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(socketFailure(error)).toEqual({
      kind: 'error',
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED 127.0.0.1:1',
    });
  });
});
