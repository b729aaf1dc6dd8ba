import type { Me } from '../../src-shared/domain.ts';
import { AppError } from '../../src-shared/errors.ts';
import type { ServerInfo } from '../../src-shared/ipc.ts';
import type { SignInBody, SignUpBody } from '../../src-shared/protocol.ts';
import type { Connection } from './connection/connection.ts';
import type { ServerAddress } from './connection/server-address.ts';
import type { SessionKeeper } from './connection/session.ts';
import type { IpcEvents } from './ipc-events.ts';
import type { SettingsService } from './settings/settings-service.ts';

export interface AccountOptions {
  session: SessionKeeper;
  server: ServerAddress;
  settings: Pick<SettingsService, 'setServerUrl'>;
  connection: Pick<Connection, 'start' | 'stop'>;
  /** Makes the cache this user's; true when it held another account's data (now wiped). */
  claimCacheFor(userId: string): boolean;
  events: Pick<IpcEvents, 'push'>;
  /** Drops every piece of the signed-out user's state on this machine. */
  forgetUser(): void;
}

/** Who is signed in, where: server choice, sign-in, sign-up, sign-out, and the server ending the session. */
export class Account {
  readonly #o: AccountOptions;

  constructor(options: AccountOptions) {
    this.#o = options;
  }

  /** Where the app signs in; changed at sign-in time only, so a session never straddles two servers. */
  serverInfo(): ServerInfo {
    const { server } = this.#o;
    return {
      url: server.url,
      defaultUrl: server.defaultUrl,
      embedded: server.isEmbedded,
      insecure: server.isInsecure,
    };
  }

  /** Plain http:// to another computer needs `allowInsecure` (else INSECURE_SERVER). */
  setServer(url: string | null, allowInsecure = false): ServerInfo {
    if (this.#o.session.me !== null) throw new AppError('FORBIDDEN', 'Sign out before changing the server.');
    this.#o.server.set(url, allowInsecure);
    this.#o.settings.setServerUrl(this.#o.server.isDefault ? null : this.#o.server.url);
    return this.serverInfo();
  }

  async signIn(body: SignInBody): Promise<Me> {
    return this.#signedIn(await this.#o.session.signIn(body));
  }

  async signUp(body: SignUpBody): Promise<Me> {
    return this.#signedIn(await this.#o.session.signUp(body));
  }

  /**
   * Forgets this account on this machine at once, then revokes the session on the server when it is
   * reachable.
   */
  async signOut(): Promise<void> {
    this.#o.connection.stop();
    const revoked = this.#o.session.signOut();
    this.#forget();
    await revoked;
  }

  /** The server ended the session (revoked, or the refresh token refused). */
  sessionEnded(): void {
    if (this.#o.session.me !== null) return;
    this.#forget();
  }

  #signedIn(me: Me): Me {
    if (this.#o.claimCacheFor(me.id)) this.#o.events.push('conversations.changed', { conversations: [] });
    this.#o.events.push('session.changed', { me });
    this.#o.connection.stop();
    this.#o.connection.start();
    return me;
  }

  #forget(): void {
    this.#o.forgetUser();
    this.#o.events.push('session.changed', { me: null });
  }
}
