import { useEffect, useState } from 'react';
import type { Me, ProducerPage as ProducerPageData } from '../../src-shared/domain.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from '../hooks/model-context.ts';
import { Avatar } from './Avatar.tsx';
import { Dialog } from './Dialog.tsx';
import { Icon } from './Icon.tsx';
import { ErrorNote } from './ErrorNote.tsx';

/** A producer page: Follow / Following (the heart "like"), followers, and Message when a user has claimed it. */
export function ProducerPage({ producerId, me }: { producerId: string; me: Me }) {
  const model = useModel();
  const [producer, setProducer] = useState<{ id: string; data: ProducerPageData } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    model.client.call('producers.get', { producerId }).then(
      ({ producer: data }) => live && setProducer({ id: producerId, data }),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [model, producerId]);

  const page = producer?.id === producerId ? producer.data : null;
  const following = page?.followedByMe ?? false;
  const owner = page?.claimedBy ?? null;

  const toggle = () => {
    if (busy) return;
    setBusy(true);
    model.client.call(following ? 'producers.unfollow' : 'producers.follow', { producerId }).then(
      ({ producer: data }) => {
        setProducer({ id: producerId, data });
        setBusy(false);
      },
      (e: unknown) => {
        model.ui.toast(errorMessage(e), 'error');
        setBusy(false);
      },
    );
  };

  return (
    <Dialog title={page ? page.name : 'Producer'} size="sm" testId="producer-page">
      {!page && !error && <p className="muted-text">Loading…</p>}
      <ErrorNote error={error} />
      {page && (
        <div className="profile">
          <div className="profile__hero">
            <Avatar id={page.id} name={page.name} size="lg" />
            <div>
              <p className="profile__name">{page.name}</p>
              <p className="profile__handle">
                <span className="pill">Producer</span>
                {owner ? `Claimed by @${owner.username}` : 'Not claimed yet'}
              </p>
            </div>
          </div>
          {page.bio && <p className="profile__bio">{page.bio}</p>}
          <div className="profile__stats">
            <button
              type="button"
              className="stat"
              onClick={() => model.ui.pushOverlay({ kind: 'people', list: { of: 'producer', producerId } })}
            >
              <strong>{page.followersCount}</strong> {page.followersCount === 1 ? 'Follower' : 'Followers'}
            </button>
          </div>
          <div className="profile__actions">
            {owner?.id !== me.id && (
              <button
                type="button"
                className={`button button--md like-button${following ? ' like-button--on' : ''}`}
                aria-pressed={following}
                aria-disabled={busy || undefined}
                onClick={toggle}
              >
                <Icon name="heart" size={16} filled={following} />
                {following ? 'Following' : 'Follow'}
              </button>
            )}
            {owner && owner.id !== me.id && (
              <button
                type="button"
                className="button button--md"
                onClick={() => void model.conversations.messageUser(owner.id)}
              >
                <Icon name="message" size={16} /> Message
              </button>
            )}
            {owner && (
              <button
                type="button"
                className="button button--md button--ghost"
                onClick={() => model.ui.pushOverlay({ kind: 'user', userId: owner.id })}
              >
                View {owner.displayName}
              </button>
            )}
          </div>
        </div>
      )}
    </Dialog>
  );
}
