import { useEffect } from 'react';
import { faviconHref, pageTitle } from '../lib/page-badge.ts';
import { useModel, useStore } from './model-context.ts';

/** Puts the unread count (the app badge's) into the page title and the favicon. */
export function usePageBadge(): void {
  const count = useStore(useModel().notifications.badge);
  useEffect(() => {
    document.title = pageTitle(count);
    let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (!link) {
      link = document.createElement('link');
      link.rel = 'icon';
      document.head.append(link);
    }
    link.type = 'image/svg+xml';
    link.href = faviconHref(count);
  }, [count]);
}
