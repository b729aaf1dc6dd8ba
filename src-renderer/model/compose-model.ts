import { LIMITS } from '../../src-shared/limits.ts';
import { capMessage } from '../lib/composer.ts';
import type { ApiClient } from '../api/client.ts';
import type { Feedback } from './feedback.ts';

/** What the composer asks of main besides sending: drafts kept per conversation, and typing pings. */
export class ComposeModel {
  readonly #client: ApiClient;
  readonly #feedback: Feedback;
  /** When each conversation's last "typing" ping went out (0: none, or "stopped" was sent since). */
  readonly #typingSentAt = new Map<string, number>();

  constructor(client: ApiClient, feedback: Feedback) {
    this.#client = client;
    this.#feedback = feedback;
  }

  /** The draft main keeps (it may be newer than the list's copy: another window, a restart). */
  async loadDraft(conversationId: string): Promise<string | null> {
    try {
      const { body } = await this.#client.call('drafts.get', { conversationId });
      return body === null ? null : capMessage(body).text;
    } catch (error) {
      // The list's copy of the draft is already in the composer; this only refreshes it.
      this.#feedback.log('reading the saved draft', error);
      return null;
    }
  }

  /**
   * Saves the draft, capped at the message limit (an oversized draft would be refused by the bridge and
   * lose the whole text); rejects when main could not (the composer says the draft is not saved).
   */
  async saveDraft(conversationId: string, body: string): Promise<void> {
    await this.#client.call('drafts.set', { conversationId, body: capMessage(body).text });
  }

  /** Tells the others you are typing (throttled) or stopped; a lost ping is only logged. */
  setTyping(conversationId: string, typing: boolean, now = Date.now()): void {
    const sentAt = this.#typingSentAt.get(conversationId) ?? 0;
    if (typing && now - sentAt < LIMITS.typingThrottleMs) return;
    if (!typing && sentAt === 0) return;
    this.#typingSentAt.set(conversationId, typing ? now : 0);
    this.#client
      .call('typing.set', { conversationId, typing })
      .catch((error: unknown) => this.#feedback.log('sending the typing state', error));
  }
}
