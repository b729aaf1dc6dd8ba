import type { NotificationContent } from '../../core/policy/notify.ts';

/** What the OS notification needs; `replyPlaceholder` non-null asks for an inline reply field. */
export interface NotificationSpec {
  tag: string;
  title: string;
  body: string;
  silent: boolean;
  replyPlaceholder: string | null;
}

export interface NotificationHandlers {
  click(): void;
  reply(text: string): void;
  /** The OS dismissed it (or the user did): forget it. */
  closed(): void;
}

export interface NotificationHandle {
  show(): void;
  close(): void;
}

/** Makes one OS notification; Electron's `Notification` behind `electron-notifications.ts`, a fake in tests. */
export type NotificationFactory = (
  spec: NotificationSpec,
  handlers: NotificationHandlers,
) => NotificationHandle;

export interface NotificationServiceOptions {
  factory: NotificationFactory;
  /** A click: the core focuses the window and tells the UI which conversation (by tag) to open. */
  clicked: (tag: string) => void;
  /** An inline reply: sent as a message to that conversation. */
  replied: (conversationId: string, text: string) => void;
  /** Whether this platform offers inline replies (macOS) and the conversation accepts one now. */
  canReply: (conversationId: string) => boolean;
}

/**
 * The OS notifications the core's policy asks for, one per tag: a conversation's newer message replaces
 * its notification, and reading the conversation anywhere removes it (`remove`).
 */
export class NotificationService {
  readonly #options: NotificationServiceOptions;
  readonly #shown = new Map<string, NotificationHandle>();

  constructor(options: NotificationServiceOptions) {
    this.#options = options;
  }

  get shownTags(): string[] {
    return [...this.#shown.keys()];
  }

  show(content: NotificationContent & { silent: boolean }): void {
    this.remove(content.tag);
    const conversationId = content.conversationId;
    const replyable = conversationId !== null && this.#options.canReply(conversationId);
    let handle: NotificationHandle | null = null;
    const forget = () => {
      if (handle && this.#shown.get(content.tag) === handle) this.#shown.delete(content.tag);
    };
    handle = this.#options.factory(
      {
        tag: content.tag,
        title: content.title,
        body: content.body,
        silent: content.silent,
        replyPlaceholder: replyable ? 'Reply…' : null,
      },
      {
        click: () => {
          forget();
          this.#options.clicked(content.tag);
        },
        reply: (text) => {
          forget();
          const body = text.trim();
          if (conversationId !== null && body !== '') this.#options.replied(conversationId, body);
        },
        closed: forget,
      },
    );
    this.#shown.set(content.tag, handle);
    handle.show();
  }

  remove(tag: string): void {
    const handle = this.#shown.get(tag);
    if (!handle) return;
    this.#shown.delete(tag);
    handle.close();
  }

  removeAll(): void {
    for (const tag of [...this.#shown.keys()]) this.remove(tag);
  }
}
