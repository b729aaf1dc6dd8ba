import { errorMessage } from '../api/api-error.ts';
import { Store } from './store.ts';

/**
 * Something loaded from main that the UI waits for: never loaded, loading, there, or failed with a
 * sentence to show beside a Retry button. A reload keeps the last value on screen while it runs.
 */
export type Loadable<T> =
  | { status: 'idle'; value: null; error: null }
  | { status: 'loading'; value: T | null; error: null }
  | { status: 'ready'; value: T; error: null }
  | { status: 'error'; value: T | null; error: string };

export function idle<T>(): Loadable<T> {
  return { status: 'idle', value: null, error: null };
}

/**
 * A store of one `Loadable` and the request that fills it. `load()` never rejects: a failure lands in the
 * store (shown with Retry), and `reloadIfFailed()` is what a reconnect calls. A load started later wins
 * over one still in flight, so an old answer never overwrites a newer one.
 */
export class LoadableStore<T> extends Store<Loadable<T>> {
  readonly #fetch: () => Promise<T>;
  #generation = 0;

  constructor(fetch: () => Promise<T>) {
    super(idle<T>());
    this.#fetch = fetch;
  }

  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.set((s) => ({ status: 'loading', value: s.value, error: null }));
    try {
      const value = await this.#fetch();
      if (generation === this.#generation) this.set({ status: 'ready', value, error: null });
    } catch (error) {
      if (generation === this.#generation)
        this.set((s) => ({ status: 'error', value: s.value, error: errorMessage(error) }));
    }
  }

  /**
   * The connection came back: load again what failed, and what is still in flight (it was most likely
   * sent while offline, and its failure may still be on its way).
   */
  reloadIfFailed(): Promise<void> {
    const { status } = this.get();
    return status === 'error' || status === 'loading' ? this.load() : Promise.resolve();
  }

  /** Puts a value pushed by an event (or returned by an action) in place of whatever was loaded. */
  put(value: T): void {
    this.#generation += 1;
    this.set({ status: 'ready', value, error: null });
  }

  /** Forgets the value (sign-out): the next person starts from nothing. */
  reset(): void {
    this.#generation += 1;
    this.set(idle<T>());
  }

  /** The value, when there is one. */
  get value(): T | null {
    return this.get().value;
  }
}
