/** A held place under a counter's key. Release it when the connection ends; a second release does nothing. */
export interface ConnectionSlot {
  release(): void;
}

/**
 * Counts open connections per key ("address:…", "user:…") and refuses one past a maximum. Behind an
 * interface so the count can live in a shared store (every node sees the same number) instead of this
 * process. `tryAcquire` never throws for a full key: it resolves null.
 */
export interface ConnectionCounter {
  tryAcquire(key: string, max: number): Promise<ConnectionSlot | null>;
  /** How many slots the key holds now (for tests and metrics). */
  count(key: string): Promise<number>;
}

/** The single-node counter: a map in this process. */
export class MemoryConnectionCounter implements ConnectionCounter {
  private readonly counts = new Map<string, number>();

  async tryAcquire(key: string, max: number): Promise<ConnectionSlot | null> {
    const held = this.counts.get(key) ?? 0;
    if (held >= max) return null;
    this.counts.set(key, held + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const now = (this.counts.get(key) ?? 1) - 1;
        if (now <= 0) this.counts.delete(key);
        else this.counts.set(key, now);
      },
    };
  }

  async count(key: string): Promise<number> {
    return this.counts.get(key) ?? 0;
  }
}
