import { describe, expect, it } from 'vitest';
import { createPreloadApi } from '../../../src-preload/preload-api.ts';
import type { IpcRendererLike } from '../../../src-preload/preload-api.ts';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL } from '../../../src-shared/bridge.ts';
import type { BridgeEvent } from '../../../src-shared/bridge.ts';

function fakeIpcRenderer(answer: (args: unknown[]) => Promise<unknown>) {
  const invoked: [string, unknown[]][] = [];
  const listeners = new Map<string, (event: unknown, message: BridgeEvent) => void>();
  const ipc: IpcRendererLike = {
    invoke: (channel, ...args) => {
      invoked.push([channel, args]);
      return answer(args);
    },
    on: (channel, listener) => listeners.set(channel, listener),
  };
  return {
    ipc,
    invoked,
    push: (message: BridgeEvent) => listeners.get(ELECTRON_EVENT_CHANNEL)?.({}, message),
    listeners,
  };
}

describe('preload window.api', () => {
  it('exposes exactly invoke and on', () => {
    const api = createPreloadApi(fakeIpcRenderer(async () => null).ipc);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('sends every request on the one invoke channel and returns main’s answer', async () => {
    const fake = fakeIpcRenderer(async () => ({ ok: true, result: { count: 2 } }));
    const api = createPreloadApi(fake.ipc);
    expect(await api.invoke('badge.get', {})).toEqual({ ok: true, result: { count: 2 } });
    expect(fake.invoked).toEqual([[ELECTRON_INVOKE_CHANNEL, ['badge.get', {}]]]);
    expect([...fake.listeners.keys()]).toEqual([ELECTRON_EVENT_CHANNEL]);
  });

  it('never rejects: a failed invoke is DISCONNECTED', async () => {
    const api = createPreloadApi(
      fakeIpcRenderer(async () => Promise.reject(new Error('No handler registered'))).ipc,
    );
    expect(await api.invoke('badge.get', {})).toEqual({
      ok: false,
      error: { code: 'DISCONNECTED', message: 'No handler registered' },
    });
  });

  it('dispatches events by name, isolates a throwing listener, and unsubscribes', () => {
    const fake = fakeIpcRenderer(async () => null);
    const api = createPreloadApi(fake.ipc);
    const counts: number[] = [];
    const offBroken = api.on('badge.changed', () => {
      throw new Error('broken listener');
    });
    const off = api.on('badge.changed', ({ count }) => counts.push(count));
    const original = console.error;
    console.error = () => {};
    try {
      fake.push({ name: 'badge.changed', payload: { count: 1 } });
      fake.push({ name: 'connection.changed', payload: { status: 'signed_out' } });
      off();
      offBroken();
      fake.push({ name: 'badge.changed', payload: { count: 2 } });
    } finally {
      console.error = original;
    }
    expect(counts).toEqual([1]);
  });
});
