import type { UserProfile, UserSummary } from '../../src-shared/domain.ts';
import type { ApiClient } from '../api/client.ts';
import { errorMessage } from '../api/api-error.ts';
import { dequal } from 'dequal';
import type { Feedback } from './feedback.ts';
import { LoadableStore } from './loadable.ts';
import { Store } from './store.ts';

/** Where people's names come from: what the conversations and search results carry. */
export interface PeopleDirectory {
  remember(users: readonly UserSummary[]): void;
}

/** Profiles that another area changes (a moderator's community mute answers with the new profile). */
export interface ProfileSink {
  putProfile(user: UserProfile): void;
}

/** Everyone met so far (for names and avatars), profiles on demand, and following. */
export class PeopleModel implements PeopleDirectory, ProfileSink {
  /** Everyone met so far (participants, search results), for names and avatars. */
  readonly known = new Store<ReadonlyMap<string, UserSummary>>(new Map());
  readonly profiles = new Store<ReadonlyMap<string, UserProfile>>(new Map());
  /** The people you blocked (Settings lists them with Unblock); loaded when Settings opens. */
  readonly blocked: LoadableStore<readonly UserSummary[]>;
  readonly #client: ApiClient;
  readonly #feedback: Feedback;

  constructor(client: ApiClient, feedback: Feedback) {
    this.#client = client;
    this.#feedback = feedback;
    this.blocked = new LoadableStore<readonly UserSummary[]>(
      async () => (await client.call('users.blocked', {})).users,
    );
  }

  subscribe(): (() => void)[] {
    return [
      this.#client.on('follow.changed', ({ followerId, followeeId }) => {
        for (const id of [followerId, followeeId]) {
          if (this.profiles.get().has(id))
            this.loadProfile(id).catch((error: unknown) => this.#feedback.log('refreshing a profile', error));
        }
      }),
    ];
  }

  remember(users: readonly UserSummary[]): void {
    if (users.length === 0) return;
    // Every refresh of a conversation brings its participants again as new objects: only a person who
    // changed replaces the one known, so names and avatars that read the map re-render only then.
    const known = this.known.get();
    const changed = users.filter((u) => {
      const had = known.get(u.id);
      return had === undefined || (had !== u && !dequal(had, u));
    });
    if (changed.length === 0) return;
    this.known.set((prev) => {
      const next = new Map(prev);
      for (const u of changed) next.set(u.id, u);
      return next;
    });
  }

  async loadProfile(userId: string): Promise<UserProfile> {
    const { user } = await this.#client.call('users.get', { userId });
    this.putProfile(user);
    return user;
  }

  putProfile(user: UserProfile): void {
    this.profiles.set((prev) => new Map(prev).set(user.id, user));
  }

  /** Follow or unfollow; resolves true when it was saved (the caller moves focus on success). */
  async setFollow(userId: string, follow: boolean): Promise<boolean> {
    try {
      const { user } = await this.#client.call(follow ? 'users.follow' : 'users.unfollow', { userId });
      this.putProfile(user);
      return true;
    } catch (error) {
      this.#feedback.toast(errorMessage(error), 'error');
      return false;
    }
  }

  /**
   * Blocks or unblocks someone: they can no longer message you or see your activity (the server's rule).
   * Throws the reason, for the dialog or the button that asked.
   */
  async setBlocked(userId: string, block: boolean): Promise<void> {
    const { user } = await this.#client.call(block ? 'users.block' : 'users.unblock', { userId });
    this.putProfile(user);
    const list = this.blocked.value;
    if (list)
      this.blocked.put(
        block ? [user, ...list.filter((u) => u.id !== userId)] : list.filter((u) => u.id !== userId),
      );
    this.#feedback.toast(block ? `${user.displayName} is blocked.` : `${user.displayName} is unblocked.`);
  }

  /** Unblock from a plain button (Settings, a profile): no dialog to hold a failure, so it is toasted. */
  async unblock(userId: string): Promise<void> {
    try {
      await this.setBlocked(userId, false);
    } catch (error) {
      this.#feedback.toast(errorMessage(error), 'error');
    }
  }

  reset(): void {
    this.blocked.reset();
    this.profiles.set(new Map());
  }
}
