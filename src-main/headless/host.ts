import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { HEADLESS_SECRET_PARAM } from '../../src-shared/bridge.ts';
import { createCore } from '../core/core.ts';
import type { Core, CoreOptions } from '../core/core.ts';
import { createRouter } from '../core/router.ts';
import { guardProcess, UnexpectedErrors } from '../core/unexpected.ts';
import { BridgeServer } from './bridge-server.ts';
import { HeadlessShell } from './headless-shell.ts';
import { serveRenderer } from './static-files.ts';
import { hostOrigin } from './upgrade-check.ts';

/** A server this host started for itself (the embedded one), stopped with the host. */
export interface OwnedServer {
  url: string;
  close(): Promise<void>;
}

export interface HeadlessHostOptions {
  /** The messaging server. Without it, `startServer` must start one (the embedded server with demo data). */
  serverUrl?: string;
  startServer?: () => Promise<OwnedServer>;
  /** Cache, settings and session files of this host's core. */
  dataDir: string;
  /** 0 (the default) picks a free port: always 0 in tests. */
  port?: number;
  /** The built renderer; default `out/renderer` in the repository. */
  rendererDir?: string;
  /** Sign in at start when nobody is (npm run web with the demo server). */
  signIn?: { username: string; password: string };
  /** Extra core options (timings, clock…) for tests. */
  core?: Partial<Omit<CoreOptions, 'dataDir' | 'serverUrl' | 'shell'>>;
  /** Refused WebSocket upgrades (wrong origin, host or secret), for logs and tests. */
  onRefused?: (reason: string) => void;
  /**
   * Report rejections and exceptions nothing handled in this whole process to the host's core instead of
   * letting them end it (`npm run web` sets it; tests that share their process with others do not).
   */
  guardProcess?: boolean;
}

export interface HeadlessHost {
  /** The page to open: `http://127.0.0.1:<port>/?secret=<secret>`. */
  url: string;
  origin: string;
  port: number;
  secret: string;
  serverUrl: string;
  /** The browser-mode shell: notifications on screen, the badge, focus; `waitFor` lets tests watch it. */
  shell: HeadlessShell;
  core: Core;
  /** Failures nobody expected so far (router, background work, and the process when guarded). */
  readonly unexpectedErrors: number;
  close(): Promise<void>;
}

const repoRoot = join(import.meta.dirname, '..', '..');

/**
 * Browser mode: the real core with the browser-mode shell, its router served over a local WebSocket, and the
 * built renderer over HTTP, all on 127.0.0.1 only and locked by Origin, Host and a per-launch secret.
 */
export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  let owned: OwnedServer | null = null;
  let serverUrl = options.serverUrl;
  if (serverUrl === undefined) {
    if (!options.startServer) throw new Error('startHeadlessHost needs serverUrl or startServer.');
    owned = await options.startServer();
    serverUrl = owned.url;
  }

  const secret = randomBytes(32).toString('base64url');
  const shell = new HeadlessShell();
  const unexpected = options.core?.unexpected ?? new UnexpectedErrors();
  const unguard = options.guardProcess ? guardProcess(unexpected) : () => {};
  const core = createCore({
    ...options.core,
    dataDir: options.dataDir,
    serverUrl,
    serverIsEmbedded: owned !== null,
    shell,
    unexpected,
    clientInfo: { name: 'beatpass-headless', version: '0' },
  });
  const router = createRouter(core);
  shell.bind({ events: core.events, clicked: (tag) => core.notificationClicked(tag) });

  let port = 0;
  const bridge = new BridgeServer({
    port: () => port,
    secret,
    router,
    events: core.events,
    unexpected,
    pageConnected: (delta) => {
      if (shell.pageConnected(delta)) core.focusChanged(shell.isWindowFocused());
    },
    ...(options.onRefused ? { onRefused: options.onRefused } : {}),
  });
  const http = createServer();
  http.on('upgrade', (req, socket, head) => bridge.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (http.address() as AddressInfo).port;
  const serve = serveRenderer(
    options.rendererDir ?? join(repoRoot, 'out', 'renderer'),
    port,
    join(repoRoot, 'resources', 'icons', '32x32.png'),
  );
  http.on('request', (req, res) => {
    serve(req, res).catch((error: unknown) => {
      unexpected.report(`GET ${req.url ?? ''}`.slice(0, 200), error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end();
    });
  });
  // After start-up (listen errors reject above): a failing server is reported, never fatal.
  http.on('error', (error) => unexpected.report('headless http server', error));

  core.start();
  if (options.signIn && !core.me) {
    const response = await router.handle('session.signIn', options.signIn);
    if (!response.ok)
      throw new Error(`Sign-in as ${options.signIn.username} failed: ${response.error.message}`);
  }

  const origin = hostOrigin(port);
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?${HEADLESS_SECRET_PARAM}=${secret}`,
    origin,
    port,
    secret,
    serverUrl,
    shell,
    core,
    get unexpectedErrors() {
      return unexpected.count;
    },
    close: () =>
      (closing ??= (async () => {
        bridge.close();
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
        core.close();
        await owned?.close();
        unguard();
      })()),
  };
}
