import type { Me } from '../../src-shared/domain.ts';
import type { SignInBody, SignUpBody } from '../../src-shared/protocol.ts';
import type { ConnectionState, ServerInfo } from '../../src-shared/ipc.ts';
import type { ApiClient } from '../api/client.ts';
import { errorMessage } from '../api/api-error.ts';
import type { Feedback } from './feedback.ts';
import { LoadableStore } from './loadable.ts';
import { Store } from './store.ts';

export interface SessionSlice {
  status: 'loading' | 'ready';
  me: Me | null;
}

/** What the rest of the app does when the person or the connection changes (wired by `AppModel`). */
export interface SessionListener {
  signedIn(me: Me): void;
  signedOut(): void;
  /** The connection came back online after being anything else: reload what failed meanwhile. */
  reconnected(): void;
}

/** Who is signed in, and the state of the connection to the server. */
export class SessionModel {
  readonly state = new Store<SessionSlice>({ status: 'loading', me: null });
  readonly connection = new Store<ConnectionState | null>(null);
  /** Whether the app's core answers at all (in a browser: the socket to the headless host is up). */
  readonly coreReachable = new Store<boolean>(true);
  /** The server this app signs in to (the sign-in screen, the offline banner and the insecure warning say it). */
  readonly server: LoadableStore<ServerInfo>;
  readonly #client: ApiClient;
  readonly #feedback: Feedback;
  readonly #listener: SessionListener;

  constructor(client: ApiClient, feedback: Feedback, listener: SessionListener) {
    this.#client = client;
    this.#feedback = feedback;
    this.#listener = listener;
    this.server = new LoadableStore(() => client.call('server.get', {}));
  }

  get me(): Me | null {
    return this.state.get().me;
  }

  subscribe(): (() => void)[] {
    const on = this.#client.on.bind(this.#client);
    return [
      on('session.changed', ({ me }) => this.#setMe(me)),
      on('me.changed', ({ me }) => this.state.set((s) => ({ ...s, me }))),
      on('connection.changed', (state) => this.#setConnection(state)),
    ];
  }

  /** First load: who is signed in and how the connection is. Failures are shown, not guessed away. */
  async boot(): Promise<void> {
    void this.server.load();
    const [session, connection] = await Promise.allSettled([
      this.#client.call('session.get', {}),
      this.#client.call('connection.get', {}),
    ]);
    if (connection.status === 'fulfilled') this.#setConnection(connection.value);
    else this.#feedback.log('reading the connection state', connection.reason);
    if (session.status === 'fulfilled') this.#setMe(session.value.me);
    else {
      this.#feedback.log('reading the session', session.reason);
      this.#setMe(null);
    }
  }

  async signIn(body: SignInBody): Promise<void> {
    const { me } = await this.#client.call('session.signIn', body);
    // session.changed normally arrives too; whichever comes first loads the signed-in state once.
    this.#setMe(me);
  }

  async signUp(body: SignUpBody): Promise<void> {
    const { me } = await this.#client.call('session.signUp', body);
    this.#setMe(me);
  }

  async signOut(): Promise<void> {
    await this.#client.call('session.signOut', {});
    this.#setMe(null);
  }

  /**
   * Chooses the server to sign in to (null: the default). `allowInsecure` is the person's confirmation of
   * plain http:// to another computer; without it the core refuses with INSECURE_SERVER.
   */
  async setServer(url: string | null, allowInsecure: boolean): Promise<ServerInfo> {
    const info = await this.#client.call('server.set', { url, ...(allowInsecure ? { allowInsecure } : {}) });
    this.server.put(info);
    return info;
  }

  /** "Retry now": the core reconnects at once instead of waiting for its backoff timer. */
  async retryConnection(): Promise<void> {
    try {
      this.#setConnection(await this.#client.call('connection.retry', {}));
    } catch (error) {
      this.#feedback.toast(errorMessage(error), 'error');
    }
  }

  setCoreReachable(up: boolean): void {
    const was = this.coreReachable.get();
    this.coreReachable.set(up);
    // Back after a drop: the core may have restarted; ask again who is signed in, reload what failed.
    if (up && !was) {
      void this.boot();
      this.#listener.reconnected();
    }
  }

  #setMe(me: Me | null): void {
    const previous = this.state.get();
    this.state.set({ status: 'ready', me });
    if (me && previous.me?.id !== me.id) this.#listener.signedIn(me);
    if (!me && (previous.me !== null || previous.status === 'loading')) this.#listener.signedOut();
  }

  #setConnection(state: ConnectionState): void {
    const before = this.connection.get();
    this.connection.set(state);
    if (state.status === 'online' && before !== null && before.status !== 'online')
      this.#listener.reconnected();
  }
}
