import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src-shared/limits.ts';
import type { RequestFrame } from '../../../src-shared/protocol.ts';
import type { OpHandlers } from '../../../src-server/context.ts';
import { createLogger } from '../../../src-server/log.ts';
import { Dispatcher } from '../../../src-server/realtime/dispatcher.ts';

const caller = { userId: 'u1', sessionId: 's1', connectionId: 'c1' };
const handlers = {
  'messages.send': async () => ({ ok: true }),
  'me.get': async () => ({ ok: true }),
} as unknown as OpHandlers;

let counter = 0;
const send = (): RequestFrame => ({
  type: 'request',
  id: `r${++counter}`,
  op: 'messages.send',
  params: {
    conversationId: '0190a5b4-7a2b-7cc3-8a1e-4a1d2c3b4d5e',
    clientId: `client-${counter}`,
    body: 'hi',
  },
});
const meGet = (): RequestFrame => ({ type: 'request', id: `r${++counter}`, op: 'me.get', params: {} });

async function codes(dispatcher: Dispatcher, frames: RequestFrame[]): Promise<string[]> {
  const outcomes = [];
  for (const frame of frames) outcomes.push(await dispatcher.dispatch(caller, frame));
  return outcomes.map((o) => (o.ok ? 'ok' : o.error.code));
}

describe('Dispatcher rate limits', () => {
  it('limits sends to the send budget and other requests to the request budget', async () => {
    const dispatcher = new Dispatcher(handlers, createLogger('silent'), LIMITS.sendRatePerWindow);
    const sends = await codes(dispatcher, Array.from({ length: LIMITS.sendRatePerWindow + 1 }, send));
    expect(sends.filter((c) => c === 'ok')).toHaveLength(LIMITS.sendRatePerWindow);
    expect(sends.at(-1)).toBe('RATE_LIMITED');
    const rest = LIMITS.requestRatePerWindow - LIMITS.sendRatePerWindow - 1;
    const others = await codes(dispatcher, Array.from({ length: rest + 1 }, meGet));
    expect(others.filter((c) => c === 'ok')).toHaveLength(rest);
    expect(others.at(-1)).toBe('RATE_LIMITED');
  });

  it('never lets the request budget cap a larger send budget (--send-rate)', async () => {
    const sendRate = LIMITS.requestRatePerWindow * 2;
    const dispatcher = new Dispatcher(handlers, createLogger('silent'), sendRate);
    const sends = await codes(dispatcher, Array.from({ length: sendRate + 1 }, send));
    expect(sends.filter((c) => c === 'ok')).toHaveLength(sendRate);
    expect(sends.at(-1)).toBe('RATE_LIMITED');
  });
});
