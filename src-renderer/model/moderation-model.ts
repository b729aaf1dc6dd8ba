import type { ApiClient } from '../api/client.ts';
import { errorMessage } from '../api/api-error.ts';
import type { Feedback } from './feedback.ts';
import { LoadableStore } from './loadable.ts';
import type { ProfileSink } from './people-model.ts';

/** For moderators: the open-report count on the sidebar button, and community mutes. */
export class ModerationModel {
  readonly openReports: LoadableStore<number>;
  readonly #client: ApiClient;
  readonly #feedback: Feedback;
  readonly #profiles: ProfileSink;

  constructor(client: ApiClient, feedback: Feedback, profiles: ProfileSink) {
    this.#client = client;
    this.#feedback = feedback;
    this.#profiles = profiles;
    this.openReports = new LoadableStore(async () => {
      const { reports } = await client.call('moderation.reports', {});
      return reports.filter((r) => r.status === 'open').length;
    });
  }

  subscribe(): (() => void)[] {
    return [this.#client.on('moderation.changed', ({ openReports }) => this.openReports.put(openReports))];
  }

  async setCommunityMute(userId: string, mute: boolean): Promise<void> {
    try {
      const { user } = await this.#client.call(mute ? 'moderation.mute' : 'moderation.unmute', { userId });
      this.#profiles.putProfile(user);
      this.#feedback.toast(
        mute
          ? `${user.displayName} is muted in the community.`
          : `${user.displayName} can send messages again.`,
      );
    } catch (error) {
      this.#feedback.toast(errorMessage(error), 'error');
    }
  }
}
