import type {
  ConversationView,
  IpcEventName,
  IpcEventPayload,
  LocalSettings,
} from '../../../src-shared/ipc.ts';
import type { Me } from '../../../src-shared/domain.ts';
import type { IpcEventListener } from '../../core/ipc-events.ts';
import { isDoNotDisturbOn, trayConversations } from './tray-state.ts';
import type { TrayState } from './tray-model.ts';

/** The core as the tray sees it: its pushed events and a first look at the current state. */
export interface TraySource {
  subscribe(listener: IpcEventListener): () => void;
  me(): Me | null;
  settings(): LocalSettings;
  conversations(): ConversationView[];
  badgeCount(): number;
  now(): number;
  /** Calls back at `at` (a do-not-disturb end), returns the cancel function. */
  at(time: number, callback: () => void): () => void;
}

/**
 * Keeps the tray in step with the core: the unread count (`badge.changed`), the unread and request lists
 * (`conversations.*`), do-not-disturb and start-at-login (`settings.changed`), signed in or not. The
 * conversation views are the same ones the renderer gets; nothing is counted twice.
 */
export function bindTray(update: (patch: Partial<TrayState>) => void, source: TraySource): () => void {
  const conversations = new Map<string, ConversationView>();
  let me = source.me();
  let settings = source.settings();
  let cancelDndTimer: (() => void) | null = null;

  const lists = () => trayConversations(conversations.values(), me?.id ?? null, source.now());
  const dndState = () => {
    cancelDndTimer?.();
    cancelDndTimer = null;
    const until = settings.doNotDisturb?.until;
    const on = isDoNotDisturbOn(settings, source.now());
    // A timed do-not-disturb ends by itself: look again when it does.
    if (on && typeof until === 'number') cancelDndTimer = source.at(until, () => update(dndState()));
    return { doNotDisturb: on };
  };

  for (const conversation of source.conversations()) conversations.set(conversation.id, conversation);
  update({
    signedIn: me !== null,
    unreadCount: source.badgeCount(),
    startAtLogin: settings.startAtLogin,
    ...dndState(),
    ...lists(),
  });

  const onEvent = <E extends IpcEventName>(name: E, payload: IpcEventPayload<E>): void => {
    const event = { name, payload } as {
      [K in IpcEventName]: { name: K; payload: IpcEventPayload<K> };
    }[IpcEventName];
    switch (event.name) {
      case 'conversations.changed':
        for (const conversation of event.payload.conversations)
          conversations.set(conversation.id, conversation);
        update(lists());
        return;
      case 'conversations.removed':
        conversations.delete(event.payload.conversationId);
        update(lists());
        return;
      case 'session.changed':
        me = event.payload.me;
        if (me === null) conversations.clear();
        update({ signedIn: me !== null, ...lists() });
        return;
      case 'badge.changed':
        update({ unreadCount: event.payload.count });
        return;
      case 'settings.changed':
        settings = event.payload;
        // Mutes changed too: the unread list skips muted conversations.
        update({ ...dndState(), startAtLogin: settings.startAtLogin, ...lists() });
        return;
      default:
        return;
    }
  };
  const unsubscribe = source.subscribe(onEvent);
  return () => {
    unsubscribe();
    cancelDndTimer?.();
  };
}
