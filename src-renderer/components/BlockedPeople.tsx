import { useEffect } from 'react';
import { useModel, useStore } from '../hooks/model-context.ts';
import { Isolated } from './Isolated.tsx';
import { LoadStatus } from './LoadStatus.tsx';

/** Settings → Blocked people: who you blocked (`users.blocked`), each with Unblock. */
export function BlockedPeople() {
  const model = useModel();
  const blocked = useStore(model.people.blocked);
  useEffect(() => {
    void model.people.blocked.load();
  }, [model]);
  return (
    <section className="settings__section" aria-labelledby="settings-blocked">
      <h3 id="settings-blocked" className="settings__heading">
        Blocked people
      </h3>
      {blocked.value && blocked.value.length === 0 && (
        <p className="muted-text">Nobody. Block someone from their profile, a conversation or a request.</p>
      )}
      {blocked.value && blocked.value.length > 0 && (
        <ul className="blocked-list" aria-label="Blocked people">
          {blocked.value.map((user) => (
            <li key={user.id} className="switch-row">
              <p className="switch-row__text">
                <Isolated text={user.displayName} /> <span className="muted-text">@{user.username}</span>
              </p>
              <button
                type="button"
                className="button button--sm"
                aria-label={`Unblock ${user.displayName}`}
                onClick={() => void model.people.unblock(user.id)}
              >
                Unblock
              </button>
            </li>
          ))}
        </ul>
      )}
      {!blocked.value && (
        <LoadStatus state={blocked} what="blocked people" onRetry={() => void model.people.blocked.load()} />
      )}
    </section>
  );
}
