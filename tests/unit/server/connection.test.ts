import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { UserEvent } from '../../../src-shared/protocol.ts';
import { LIMITS } from '../../../src-shared/limits.ts';
import { CLOSE_CODES } from '../../../src-shared/protocol.ts';
import { Connection, eventFrameText } from '../../../src-server/realtime/connection.ts';

// The server side of a real ws pair on loopback, built as the gateway builds it (the upgrade's stream).
let http: Server;
let client: WebSocket;
let connection: Connection;
let stream: Duplex;
let received: string[];
/** What the connection reported to its owner (the gateway, in the server). */
let slowConsumers: number;
let faults: unknown[];

beforeEach(async () => {
  const wss = new WebSocketServer({ noServer: true });
  const accepted = new Promise<void>((resolve) => {
    http = createServer();
    http.on('upgrade', (req, socket, head) =>
      wss.handleUpgrade(req, socket, head, (ws) => {
        stream = socket;
        connection = new Connection('c1', ws, socket, '127.0.0.1', {
          fault: (_, error) => faults.push(error),
          slowConsumer: () => (slowConsumers += 1),
        });
        resolve();
      }),
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  received = [];
  slowConsumers = 0;
  faults = [];
  client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
  client.on('message', (data: Buffer) => received.push(data.toString()));
  await Promise.all([accepted, new Promise((resolve) => client.once('open', resolve))]);
});

afterEach(async () => {
  client.close();
  http.closeAllConnections();
  await new Promise((resolve) => http.close(resolve));
});

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('Connection', () => {
  it('holds the frames of one tick in the stream and lets them go together, each its own message', async () => {
    const before = stream.writableLength;
    const event: UserEvent = { type: 'notifications.read', unreadCount: 2 };
    connection.sendEvent(eventFrameText(7, JSON.stringify(event)));
    connection.send({ type: 'caught_up', seq: 7 });
    expect(stream.writableCorked).toBe(1);
    expect(stream.writableLength).toBeGreaterThan(before); // queued, not yet written to the socket
    await new Promise<void>((resolve) => process.nextTick(resolve));
    expect(stream.writableCorked).toBe(0);

    await until(() => received.length === 2);
    expect(received.map((text) => JSON.parse(text) as unknown)).toEqual([
      { type: 'event', seq: 7, event },
      { type: 'caught_up', seq: 7 },
    ]);
  });

  it('builds an event frame around the stored JSON exactly as serialising the frame would', () => {
    const event: UserEvent = {
      type: 'readstate.updated',
      conversationId: 'c"1',
      lastReadSeq: 3,
      markedUnread: false,
      unreadCount: 0,
    };
    const text = eventFrameText(42, JSON.stringify(event));
    expect(JSON.parse(text)).toEqual({ type: 'event', seq: 42, event });
  });

  it('sends nothing once closed', async () => {
    connection.close(1000, 'bye');
    connection.send({ type: 'caught_up', seq: 1 });
    await new Promise((resolve) => client.once('close', resolve));
    expect(received).toEqual([]);
  });

  it('a client that stops reading is closed with 4009 once more than the cap is queued; it holds no more than that', async () => {
    client.pause();
    const frame = { type: 'caught_up' as const, seq: 1, padding: 'x'.repeat(60_000) };
    let written = 0;
    // Write until the connection gives up on the reader (the kernel's buffers fill first).
    while (!connection.isClosed()) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      connection.send(frame as never);
      written += 1;
      expect(connection.socket.bufferedAmount).toBeLessThanOrEqual(LIMITS.socketBufferMaxBytes + 70_000);
    }
    expect(written).toBeGreaterThan(1);
    expect(slowConsumers).toBe(1);
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
    client.resume();
    expect(await closed).toBe(CLOSE_CODES.slowConsumer);
  });

  it('runs requests in order once the first arrives, and reports one that rejects anyway as a fault', async () => {
    await connection.idle(); // nothing submitted: settles at once
    const ran: string[] = [];
    const boom = new Error('boom');
    expect(
      connection.submit('barrier', async () => {
        ran.push('first');
        throw boom;
      }),
    ).toBe(true);
    expect(connection.submit('barrier', async () => void ran.push('second'))).toBe(true);
    await connection.idle();
    expect(ran).toEqual(['first', 'second']);
    expect(faults).toEqual([boom]);
  });

  it('holds live events back above the high-water mark and waits for the reader to catch up', async () => {
    client.pause();
    while (connection.hasRoom()) {
      connection.send({ type: 'caught_up', seq: 1, padding: 'x'.repeat(60_000) } as never);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const room = connection.waitForRoom();
    client.resume();
    expect(await room).toBe(true);
    expect(connection.hasRoom()).toBe(true);
  });
});
