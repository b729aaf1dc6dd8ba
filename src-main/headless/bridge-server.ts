import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import { z } from 'zod';
import type { BridgeEvent, WsHostFrame } from '../../src-shared/bridge.ts';
import type { IpcResponse } from '../../src-shared/ipc.ts';
import type { IpcEvents } from '../core/ipc-events.ts';
import type { Router } from '../core/router.ts';
import { checkUpgrade } from './upgrade-check.ts';

/** Requests from the page; anything else on the socket is a protocol error and closes it. */
const requestFrameSchema = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  payload: z.unknown(),
});

/** Larger than any request of the contract (a message is at most a few KB). */
const MAX_FRAME_BYTES = 256 * 1024;

export interface BridgeServerOptions {
  port: () => number;
  secret: string;
  router: Pick<Router, 'handle'>;
  events: Pick<IpcEvents, 'subscribe'>;
  pageConnected: (delta: 1 | -1) => void;
  onRefused?: (reason: string) => void;
}

/**
 * The IPC contract over a local WebSocket: the same router as Electron's ipcMain adapter, so browser mode
 * runs exactly the desktop's logic. Each request frame gets one response frame with its id; every event the
 * core pushes goes to every connected page.
 */
export class BridgeServer {
  readonly #options: BridgeServerOptions;
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  readonly #unsubscribe: () => void;

  constructor(options: BridgeServerOptions) {
    this.#options = options;
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
    ws.on('close', () => this.#options.pageConnected(-1));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      let frame: z.infer<typeof requestFrameSchema>;
      try {
        frame = requestFrameSchema.parse(JSON.parse(data.toString()));
      } catch {
        return ws.close(1008, 'bad frame');
      }
      void this.#options.router.handle(frame.channel, frame.payload).then((response: IpcResponse) => {
        if (ws.readyState !== ws.OPEN) return;
        const reply: WsHostFrame = { type: 'response', id: frame.id, response };
        ws.send(JSON.stringify(reply));
      });
    });
  }

  close(): void {
    this.#unsubscribe();
    for (const client of this.#wss.clients) client.terminate();
    this.#wss.close();
  }
}
