import type { ConversationView, MessageView } from '../../src-shared/ipc.ts';
import type { ApiClient } from '../api/client.ts';
import { errorMessage } from '../api/api-error.ts';
import { mergeMessages } from '../lib/grouping.ts';
import { PaintGate } from '../lib/paint-gate.ts';
import type { Feedback } from './feedback.ts';
import { Store } from './store.ts';

export interface ThreadState {
  messages: readonly MessageView[];
  /** The server said there is nothing before the oldest loaded message. */
  reachedStart: boolean;
  status: 'loading' | 'ready' | 'error';
  loadingOlder: boolean;
  error: string | null;
  /** The viewer's read watermark when the conversation was opened: where the "new messages" line goes. */
  unreadAfterSeq: number | null;
}

const EMPTY_THREAD: ThreadState = {
  messages: [],
  reachedStart: false,
  status: 'loading',
  loadingOlder: false,
  error: null,
  unreadAfterSeq: null,
};

/**
 * The loaded history of each conversation opened so far, kept per conversation: the newest page on open,
 * older pages on demand, and live changes merged by client id. Sends, retries and discards go through here.
 */
export class ThreadsModel {
  readonly #threads = new Map<string, Store<ThreadState>>();
  readonly #client: ApiClient;
  readonly #feedback: Feedback;

  readonly #gate: PaintGate;

  constructor(client: ApiClient, feedback: Feedback, gate: PaintGate = new PaintGate()) {
    this.#client = client;
    this.#feedback = feedback;
    this.#gate = gate;
  }

