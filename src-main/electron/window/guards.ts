import type { Session, WebContents } from 'electron';
import { safeExternalUrl } from './external-links.ts';

/**
 * The page may not go anywhere: navigation, redirects, new windows and <webview> are refused. A link to
 * an http(s) page opens in the system browser instead, after `safeExternalUrl` checks it.
 */
export function guardWebContents(contents: WebContents, openExternal: (url: string) => void): void {
  const openOutside = (url: string) => {
    const safe = safeExternalUrl(url);
    if (safe) openExternal(safe);
  };
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openOutside(url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Every permission request (camera, notifications, geolocation, HID, …) is denied: main does the OS work. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
}
