import type { IpcEvents } from './ipc-events.ts';
import type { ReadMarker } from './read-marker.ts';
import type { Shell } from './shell.ts';
import type { Background } from './unexpected.ts';

export interface OnScreenOptions {
  shell: Shell;
  reads: Pick<ReadMarker, 'markReadIfUnread'>;
  clearNotification(conversationId: string): void;
  events: Pick<IpcEvents, 'push'>;
  background: Background;
}

/**
 * What the person is looking at: the conversation open in the UI and whether the window has focus. Read
 * marking follows it (a conversation counts as read once it is on screen in a focused window), and so do
 * notifications (none for the conversation being read).
 */
export class OnScreen {
  readonly #o: OnScreenOptions;
  #active: string | null = null;

  constructor(options: OnScreenOptions) {
    this.#o = options;
  }

  /** The conversation open in the UI (focused window or not), or null. */
  get active(): string | null {
    return this.#active;
  }

  /** The conversation open in a focused window: what the person is reading right now. */
  inView(): string | null {
    return this.#o.shell.isWindowFocused() ? this.#active : null;
  }

  setActive(conversationId: string | null): void {
    this.#active = conversationId;
    if (conversationId === null) return;
    this.#o.clearNotification(conversationId);
    this.#markReadIfInView();
  }

  /** The window gained or lost focus: reading the open conversation counts once it is visible. */
  focusChanged(focused: boolean): void {
    if (focused) this.#markReadIfInView();
  }

  /** Browser mode: the page reported focus or visibility (`window.focus`). */
  pageFocusChanged(focused: boolean): void {
    if (this.#o.shell.pageFocusChanged?.(focused)) this.focusChanged(this.#o.shell.isWindowFocused());
  }

  /**
   * A notification was clicked (an OS one, or the page's web notification): it is gone, the window comes
   * forward, and the UI is asked to show its conversation.
   */
  notificationClicked(tag: string): void {
    this.#o.shell.removeNotification(tag);
    this.#o.shell.focusWindow();
    const match = /^conversation:(.+)$/.exec(tag);
    if (match?.[1]) this.#o.events.push('navigate.conversation', { conversationId: match[1] });
  }

  /** Sign-out: nothing of the last account is on screen any more. */
  reset(): void {
    this.#active = null;
  }

  #markReadIfInView(): void {
    const id = this.inView();
    if (id !== null) this.#o.background('markRead', this.#o.reads.markReadIfUnread(id));
  }
}