  subscribe(): (() => void)[] {
    const on = this.#client.on.bind(this.#client);
    return [
      on('messages.changed', ({ conversationId, messages }) =>
        this.#gate.run(() =>
          this.#threads.get(conversationId)?.set((t) => withMessages(t, mergeMessages(t.messages, messages))),
        ),
      ),
      on('messages.removed', ({ conversationId, clientId }) =>
        this.#gate.run(() =>
          this.#threads
            .get(conversationId)
            ?.set((t) => ({ ...t, messages: t.messages.filter((m) => m.clientId !== clientId) })),
        ),
      ),
    ];
  }

  thread(conversationId: string): Store<ThreadState> {
    let store = this.#threads.get(conversationId);
    if (!store) {
      store = new Store<ThreadState>(EMPTY_THREAD);
      this.#threads.set(conversationId, store);
    }
    return store;
  }

  forget(conversationId: string): void {
    this.#threads.delete(conversationId);
  }

  reset(): void {
    this.#threads.clear();
  }

  /**
   * Loads the newest page. `conversation` is the list's copy from before opening: its read watermark says
   * where the "new messages" line goes, fixed for this visit (re-set on every open, so it is never stale).
   * Resolves with the conversation as main returns it (now read), or null when it failed.
   */
  async open(
    conversationId: string,
    conversation: ConversationView | null,
  ): Promise<ConversationView | null> {
    const store = this.thread(conversationId);
    store.set((t) => ({
      ...t,
      status: t.status === 'ready' ? 'ready' : 'loading',
      error: null,
      unreadAfterSeq: conversation ? unreadAfter(conversation) : null,
    }));
    try {
      const result = await this.#client.call('conversations.open', { conversationId });
      store.set((t) => {
        // The cached page may come before the server's answer (which arrives as messages.changed), so
        // "more before" is derived from sequence numbers (see hasOlder), not from this first answer.
        const next = withMessages(t, mergeMessages(t.messages, result.messages));
        return next.status === 'ready' && next.error === null
          ? next
          : { ...next, status: 'ready', error: null };
      });
      // The server's page for this open usually follows within 30–100 ms: it waits for the cached page's
      // frame (see PaintGate).
      this.#gate.hold();
      return result.conversation;
    } catch (error) {
      store.set((t) => ({
        ...t,
        status: t.messages.length > 0 ? 'ready' : 'error',
        error: errorMessage(error),
      }));
      return null;
    }
  }

  /** Loads the page before the oldest message shown. Resolves false when there is nothing more. */
  async loadOlder(conversationId: string): Promise<boolean> {
    const store = this.thread(conversationId);
    const t = store.get();
    const oldest = t.messages.find((m) => m.seq !== null)?.seq;
    if (t.loadingOlder || !hasOlder(t) || oldest === undefined || oldest === null) return false;
    store.set((s) => ({ ...s, loadingOlder: true }));
    try {
      const result = await this.#client.call('conversations.history', { conversationId, beforeSeq: oldest });
      store.set((s) => ({
        ...s,
        loadingOlder: false,
        reachedStart: !result.hasMore,
        messages: mergeMessages(s.messages, result.messages),
      }));
      return result.hasMore;
    } catch (error) {
      store.set((s) => ({ ...s, loadingOlder: false, error: errorMessage(error) }));
      return false;
    }
  }

  /** Loads older pages until the message is there (or the start is reached). */
  async reveal(conversationId: string, clientId: string): Promise<void> {
    const store = this.thread(conversationId);
    await waitFor(store, (t) => t.status !== 'loading');
    const has = () => store.get().messages.some((m) => m.clientId === clientId);
    while (!has() && hasOlder(store.get())) {
      const before = store.get().messages.length;
      await this.loadOlder(conversationId);
      if (store.get().messages.length === before) break;
    }
  }

  /** Sends a message; rejects when main refused it outright (the composer keeps the text). */
  async send(conversationId: string, body: string): Promise<void> {
    const { message } = await this.#client.call('messages.send', { conversationId, body });
    this.#merge(conversationId, [message]);
  }

  async retry(conversationId: string, clientId: string): Promise<void> {
    try {
      const { message } = await this.#client.call('messages.retry', { clientId });
      this.#merge(conversationId, [message]);
    } catch (error) {
      this.#feedback.toast(errorMessage(error), 'error');
    }
  }

  /**
   * Drops a failed message, with Undo on the toast for a few seconds (`messages.restore` brings it back,
   * failed, where it was). Resolves true when it is gone.
   */
  async discard(conversationId: string, clientId: string): Promise<boolean> {
    if ((await this.#takeBack(conversationId, clientId)) === null) return false;
    this.#feedback.toast('Message discarded.', 'info', {
      label: 'Undo',
      run: () => void this.restore(conversationId, clientId),
    });
    return true;
  }

  /** Edit: drops a failed message and returns its text for the composer (null when that failed). */
  async edit(conversationId: string, clientId: string): Promise<string | null> {
    return this.#takeBack(conversationId, clientId);
  }

  async restore(conversationId: string, clientId: string): Promise<void> {
    try {
      const { message } = await this.#client.call('messages.restore', { clientId });
      this.#merge(conversationId, [message]);
    } catch (error) {
      this.#feedback.toast(`Could not bring the message back: ${errorMessage(error)}`, 'error');
    }
  }

  async #takeBack(conversationId: string, clientId: string): Promise<string | null> {
    try {
      const { discarded } = await this.#client.call('messages.discard', { clientId });
      this.thread(conversationId).set((t) => ({
        ...t,
        messages: t.messages.filter((m) => m.clientId !== clientId),
      }));
      return discarded.body;
    } catch (error) {
      this.#feedback.toast(errorMessage(error), 'error');
      return null;
    }
  }

  #merge(conversationId: string, messages: readonly MessageView[]): void {
    this.thread(conversationId).set((t) => withMessages(t, mergeMessages(t.messages, messages)));
  }
}

/** The thread with these messages: the same object when they are the same list (nothing re-renders). */
function withMessages(thread: ThreadState, messages: readonly MessageView[]): ThreadState {
  return messages === thread.messages ? thread : { ...thread, messages };
}

/**
 * Whether messages exist before the oldest loaded one. Sequence numbers start at 1 and have no gaps, so
 * an oldest seq above 1 means more, unless the server already said there is nothing further back.
 */
export function hasOlder(thread: Pick<ThreadState, 'messages' | 'reachedStart'>): boolean {
  if (thread.reachedStart) return false;
  const oldest = thread.messages.find((m) => m.seq !== null)?.seq;
  return oldest !== undefined && oldest !== null && oldest > 1;
}

function unreadAfter(conversation: ConversationView): number | null {
  return conversation.unreadCount > 0 ? conversation.lastReadSeq : null;
}

function waitFor<T>(store: Store<T>, predicate: (value: T) => boolean): Promise<void> {
  if (predicate(store.get())) return Promise.resolve();
  return new Promise((resolve) => {
    const off = store.subscribe(() => {
      if (!predicate(store.get())) return;
      off();
      resolve();
    });
  });
}
