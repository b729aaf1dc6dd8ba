import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src-shared/limits.ts';
import type { RequestFrame } from '../../../src-shared/protocol.ts';
import type { OpHandlers } from '../../../src-server/context.ts';
import { DEFAULT_LIMIT_SETTINGS, createServerLimits } from '../../../src-server/limits/server-limits.ts';
import { createLogger } from '../../../src-server/log.ts';
import { Dispatcher } from '../../../src-server/realtime/dispatcher.ts';

const caller = { userId: 'u1', sessionId: 's1', connectionId: 'c1' };
const limitsWith = (sendRatePerWindow: number) =>
  createServerLimits({ ...DEFAULT_LIMIT_SETTINGS, sendRatePerWindow });
const handlers = {
  'messages.send': async () => ({ ok: true }),
  'me.get': async () => ({ ok: true }),
  'users.search': async () => ({ users: [] }),
  'typing.set': async () => ({ ok: true }),
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
    const dispatcher = new Dispatcher(handlers, createLogger('silent'), limitsWith(LIMITS.sendRatePerWindow));
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
    const dispatcher = new Dispatcher(handlers, createLogger('silent'), limitsWith(sendRate));
    const sends = await codes(dispatcher, Array.from({ length: sendRate + 1 }, send));
    expect(sends.filter((c) => c === 'ok')).toHaveLength(sendRate);
    expect(sends.at(-1)).toBe('RATE_LIMITED');
  });

  it('counts per user, whatever the socket: a second connection of the same user shares the budget', async () => {
    const dispatcher = new Dispatcher(handlers, createLogger('silent'), limitsWith(LIMITS.sendRatePerWindow));
    const otherSocket = { ...caller, connectionId: 'c2' };
    const otherUser = { userId: 'u2', sessionId: 's2', connectionId: 'c3' };
    const outcomes = [];
    for (let i = 0; i < LIMITS.sendRatePerWindow; i++) {
      outcomes.push(await dispatcher.dispatch(i % 2 === 0 ? caller : otherSocket, send()));
    }
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const over = await dispatcher.dispatch(otherSocket, send());
    expect(over.ok ? 'ok' : over.error.code).toBe('RATE_LIMITED');
    const someoneElse = await dispatcher.dispatch(otherUser, send());
    expect(someoneElse.ok).toBe(true);
  });

  it('gives search and typing budgets of their own', async () => {
    const dispatcher = new Dispatcher(handlers, createLogger('silent'), limitsWith(LIMITS.sendRatePerWindow));
    const search = (): RequestFrame => ({
      type: 'request',
      id: `r${++counter}`,
      op: 'users.search',
      params: { query: 'ab' },
    });
    const typing = (): RequestFrame => ({
      type: 'request',
      id: `r${++counter}`,
      op: 'typing.set',
      params: { conversationId: '0190a5b4-7a2b-7cc3-8a1e-4a1d2c3b4d5e', typing: true },
    });
    const searches = await codes(dispatcher, Array.from({ length: LIMITS.searchRatePerWindow + 1 }, search));
    expect(searches.filter((c) => c === 'ok')).toHaveLength(LIMITS.searchRatePerWindow);
    expect(searches.at(-1)).toBe('RATE_LIMITED');
    const typings = await codes(dispatcher, Array.from({ length: LIMITS.typingRatePerWindow + 1 }, typing));
    expect(typings.filter((c) => c === 'ok')).toHaveLength(LIMITS.typingRatePerWindow);
    expect(typings.at(-1)).toBe('RATE_LIMITED');
  });
});
