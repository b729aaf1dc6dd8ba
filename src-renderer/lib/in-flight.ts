/**
 * Counts pieces of work in flight (opens of a conversation) so background work (the list's later pages)
 * can wait until none is: a page asked for during an open is answered before the open's page by main,
 * and its JSON and the list's re-render run in front of the open's render.
 */
export class InFlight {
  #count = 0;
  #waiters: (() => void)[] = [];

  /** One more in flight; the returned function ends it (once, however often it is called). */
  begin(): () => void {
    this.#count += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#count -= 1;
      if (this.#count === 0) for (const wake of this.#waiters.splice(0)) wake();
    };
  }

  /**
   * Resolves once nothing is in flight, or after `maxMs` whatever is: background work is put off, never
   * stopped (an open whose answer never comes must not hold the list back for good).
   */
  idle(maxMs: number): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxMs);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
