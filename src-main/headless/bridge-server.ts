import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import { z } from 'zod';
import {
  HEADLESS_CLOSE_CODES,
  HEADLESS_FRAME_MAX_BYTES,
  HEADLESS_MAX_IN_FLIGHT,
} from '../../src-shared/bridge.ts';
import type { BridgeEvent, WsHostFrame } from '../../src-shared/bridge.ts';
import type { IpcEvents } from '../core/ipc-events.ts';
import type { Router } from '../core/router.ts';
import type { UnexpectedErrors } from '../core/unexpected.ts';
import { checkUpgrade } from './upgrade-check.ts';

/** Requests from the page; anything else on the socket is a protocol error and closes it. */
const requestFrameSchema = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(100),
  payload: z.unknown(),
});

export interface BridgeServerOptions {
  port: () => number;
  secret: string;
  router: Pick<Router, 'handle'>;
  events: Pick<IpcEvents, 'subscribe'>;
  unexpected: Pick<UnexpectedErrors, 'report'>;
  pageConnected: (delta: 1 | -1) => void;
  /** Refused upgrades and sockets closed for what they sent, for logs and tests. */
  onRefused?: (reason: string) => void;
}

/**
 * The IPC contract over a local WebSocket: the same router as Electron's ipcMain adapter, so browser mode
 * runs exactly the desktop's logic. Each request frame gets one response frame with its id; every event the
 * core pushes goes to every connected page.
 *
 * A page that sends something unreadable (a binary frame, text that is not valid UTF-8, a frame over
 * `HEADLESS_FRAME_MAX_BYTES`, text that is not a request frame) loses its own socket, with the close code
 * of `HEADLESS_CLOSE_CODES`; the host and every other page carry on. Every socket has an `'error'`
 * listener, so no socket failure can reach the process.
 */
export class BridgeServer {
  readonly #options: BridgeServerOptions;
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: HEADLESS_FRAME_MAX_BYTES });
  readonly #unsubscribe: () => void;

  constructor(options: BridgeServerOptions) {
    this.#options = options;
    this.#wss.on('error', (error) => options.unexpected.report('bridge server', error));
    this.#unsubscribe = options.events.subscribe((name, payload) => {
      const frame: WsHostFrame = { type: 'event', event: { name, payload } as BridgeEvent };
      const data = JSON.stringify(frame);
      for (const client of this.#wss.clients) if (client.readyState === client.OPEN) client.send(data);
    });
  }

  get clientCount(): number {
    return this.#wss.clients.size;
  }

  /** Hook for the HTTP server's `upgrade` event: checks the request, then opens the socket (or 403s). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // The raw socket has no listener of its own during the upgrade: a reset here must not be fatal.
    socket.on('error', (error) => this.#options.onRefused?.(`upgrade socket: ${error.message}`));
    const verdict = checkUpgrade(
      { url: req.url, host: req.headers.host, origin: req.headers.origin },
      { port: this.#options.port(), secret: this.#options.secret },
    );
    if (!verdict.ok) {
      this.#options.onRefused?.(verdict.reason);
      const text =
        verdict.status === 404 ? 'Not Found' : verdict.status === 400 ? 'Bad Request' : 'Forbidden';
      socket.end(`HTTP/1.1 ${verdict.status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#serve(ws));
  }

  #serve(ws: WebSocket): void {
    this.#options.pageConnected(1);
    let inFlight = 0;
    ws.on('close', () => this.#options.pageConnected(-1));
    // Oversized frames and invalid UTF-8 arrive here; the library then closes the socket with 1009 / 1007.
    ws.on('error', (error) => this.#options.onRefused?.(`bridge socket: ${error.message}`));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return this.#drop(ws, HEADLESS_CLOSE_CODES.binaryFrame, 'text frames only');
      let frame: z.infer<typeof requestFrameSchema>;
      try {
        frame = requestFrameSchema.parse(JSON.parse(data.toString()));
      } catch {
        return this.#drop(ws, HEADLESS_CLOSE_CODES.badFrame, 'not a request frame');
      }
      if (inFlight >= HEADLESS_MAX_IN_FLIGHT) {
        this.#reply(ws, {
          type: 'response',
          id: frame.id,
          response: {
            ok: false,
            error: { code: 'RATE_LIMITED', message: 'Too many requests at once.', retryAfterMs: 100 },
          },
        });
        return;
      }
      inFlight += 1;
      this.#options.router
        .handle(frame.channel, frame.payload)
        .then((response) => this.#reply(ws, { type: 'response', id: frame.id, response }))
        .catch((error: unknown) => this.#options.unexpected.report(`bridge ${frame.channel}`, error))
        .finally(() => {
          inFlight -= 1;
        });
    });
  }

  #reply(ws: WebSocket, frame: WsHostFrame): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  #drop(ws: WebSocket, code: number, reason: string): void {
    this.#options.onRefused?.(`closed a bridge socket (${code}): ${reason}`);
    ws.close(code, reason);
  }

  close(): void {
    this.#unsubscribe();
    for (const client of this.#wss.clients) client.terminate();
    this.#wss.close();
  }
}
