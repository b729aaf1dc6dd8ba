import { afterNextPaint } from './after-paint.ts';

/**
 * Holds work until the next frame has been painted, then runs it in the order it came. Opening a
 * conversation holds it once the cached page is in: the server's page that follows every open (its
 * `messages.changed` and `conversations.changed`, 30 kB) then waits for the history to be on screen
 * rather than being merged and re-rendered in front of it. Work that is not held runs at once.
 */
export class PaintGate {
  #queue: (() => void)[] | null = null;

  /** Until the next frame has been painted (or 100 ms without frames, see afterNextPaint), `run` queues. */
  hold(): void {
    if (this.#queue) return;
    const queue: (() => void)[] = [];
    this.#queue = queue;
    void afterNextPaint().then(() => {
      this.#queue = null;
      // Through `run`: work that holds the gate again keeps the rest behind it, in order.
      for (const work of queue) this.run(work);
    });
  }

  run(work: () => void): void {
    if (this.#queue) this.#queue.push(work);
    else work();
  }
}
