import { useEffect, useState } from 'react';
import type { UserSummary } from '../../src-shared/domain.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from '../hooks/model-context.ts';
import type { PeopleList } from '../model/ui-state.ts';
import { Avatar } from './Avatar.tsx';
import { Dialog } from './Dialog.tsx';
import { ErrorNote } from './ErrorNote.tsx';

/** Followers or following of a user, or a producer page's followers; each opens that person's card. */
export function PeopleListDialog({ list: source }: { list: PeopleList }) {
  const model = useModel();
  const [users, setUsers] = useState<{ key: string; list: UserSummary[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const which = source.of === 'user' ? source.which : 'followers';
  const key =
    source.of === 'user' ? `user:${source.userId}:${source.which}` : `producer:${source.producerId}`;
  const subjectId = source.of === 'user' ? source.userId : source.producerId;

  useEffect(() => {
    let live = true;
    const request =
      source.of === 'producer'
        ? model.client.call('producers.followers', { producerId: subjectId })
        : model.client.call(which === 'followers' ? 'users.followers' : 'users.following', {
            userId: subjectId,
          });
    request.then(
      ({ users: list }) => {
        model.people.remember(list);
        if (live) setUsers({ key, list });
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [model, source.of, subjectId, which, key]);

  const list = users?.key === key ? users.list : null;
  return (
    <Dialog title={which === 'followers' ? 'Followers' : 'Following'} size="sm" testId="people-list">
      {!list && !error && <p className="muted-text">Loading…</p>}
      <ErrorNote error={error} />
      {list && list.length === 0 && (
        <p className="muted-text">
          {which === 'followers' ? 'No followers yet.' : 'Not following anyone yet.'}
        </p>
      )}
      {list && list.length > 0 && (
        <ul className="plain-list people-rows">
          {list.map((u) => (
            <li key={u.id}>
              <button
                type="button"
                className="person-row"
                onClick={() => model.ui.pushOverlay({ kind: 'user', userId: u.id })}
              >
                <Avatar id={u.id} name={u.displayName} size="sm" />
                <span className="person-option__names">
                  <span className="person-option__name">{u.displayName}</span>
                  <span className="person-option__detail">@{u.username}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
