import type { Me } from '../../src-shared/domain.ts';
import type { RendererApi } from '../api/api.ts';
import { ApiClient } from '../api/client.ts';
import { ConversationsModel } from './conversations-model.ts';
import { ModerationModel } from './moderation-model.ts';
import { NotificationsModel } from './notifications-model.ts';
import { PeopleModel } from './people-model.ts';
import { SessionModel } from './session-model.ts';
import { SettingsModel } from './settings-model.ts';
import { UiModel } from './ui-model.ts';
import { WebNotificationsModel } from './web-notifications-model.ts';

/**
 * The composition root of the renderer's state: one model per area, each with its own stores and
 * actions, given only the narrow interfaces it needs (no area imports another's class). This file wires
 * them: bridge events to each area, and what signing in, signing out and reconnecting mean for each.
 */
export class AppModel {
  readonly client: ApiClient;
  readonly ui = new UiModel();
  readonly session: SessionModel;
  readonly people: PeopleModel;
  readonly conversations: ConversationsModel;
  readonly notifications: NotificationsModel;
  readonly moderation: ModerationModel;
  readonly settings: SettingsModel;
  /** Browser mode only (null on the desktop, which shows OS notifications itself). */
  readonly webNotifications: WebNotificationsModel | null;
  readonly #unsubscribe: (() => void)[] = [];

  constructor(api: RendererApi, options: { browserMode: boolean } = { browserMode: false }) {
    const client = new ApiClient(api);
    this.client = client;
    this.webNotifications = options.browserMode ? new WebNotificationsModel(client, this.ui) : null;
    this.people = new PeopleModel(client, this.ui);
    this.notifications = new NotificationsModel(client, this.ui);
    this.conversations = new ConversationsModel(client, this.ui, this.people, this.notifications);
    this.moderation = new ModerationModel(client, this.ui, this.people);
    this.settings = new SettingsModel(client);
    this.session = new SessionModel(client, this.ui, {
      signedIn: (me) => this.#signedIn(me),
      signedOut: () => this.#signedOut(),
      reconnected: () => this.#reconnected(),
    });
  }

  /** Subscribes to every event before the first request (main holds a deep link until then), then loads. */
  start(): void {
    this.#unsubscribe.push(
      ...this.session.subscribe(),
      ...this.people.subscribe(),
      ...this.conversations.subscribe(),
      ...this.notifications.subscribe(),
      ...this.moderation.subscribe(),
      ...this.settings.subscribe(),
      ...(this.webNotifications?.subscribe() ?? []),
      // The global hotkey brought the window up: the quick switcher, ready to type.
      this.client.on('navigate.quickSwitcher', () => {
        if (this.session.me) this.ui.pushOverlay({ kind: 'quickSwitcher' });
      }),
      // A bug in main (it was logged and main carried on): said, with where and what, never swallowed.
      this.client.on('app.unexpectedError', ({ where, message, count }) =>
        this.ui.toast(
          `Something went wrong in the app (${where}: ${message}).${count > 1 ? ` ${count} problems so far.` : ''} It carries on; if something looks wrong, restart it.`,
          'error',
        ),
      ),
    );
    void this.settings.local.load();
    void this.session.boot();
    this.conversations.prefetch();
  }

  stop(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
  }

  #signedIn(me: Me): void {
    void this.conversations.reload();
    void this.settings.prefs.load();
    void this.notifications.list.load();
    void this.notifications.loadBadge();
    if (me.role === 'moderator') void this.moderation.openReports.load();
  }

  /** Every piece of per-user state goes, so the next person starts from nothing. */
  #signedOut(): void {
    this.conversations.reset();
    this.notifications.reset();
    this.people.reset();
    this.settings.prefs.reset();
    this.moderation.openReports.reset();
    this.ui.reset();
  }

  /** Loads that failed while the server was out of reach run again once it is back. */
  #reconnected(): void {
    this.conversations.reloadIfFailed();
    void this.settings.local.reloadIfFailed();
    void this.settings.prefs.reloadIfFailed();
    void this.notifications.list.reloadIfFailed();
    if (this.session.me?.role === 'moderator') void this.moderation.openReports.reloadIfFailed();
  }
}
