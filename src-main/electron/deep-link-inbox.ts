import type { DeepLink } from './deep-link.ts';
import type { Core } from '../core/core.ts';

/**
 * Deep links from the OS (`open-url` on macOS, a second instance's argv elsewhere, our own argv at
 * launch), held until the page can act on them: links can arrive before `ready`, and a conversation link
 * means nothing until the renderer listens for `navigate.conversation`. `deliverTo` names the receiver
 * once the page made its first call; from then on links go straight through.
 */
export class DeepLinkInbox {
  #pending: DeepLink | null;
  #receiver: ((link: DeepLink) => void) | null = null;

  constructor(atLaunch: DeepLink | null) {
    this.#pending = atLaunch;
  }

  receive(link: DeepLink): void {
    if (this.#receiver) return this.#receiver(link);
    // "Just show the app" must not replace a waiting conversation link.
    if (link.kind === 'messages' && this.#pending?.kind === 'conversation') return;
    this.#pending = link;
  }

  deliverTo(receiver: (link: DeepLink) => void): void {
    this.#receiver = receiver;
    const held = this.#pending;
    this.#pending = null;
    if (held) receiver(held);
  }
}

/** Shows the window and, for a conversation link, tells the page to open it (tray, notification, URL). */
export function openDeepLink(
  link: DeepLink,
  window: { showAndFocus(): void },
  core: { push: Core['push'] },
): void {
  window.showAndFocus();
  if (link.kind === 'conversation')
    core.push('navigate.conversation', { conversationId: link.conversationId });
}
