import type { Me } from '../../../src-shared/domain.ts';
import type { SignInBody, SignUpBody } from '../../../src-shared/protocol.ts';
import { AppError } from '../../../src-shared/errors.ts';
import type { SessionStore, StoredSession } from '../settings/session-store.ts';
import type { AuthApi } from './auth-api.ts';
import type { ServerAddress } from './server-address.ts';

export type RefreshOutcome = 'ok' | 'invalid' | 'unreachable';

/** The signed-in session: tokens, their refresh (one at a time), sign-in, sign-up and sign-out. */
export class SessionKeeper {
  readonly #api: AuthApi;
  readonly #store: SessionStore;
  readonly #server: ServerAddress;
  #session: StoredSession | null;
  #refreshing: Promise<RefreshOutcome> | null = null;

  constructor(api: AuthApi, store: SessionStore, server: ServerAddress) {
    this.#api = api;
    this.#store = store;
    this.#server = server;
    const stored = store.load();
    // A session for another server is of no use here.
    this.#session = stored && stored.serverUrl === server.url ? stored : null;
  }

  get me(): Me | null {
    return this.#session?.me ?? null;
  }

  get accessToken(): string | null {
    return this.#session?.tokens.accessToken ?? null;
  }

  setMe(me: Me): void {
    if (!this.#session) return;
    this.#session = { ...this.#session, me };
    this.#store.save(this.#session);
  }

  async signIn(body: SignInBody): Promise<Me> {
    const result = await this.#api.signIn(body);
    this.#keep({ serverUrl: this.#server.url, me: result.me, tokens: result.tokens });
    return result.me;
  }

  async signUp(body: SignUpBody): Promise<Me> {
    const result = await this.#api.signUp(body);
    this.#keep({ serverUrl: this.#server.url, me: result.me, tokens: result.tokens });
    return result.me;
  }

  /** Revokes the session on the server when reachable; forgets it locally in any case. */
  async signOut(): Promise<void> {
    const token = this.accessToken;
    this.#session = null;
    this.#store.clear();
    if (token === null) return;
    try {
      await this.#api.signOut(token);
    } catch (error) {
      // Offline or already expired: the tokens are gone from this machine, which is what matters here.
      if (!(error instanceof AppError)) throw error;
    }
  }

  /** Rotates the tokens; concurrent callers share one request. */
  refresh(): Promise<RefreshOutcome> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #refresh(): Promise<RefreshOutcome> {
    const session = this.#session;
    if (!session) return 'invalid';
    try {
      const tokens = await this.#api.refresh(session.tokens.refreshToken);
      if (this.#session !== session) return 'invalid';
      this.#keep({ ...session, tokens });
      return 'ok';
    } catch (error) {
      const code = AppError.from(error).code;
      if (code === 'REFRESH_TOKEN_INVALID' || code === 'UNAUTHENTICATED' || code === 'VALIDATION_FAILED') {
        this.#session = null;
        this.#store.clear();
        return 'invalid';
      }
      return 'unreachable';
    }
  }

  #keep(session: StoredSession): void {
    this.#session = session;
    this.#store.save(session);
  }
}
