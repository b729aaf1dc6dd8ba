import { useEffect, useState } from 'react';
import type { UserProfile } from '../../src-shared/domain.ts';
import { errorMessage } from '../api/api-error.ts';
import { useModel, useStore } from './model-context.ts';

/** A user's profile, fetched on first use and kept fresh by follow events. */
export function useProfile(userId: string | null): { profile: UserProfile | null; error: string | null } {
  const model = useModel();
  const profiles = useStore(model.people.profiles);
  const [error, setError] = useState<{ userId: string; message: string } | null>(null);
  useEffect(() => {
    if (!userId) return;
    let live = true;
    model.people.loadProfile(userId).catch((e: unknown) => {
      if (live) setError({ userId, message: errorMessage(e) });
    });
    return () => {
      live = false;
    };
  }, [model, userId]);
  return {
    profile: userId ? (profiles.get(userId) ?? null) : null,
    error: error && error.userId === userId ? error.message : null,
  };
}
