import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { API_PREFIX, WS_PATH } from '../../src-shared/protocol.ts';

/**
 * Clients that choose their source address: loopback accepts any 127.x.y.z, so a test can be an attacker
 * on 127.0.0.2 and the account's owner on 127.0.0.3 against one server.
 */

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

/** POSTs JSON from `localAddress` (a fresh connection each time). */
export function postFrom(
  baseUrl: string,
  path: string,
  body: unknown,
  localAddress: string,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}${API_PREFIX}${path}`,
      {
        method: 'POST',
        localAddress,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: raw ? (JSON.parse(raw) as unknown) : null,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

export type UpgradeOutcome =
  | { kind: 'open'; socket: WebSocket }
  | { kind: 'refused'; status: number }
  | { kind: 'failed'; error: Error };

/** Opens a WebSocket from `localAddress`: open, refused with an HTTP status, or failed (e.g. reset). */
export function openFrom(baseUrl: string, localAddress: string): Promise<UpgradeOutcome> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${WS_PATH}`, { localAddress });
  return new Promise((resolve) => {
    socket.once('open', () => resolve({ kind: 'open', socket }));
    socket.once('unexpected-response', (_req, res) => {
      resolve({ kind: 'refused', status: res.statusCode ?? 0 });
      res.resume();
      socket.terminate();
    });
    // Kept for the socket's life: a later reset must not become an unhandled 'error'.
    socket.on('error', (error) => resolve({ kind: 'failed', error }));
  });
}

/** The process's resident memory in bytes, from /proc (Linux). */
export function residentBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}
