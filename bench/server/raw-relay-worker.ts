/**
 * The raw `ws` relay baseline, run in a worker thread (its own event loop and core, as the real server has
 * its own process). It routes `messages.send` to the conversation's other member and acks the sender, in
 * the same frame shapes as the server, with no validation, no authentication, no storage and no event
 * log: the least any relay with acks must do. The bench's figures are ratios against this.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

interface RelayFrame {
  type: string;
  token?: string;
  id?: string;
  params?: { conversationId: string; clientId: string; body: string };
}

const routes = new Map<string, readonly string[]>((workerData as { routes: [string, string[]][] }).routes);
const sockets = new Map<string, WebSocket>();
const conversationSeq = new Map<string, number>();
const userSeq = new Map<string, number>();
let nextId = 0;

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 });
wss.on('connection', (socket: WebSocket) => {
  let userId = '';
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as RelayFrame;
    if (frame.type === 'hello' && frame.token) {
      userId = frame.token;
      sockets.set(userId, socket);
      socket.send(JSON.stringify({ type: 'caught_up', seq: 0 }));
      return;
    }
    if (frame.type !== 'request' || !frame.params) return;
    const { conversationId, clientId, body } = frame.params;
    const seq = (conversationSeq.get(conversationId) ?? 0) + 1;
    conversationSeq.set(conversationId, seq);
    nextId += 1;
    const message = {
      id: `m${nextId}`,
      conversationId,
      seq,
      authorId: userId,
      clientId,
      body,
      createdAt: Date.now(),
    };
    socket.send(
      JSON.stringify({ type: 'response', id: frame.id, ok: true, result: { message, duplicate: false } }),
    );
    for (const member of routes.get(conversationId) ?? []) {
      if (member === userId) continue;
      const eventSeq = (userSeq.get(member) ?? 0) + 1;
      userSeq.set(member, eventSeq);
      sockets
        .get(member)
        ?.send(JSON.stringify({ type: 'event', seq: eventSeq, event: { type: 'message.created', message } }));
    }
  });
  socket.on('close', () => {
    if (sockets.get(userId) === socket) sockets.delete(userId);
  });
});
wss.on('listening', () => {
  const address = wss.address();
  parentPort?.postMessage({ port: typeof address === 'object' && address !== null ? address.port : 0 });
});
