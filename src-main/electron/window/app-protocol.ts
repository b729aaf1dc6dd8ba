import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { protocol } from 'electron';
import { rendererAsset, rendererCsp } from '../../../src-shared/bridge.ts';

/**
 * The built renderer is served from `app://beatpass/…` rather than `file://`: a real origin to check IPC
 * senders against, response headers to carry the CSP, and no access to the rest of the disk (every path
 * goes through `rendererAsset`).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'beatpass';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * Must run before `app` is ready: a standard, secure scheme gets an origin, fetch and storage. `codeCache`:
 * Chromium keeps V8's compiled code only for http(s) scripts unless a custom scheme opts in, so without it
 * every launch compiles the renderer's JavaScript (about 400 kB) from source again, on the path to the
 * list's first paint and the first open (docs/renderer.md, "What loads when").
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
    },
  ]);
}

/** Security headers on every page response, the CSP first. */
export function rendererHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': rendererCsp(),
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}

/** Answers `app://beatpass/<file>` from `rendererDir`; any other host or path is a 404. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const asset = url.host === APP_HOST ? rendererAsset(url.pathname) : null;
    if (!asset) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(join(rendererDir, asset.path));
      return new Response(body, { status: 200, headers: rendererHeaders(asset.contentType) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
