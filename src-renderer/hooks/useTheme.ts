import { useEffect, useSyncExternalStore } from 'react';
import { useSettings } from './useSettings.ts';

const query = '(prefers-color-scheme: light)';

function subscribe(listener: () => void): () => void {
  const media = window.matchMedia(query);
  media.addEventListener('change', listener);
  return () => media.removeEventListener('change', listener);
}

const systemPrefersLight = () => window.matchMedia(query).matches;

/** Applies the theme setting to the document: dark until settings load, "system" follows the OS. */
export function useTheme(): 'dark' | 'light' {
  const settings = useSettings();
  const prefersLight = useSyncExternalStore(subscribe, systemPrefersLight, () => false);
  const choice = settings?.theme ?? 'dark';
  const theme = choice === 'system' ? (prefersLight ? 'light' : 'dark') : choice;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  return theme;
}
