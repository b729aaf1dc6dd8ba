/**
 * The unread count where a browser tab shows it (browser mode has no taskbar badge): the page title
 * "(3) BeatPass Messenger" and a favicon with a red count, drawn as an SVG data URL (the CSP allows
 * data: images).
 */
export const APP_TITLE = 'BeatPass Messenger';

export function pageTitle(unread: number): string {
  return unread > 0 ? `(${unread > 99 ? '99+' : unread}) ${APP_TITLE}` : APP_TITLE;
}

export function faviconSvg(unread: number): string {
  const text = unread > 99 ? '99+' : String(unread);
  const badge =
    unread > 0
      ? `<circle cx="46" cy="18" r="18" fill="#e11d48"/><text x="46" y="25" font-family="Arial,sans-serif" font-size="${text.length > 2 ? 14 : 20}" font-weight="700" fill="#fff" text-anchor="middle">${text}</text>`
      : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#6a4cf5"/><stop offset="1" stop-color="#c026d3"/></linearGradient></defs>` +
    `<rect x="2" y="10" width="52" height="52" rx="14" fill="url(#g)"/>` +
    `<text x="28" y="45" font-family="Arial,sans-serif" font-size="24" font-weight="800" fill="#fff" text-anchor="middle">BP</text>` +
    `${badge}</svg>`
  );
}

export function faviconHref(unread: number): string {
  return `data:image/svg+xml,${encodeURIComponent(faviconSvg(unread))}`;
}
