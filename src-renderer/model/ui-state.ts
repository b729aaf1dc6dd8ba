import type { UserSummary } from '../../src-shared/domain.ts';
import type { MessageView } from '../../src-shared/ipc.ts';
import type { ToastAction } from './feedback.ts';

/** Panels that sit above the main view; the top one takes the keyboard, Esc closes it. */
export type Overlay =
  | { kind: 'quickSwitcher' }
  | { kind: 'newMessage' }
  | { kind: 'shortcuts' }
  | { kind: 'search'; conversationId: string | null }
  | { kind: 'settings' }
  | { kind: 'notifications' }
  | { kind: 'moderation' }
  | { kind: 'user'; userId: string }
  | { kind: 'producer'; producerId: string }
  | { kind: 'people'; list: PeopleList }
  | { kind: 'reportMessage'; message: MessageView; authorName: string }
  | { kind: 'reportUser'; user: UserSummary }
  | { kind: 'confirmHide'; conversationId: string }
  | { kind: 'confirmDecline'; conversationId: string }
  | { kind: 'confirmLeave'; conversationId: string }
  /** `requestId`: blocking from a message request or invitation also declines it. */
  | { kind: 'confirmBlock'; user: UserSummary; requestId: string | null };

export type OverlayKind = Overlay['kind'];

/** Whose people a list shows: a user's followers or following, or a producer page's followers. */
export type PeopleList =
  { of: 'user'; userId: string; which: 'followers' | 'following' } | { of: 'producer'; producerId: string };

export interface JumpTarget {
  conversationId: string;
  clientId: string;
  /** Changes on every jump, so jumping to the same message twice still scrolls. */
  nonce: number;
}

export interface UiState {
  activeId: string | null;
  overlays: readonly Overlay[];
  /** Conversation ids, most recently opened first (for Ctrl+Tab). */
  recent: readonly string[];
  /** Where a Ctrl+Tab cycle is while Ctrl is held; null when not cycling. */
  recentCursor: number | null;
  jump: JumpTarget | null;
  /** Bumped to ask the composer to take focus. */
  composerFocus: number;
  /** Text to put into a conversation's composer (Edit on a failed message), until the composer took it. */
  composerInsert: ComposerInsert | null;
  /**
   * The conversation list should take focus (the open conversation went away, or Back): set until the
   * list, mounted and no longer behind a dialog, has taken it.
   */
  listFocusPending: boolean;
  zoom: number;
  density: Density;
}

export interface ComposerInsert {
  conversationId: string;
  text: string;
  nonce: number;
}

/** Comfortable is the default; compact fits more rows in a narrow window beside a DAW. */
export type Density = 'comfortable' | 'compact';

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
  /** A button on the toast, such as Undo. */
  action: ToastAction | null;
}
