import { assertNever } from '../../src-shared/errors.ts';
import { LIMITS } from '../../src-shared/limits.ts';
import type { EphemeralEvent } from '../../src-shared/protocol.ts';
import type { Clock, Timer } from './clock.ts';

/**
 * Who is typing where. Indicators are ephemeral: each lasts `typingExpiryMs` from when it arrived (local
 * clock, so clock skew with the server does not matter) unless refreshed or cleared.
 */
export class TypingTracker {
  readonly #clock: Clock;
  readonly #changed: (conversationId: string, userIds: string[]) => void;
  readonly #typing = new Map<string, Map<string, Timer>>();

  constructor(clock: Clock, changed: (conversationId: string, userIds: string[]) => void) {
    this.#clock = clock;
    this.#changed = changed;
  }

  /** An ephemeral event from the server; the viewer's own typing (from another device) is not shown. */
  apply(event: EphemeralEvent, meId: string | null): void {
    switch (event.type) {
      case 'typing':
        if (event.userId !== meId) this.set(event.conversationId, event.userId, event.typing);
        return;
      default:
        assertNever(event.type, 'ephemeral event');
    }
  }

  set(conversationId: string, userId: string, typing: boolean): void {
    let users = this.#typing.get(conversationId);
    users?.get(userId)?.cancel();
    if (typing) {
      if (!users) this.#typing.set(conversationId, (users = new Map()));
      users.set(
        userId,
        this.#clock.after(LIMITS.typingExpiryMs, () => this.set(conversationId, userId, false)),
      );
    } else {
      users?.delete(userId);
    }
    this.#changed(conversationId, this.typingIn(conversationId));
  }

  /** A message from someone ends their typing indicator. */
  clear(conversationId: string, userId: string): void {
    if (this.#typing.get(conversationId)?.has(userId)) this.set(conversationId, userId, false);
  }

  typingIn(conversationId: string): string[] {
    return [...(this.#typing.get(conversationId)?.keys() ?? [])];
  }

  reset(): void {
    for (const users of this.#typing.values()) for (const timer of users.values()) timer.cancel();
    const conversations = [...this.#typing.keys()];
    this.#typing.clear();
    for (const id of conversations) this.#changed(id, []);
  }
}
