import type { Clock, Timer } from './clock.ts';
import { unreadBadgeCount } from './policy/badge.ts';
import type { BadgeConversation } from './policy/badge.ts';

export interface BadgeCounterOptions {
  /** The cached conversations' read state (`ConversationStore.badgeRows`). */
  rows(): readonly BadgeConversation[];
  isMuted(conversationId: string): boolean;
  meId(): string | null;
  clock: Clock;
  /** The count changed: set the dock / tray badge and tell the UI. */
  changed(count: number): void;
}

/**
 * The one place the unread badge is computed (`count`), and the coalesced recomputation after a change
 * (`schedule`: a replay of thousands of events recomputes it once, and `changed` fires only when the
 * number moved).
 */
export class BadgeCounter {
  readonly #o: BadgeCounterOptions;
  #shown = -1;
  #timer: Timer | null = null;
  #closed = false;

  constructor(options: BadgeCounterOptions) {
    this.#o = options;
  }

  count(): number {
    const meId = this.#o.meId();
    return meId === null ? 0 : unreadBadgeCount(this.#o.rows(), meId, (id) => this.#o.isMuted(id));
  }

  schedule(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = this.#o.clock.after(0, () => {
      this.#timer = null;
      if (this.#closed) return;
      const count = this.count();
      if (count === this.#shown) return;
      this.#shown = count;
      this.#o.changed(count);
    });
  }

  close(): void {
    this.#closed = true;
    this.#timer?.cancel();
    this.#timer = null;
  }
}
