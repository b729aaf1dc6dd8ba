import { useState } from 'react';
import { useModel } from '../hooks/model-context.ts';
import { useProfile } from '../hooks/useProfile.ts';
import { useMe } from '../hooks/useSession.ts';
import { Icon } from './Icon.tsx';

/**
 * Follow / Unfollow for a user; hidden for yourself. The label changes once the follow is saved, and focus
 * stays on the button throughout.
 */
export function FollowButton({ userId, size = 'sm' }: { userId: string; size?: 'sm' | 'md' }) {
  const model = useModel();
  const me = useMe();
  const { profile } = useProfile(userId);
  const [busy, setBusy] = useState(false);
  if (!profile || me?.id === userId) return null;
  const following = profile.followedByMe;
  return (
    <button
      type="button"
      className={`button ${following ? '' : 'button--primary'} button--${size}`}
      // aria-disabled, not disabled: a disabled button drops keyboard focus to the page while it saves.
      aria-disabled={busy || undefined}
      onClick={() => {
        if (busy) return;
        setBusy(true);
        void model.people.setFollow(userId, !following).finally(() => setBusy(false));
      }}
      aria-label={`${following ? 'Unfollow' : 'Follow'} ${profile.displayName}`}
    >
      <Icon name={following ? 'userCheck' : 'userPlus'} size={16} />
      {following ? 'Unfollow' : 'Follow'}
    </button>
  );
}
