import { defaultNotificationPrefs, notificationPrefsSchema } from '../../src-shared/domain.ts';
import type { NotificationPrefs } from '../../src-shared/domain.ts';
import type { Cache } from './cache/cache.ts';
import type { Clock } from './clock.ts';
import { shouldNotify } from './policy/notify.ts';
import type { NotifySubject } from './policy/notify.ts';
import type { SettingsService } from './settings/settings-service.ts';
import type { Shell } from './shell.ts';
import { META_PREFS } from './sync/apply-event.ts';
import type { Trace } from './trace.ts';

/** Applies the notification policy to events and drives the shell's notifications. */
export interface NotifierOptions {
  cache: Cache;
  shell: Shell;
  settings: SettingsService;
  clock: Clock;
  trace: Trace;
  meId: () => string | null;
  activeConversationId: () => string | null;
}

export class Notifier {
  readonly #o: NotifierOptions;

  constructor(options: NotifierOptions) {
    this.#o = options;
  }

  prefs(): NotificationPrefs {
    const raw = this.#o.cache.meta.get(META_PREFS);
    if (raw === null) return defaultNotificationPrefs();
    const parsed = notificationPrefsSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : defaultNotificationPrefs();
  }

  consider(subject: NotifySubject, replayed: boolean): void {
    const meId = this.#o.meId();
    if (meId === null) return;
    const settings = this.#o.settings.get();
    const conversationId =
      subject.kind === 'message'
        ? subject.message.conversationId
        : subject.notification.data.kind === 'message_request'
          ? subject.notification.data.conversationId
          : null;
    const decision = shouldNotify(subject, {
      meId,
      prefs: this.prefs(),
      privacy: settings.notificationPrivacy,
      doNotDisturb: settings.doNotDisturb,
      conversationMute: conversationId === null ? null : this.#o.settings.muteOf(conversationId),
      activeConversationId: this.#o.activeConversationId(),
      windowFocused: this.#o.shell.isWindowFocused(),
      replayed,
      now: this.#o.clock.now(),
    });
    this.#o.trace.emit('notification.decided', {
      conversationId,
      show: decision.show,
      reason: decision.show ? 'shown' : decision.reason,
      eventType:
        subject.kind === 'message' ? 'message.created' : `notification.${subject.notification.data.kind}`,
    });
    if (decision.show) this.#o.shell.showNotification({ ...decision.content, silent: !settings.sound });
  }

  /** The conversation was read: its notification has nothing left to say. */
  clearConversation(conversationId: string): void {
    this.#o.shell.removeNotification(`conversation:${conversationId}`);
  }
}
