import { useEffect, useState } from 'react';
import type { Me, ProducerPage } from '../../src-shared/domain.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from '../hooks/model-context.ts';
import { useProfile } from '../hooks/useProfile.ts';
import { Avatar } from './Avatar.tsx';
import { Dialog } from './Dialog.tsx';
import { FollowButton } from './FollowButton.tsx';
import { Icon } from './Icon.tsx';
import { Isolated } from './Isolated.tsx';
import { neutraliseBidi } from '../lib/bidi.ts';
import { ErrorNote } from './ErrorNote.tsx';

const ROLE_LABELS = { user: null, producer: 'Producer', moderator: 'Moderator' } as const;

/** A user's card: follow / unfollow, message, report, followers and following. Not for yourself: no follow or report. */
export function UserCard({ userId, me }: { userId: string; me: Me }) {
  const model = useModel();
  const { profile, error } = useProfile(userId);
  const self = userId === me.id;

  return (
    <Dialog title={profile ? neutraliseBidi(profile.displayName) : 'Profile'} size="sm" testId="user-card">
      {!profile && !error && <p className="muted-text">Loading profile…</p>}
      <ErrorNote error={error} />
      {profile && (
        <div className="profile">
          <div className="profile__hero">
            <Avatar id={profile.id} name={profile.displayName} size="lg" />
            <div>
              <p className="profile__name">
                <Isolated text={profile.displayName} />
              </p>
              <p className="profile__handle">
                @{profile.username}
                {ROLE_LABELS[profile.role] && <span className="pill">{ROLE_LABELS[profile.role]}</span>}
                {profile.followsMe && !self && <span className="pill">Follows you</span>}
                {profile.communityMuted && <span className="pill pill--danger">Muted by moderators</span>}
              </p>
            </div>
          </div>
          {profile.producerPageId && (
            <button
              type="button"
              className="profile__producer"
              onClick={() =>
                profile.producerPageId &&
                model.ui.pushOverlay({ kind: 'producer', producerId: profile.producerPageId })
              }
            >
              <Icon name="music" size={16} />
              <span>{profile.producerName ?? 'Producer page'}</span>
            </button>
          )}
          <div className="profile__stats">
            <button
              type="button"
              className="stat"
              onClick={() =>
                model.ui.pushOverlay({ kind: 'people', list: { of: 'user', userId, which: 'followers' } })
              }
            >
              <strong>{profile.followersCount}</strong>{' '}
              {profile.followersCount === 1 ? 'Follower' : 'Followers'}
            </button>
            <button
              type="button"
              className="stat"
              onClick={() =>
                model.ui.pushOverlay({ kind: 'people', list: { of: 'user', userId, which: 'following' } })
              }
            >
              <strong>{profile.followingCount}</strong> Following
            </button>
          </div>
          {self ? (
            <>
              <LikedProducers />
              <p className="muted-text">This is you. Others see Follow, Message and Report here.</p>
            </>
          ) : (
            <div className="profile__actions">
              <FollowButton userId={userId} size="md" />
              <button
                type="button"
                className="button button--md"
                onClick={() => void model.conversations.messageUser(userId)}
              >
                <Icon name="message" size={16} /> Message
              </button>
              <button
                type="button"
                className="button button--md button--ghost"
                onClick={() => model.ui.pushOverlay({ kind: 'reportUser', user: profile })}
              >
                <Icon name="flag" size={16} /> Report
              </button>
              {profile.blockedByMe ? (
                <button
                  type="button"
                  className="button button--md button--ghost"
                  onClick={() => void model.people.unblock(userId)}
                >
                  Unblock
                </button>
              ) : (
                <button
                  type="button"
                  className="button button--md button--ghost"
                  onClick={() =>
                    model.ui.pushOverlay({ kind: 'confirmBlock', user: profile, requestId: null })
                  }
                >
                  Block…
                </button>
              )}
              {me.role === 'moderator' && (
                <button
                  type="button"
                  className="button button--md button--ghost"
                  onClick={() => void model.moderation.setCommunityMute(userId, !profile.communityMuted)}
                >
                  <Icon name="shield" size={16} />{' '}
                  {profile.communityMuted ? 'Unmute in community' : 'Mute in community'}
                </button>
              )}
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}

/** Your liked (followed) producers, on your own card. */
function LikedProducers() {
  const model = useModel();
  const [producers, setProducers] = useState<ProducerPage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    model.client.call('producers.liked', {}).then(
      ({ producers: list }) => {
        if (!live) return;
        setProducers(list);
        setError(null);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [model, attempt]);
  if (error) {
    return (
      <div className="load-status load-status--error" role="alert">
        <span>Could not load your liked artists: {error}</span>
        <button type="button" className="button button--sm" onClick={() => setAttempt((n) => n + 1)}>
          Retry
        </button>
      </div>
    );
  }
  if (!producers || producers.length === 0) return null;
  return (
    <section className="profile__liked" aria-labelledby="liked-heading">
      <h3 id="liked-heading" className="list-heading">
        {producers.length} liked {producers.length === 1 ? 'artist' : 'artists'}
      </h3>
      <ul className="plain-list">
        {producers.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              className="link-button"
              onClick={() => model.ui.pushOverlay({ kind: 'producer', producerId: p.id })}
            >
              {p.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
