/**
 * Collects what one turn of the event loop produces and hands it on once, in order, on `setImmediate`: by
 * the check phase every socket read in the same poll (or every answer of a group commit) has been added,
 * so one `postMessage` carries them all. A message between threads costs a few microseconds however
 * little it carries; one per request would cost about as much as a point query.
 */
export class TurnBatch<T> {
  private items: T[] = [];
  private readonly send: (items: T[]) => void;

  constructor(send: (items: T[]) => void) {
    this.send = send;
  }

  push(item: T): void {
    if (this.items.length === 0) setImmediate(() => this.flush());
    this.items.push(item);
  }

  /** Sends what is waiting now (also called by the turn's own flush). */
  flush(): void {
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.send(items);
  }
}
