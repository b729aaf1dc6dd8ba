import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-renderer/api/api-error.ts';
import { LoadableStore } from '../../../src-renderer/model/loadable.ts';

/** A fetch whose answers the test releases one at a time, in any order. */
function gate<T>() {
  const waiting: { resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  const fetch = () => new Promise<T>((resolve, reject) => waiting.push({ resolve, reject }));
  return { fetch, waiting };
}

describe('LoadableStore', () => {
  it('goes idle → loading → ready, and keeps the value while reloading', async () => {
    const g = gate<number>();
    const store = new LoadableStore(g.fetch);
    expect(store.get().status).toBe('idle');
    const first = store.load();
    expect(store.get()).toEqual({ status: 'loading', value: null, error: null });
    g.waiting[0]?.resolve(3);
    await first;
    expect(store.get()).toEqual({ status: 'ready', value: 3, error: null });
    void store.load();
    expect(store.get()).toEqual({ status: 'loading', value: 3, error: null });
  });

  it('turns a failure into a sentence instead of throwing, and a reload after it succeeds', async () => {
    const g = gate<string>();
    const store = new LoadableStore(g.fetch);
    const load = store.load();
    g.waiting[0]?.reject(new ApiError({ code: 'OFFLINE', message: 'Not connected to the server.' }));
    await expect(load).resolves.toBeUndefined();
    expect(store.get()).toEqual({
      status: 'error',
      value: null,
      error: 'You are offline. Try again when the connection is back.',
    });
    const again = store.reloadIfFailed();
    g.waiting[1]?.resolve('prefs');
    await again;
    expect(store.get()).toEqual({ status: 'ready', value: 'prefs', error: null });
  });

  it('reloads what is still in flight on reconnect, and leaves a loaded value alone', async () => {
    const g = gate<number>();
    const store = new LoadableStore(g.fetch);
    void store.load();
    void store.reloadIfFailed();
    expect(g.waiting).toHaveLength(2);
    g.waiting[1]?.resolve(2);
    // The older request's late failure must not overwrite the newer answer.
    g.waiting[0]?.reject(new Error('late'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.get()).toEqual({ status: 'ready', value: 2, error: null });
    await store.reloadIfFailed();
    expect(g.waiting).toHaveLength(2);
  });

  it('lets an event value win over a load in flight, and forgets everything on reset', async () => {
    const g = gate<number>();
    const store = new LoadableStore(g.fetch);
    const load = store.load();
    store.put(7);
    g.waiting[0]?.resolve(1);
    await load;
    expect(store.value).toBe(7);
    store.reset();
    expect(store.get()).toEqual({ status: 'idle', value: null, error: null });
  });
});
