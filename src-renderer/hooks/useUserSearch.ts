import { useEffect, useState } from 'react';
import type { UserSummary } from '../../src-shared/domain.ts';
import { LIMITS } from '../../src-shared/limits.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel } from './model-context.ts';

export type UserSearchState =
  | { status: 'idle'; users: UserSummary[] }
  | { status: 'too_short'; users: UserSummary[] }
  | { status: 'loading'; users: UserSummary[] }
  | { status: 'ready'; users: UserSummary[] }
  | { status: 'error'; users: UserSummary[]; error: string };

/**
 * People search for the new-message dialog and the quick switcher: a blank query gives suggestions
 * (followed users first), one character asks for more, two or more search (debounced).
 */
export function useUserSearch(query: string, enabled = true): UserSearchState {
  const model = useModel();
  const q = query.trim();
  const tooShort = q.length > 0 && q.length < LIMITS.userSearchMinChars;
  const [result, setResult] = useState<{ query: string; state: UserSearchState } | null>(null);

  useEffect(() => {
    if (!enabled || tooShort) return;
    let live = true;
    const timer = setTimeout(
      () => {
        model.client.call('users.search', { query: q }).then(
          ({ users }) => {
            model.people.remember(users);
            if (live) setResult({ query: q, state: { status: 'ready', users } });
          },
          (error: unknown) => {
            if (live)
              setResult({ query: q, state: { status: 'error', users: [], error: errorMessage(error) } });
          },
        );
      },
      q.length === 0 ? 0 : 150,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [model, q, enabled, tooShort]);

  if (!enabled) return { status: 'idle', users: [] };
  if (tooShort) return { status: 'too_short', users: [] };
  if (result?.query === q) return result.state;
  // While the server's answer for this text is on its way, keep only the earlier results that still match
  // it: a stale suggestion must never be the highlighted one that Enter picks.
  return { status: 'loading', users: (result?.state.users ?? []).filter((u) => stillMatches(u, q)) };
}

function stillMatches(user: UserSummary, query: string): boolean {
  const needle = query.toLowerCase();
  return (
    user.displayName.toLowerCase().includes(needle) ||
    user.username.toLowerCase().includes(needle) ||
    (user.producerName?.toLowerCase().includes(needle) ?? false)
  );
}
