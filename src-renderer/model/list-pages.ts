import type { IpcResult } from '../../src-shared/ipc.ts';
import type { ApiClient } from '../api/client.ts';
import { afterNextPaint } from '../lib/after-paint.ts';
import type { InFlight } from '../lib/in-flight.ts';

/**
 * Conversations in the first page of the list (more than a screen holds), then per background page. The
 * background pages are small and wait for a frame between them, so a click soon after start-up (whose
 * answer queues behind theirs on the bridge) waits for one short page, not for a 500-row JSON parse and
 * re-render.
 */
const FIRST_PAGE = 60;
const LATER_PAGE = 200;
/** The longest an open puts off the list's next page (an open's page normally paints within 100 ms). */
const OPEN_HOLDS_PAGES_MS = 500;

export type ConversationsPage = IpcResult<'conversations.list'>;
type PageOutcome = { ok: true; page: ConversationsPage } | { ok: false; error: unknown };

/** What a load does with each page, and how it knows it is still wanted (a newer load or a sign-out). */
export interface PageSink {
  wanted(): boolean;
  first(page: ConversationsPage): void;
  later(page: ConversationsPage): void;
}

/**
 * Loads the conversation list over the bridge in pages: a small first page that paints the list at once
 * (5,000 conversations are ~5 MB of JSON), then the rest in the background, each page after a frame has
 * painted and never while a conversation is opening (`opens`): main would answer the page first, and its
 * JSON and the list's re-render would run in front of the opened history's render.
 */
export class ListPages {
  readonly #client: ApiClient;
  readonly #opens: InFlight;
  /** The first page, asked for at start-up before the session was known (see `prefetch`). */
  #prefetched: Promise<PageOutcome> | null = null;

  constructor(client: ApiClient, opens: InFlight) {
    this.#client = client;
    this.#opens = opens;
  }

  /**
   * Asks for the list's first page at start-up, right after `session.get` and before its answer: the list
   * then needs no round trip of its own once the session says someone is signed in. The next `load`
   * takes it; signing out (`drop`) drops it. Main answers requests in the order they were sent and
   * pushes the events between them on the same channel, so the page is of the cache of whoever the
   * session answer (or a `session.changed` that overtook it) names.
   */
  prefetch(): void {
    this.#prefetched = this.#client.call('conversations.list', { limit: FIRST_PAGE }).then(
      (page): PageOutcome => ({ ok: true, page }),
      (error: unknown): PageOutcome => ({ ok: false, error }),
    );
  }

  drop(): void {
    this.#prefetched = null;
  }

  /** Every page in order, until the last or until the sink no longer wants them; rejects as a page fails. */
  async load(sink: PageSink): Promise<void> {
    const first = await this.#firstPage();
    if (!sink.wanted()) return;
    sink.first(first);
    let before = first.nextCursor ?? null;
    while (before !== null) {
      await afterNextPaint();
      await this.#opens.idle(OPEN_HOLDS_PAGES_MS);
      if (!sink.wanted()) return;
      const page = await this.#client.call('conversations.list', { limit: LATER_PAGE, before });
      if (!sink.wanted()) return;
      sink.later(page);
      before = page.nextCursor ?? null;
    }
  }

  async #firstPage(): Promise<ConversationsPage> {
    const prefetched = this.#prefetched;
    this.#prefetched = null;
    if (!prefetched) return this.#client.call('conversations.list', { limit: FIRST_PAGE });
    const outcome = await prefetched;
    if (!outcome.ok) throw outcome.error;
    return outcome.page;
  }
}
