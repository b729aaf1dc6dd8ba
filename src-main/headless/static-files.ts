import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { rendererAsset, rendererCsp } from '../../src-shared/bridge.ts';

/**
 * Serves the built renderer (`out/renderer`) to the browser with the same CSP as the desktop app, except
 * that the page may connect to this host's own WebSocket. GET and HEAD only; paths go through
 * `rendererAsset`, so nothing outside the build folder (and the favicon) can be read.
 */
export function serveRenderer(rendererDir: string, port: number, faviconFile: string) {
  const headers = (contentType: string): Record<string, string> => ({
    'Content-Type': contentType,
    'Content-Security-Policy': rendererCsp({ connect: [`ws://127.0.0.1:${port}`] }),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  });
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.headers.host !== `127.0.0.1:${port}`) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method not allowed');
      return;
    }
    const asset = rendererAsset(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (!asset) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    // Browsers ask for /favicon.ico on their own; the renderer build has none, so answer with the app icon.
    const favicon = asset.path === 'favicon.ico';
    let body: Buffer;
    try {
      body = await readFile(favicon ? faviconFile : join(rendererDir, asset.path));
    } catch {
      const missingBuild = asset.path === 'index.html';
      res
        .writeHead(missingBuild ? 503 : 404, { 'Content-Type': 'text/plain' })
        .end(missingBuild ? 'The renderer is not built: run `npm run build` first.' : 'Not found');
      return;
    }
    res.writeHead(200, {
      ...headers(favicon ? 'image/png' : asset.contentType),
      'Content-Length': String(body.length),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
