import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../../src-shared/limits.ts';
import { spawnServer } from '../../../support/server-process.ts';
import type { ServerProcess } from '../../../support/server-process.ts';
import { reconnect, sendText } from '../../../support/sessions.ts';
import { RawSocket } from '../../../support/raw-socket.ts';
import { signUpClient } from '../../../support/test-client.ts';
import type { TestClient } from '../../../support/test-client.ts';
import { residentBytes } from '../../../support/from-address.ts';

const READERS = 5;
const HISTORY_REQUESTS = 250;
const MESSAGE_CHARS = LIMITS.messageMaxChars;

let server: ServerProcess;
beforeAll(async () => {
  // The writer fills a conversation with 100 long messages quickly.
  server = await spawnServer({ args: ['--send-rate', '1000', '--log-level', 'warn'] });
});
afterAll(async () => {
  await server?.cleanup();
});

/** A raw socket for `client`'s session that said hello and got caught_up. */
async function readySocket(client: TestClient): Promise<RawSocket> {
  const socket = await RawSocket.open(server.url);
  socket.hello(client.auth.tokens.accessToken);
  await socket.waitFor((frame) => frame.type === 'caught_up');
  return socket;
}

describe('a client that stops reading', () => {
  it(`${READERS} sockets that stop reading hold at most the per-socket cap each: the server's memory stays bounded, others are served, and a reader resumes from its last seq`, async () => {
    const writer = await signUpClient(server.url, 'writer');
    const readers = await Promise.all(
      Array.from({ length: READERS }, () => signUpClient(server.url, 'reader')),
    );
    // Readers follow the writer, so being added to the writer's group needs no invitation.
    for (const reader of readers) await reader.request('users.follow', { userId: writer.userId });
    const { conversation } = await writer.request('conversations.createGroup', {
      userIds: readers.map((r) => r.userId),
    });
    for (let i = 0; i < 100; i++) {
      await sendText(writer, conversation.id, `${i} ${'x'.repeat(MESSAGE_CHARS - 10)}`);
    }
    const firstReader = readers[0];
    if (!firstReader) throw new Error('no reader');
    await firstReader.request('me.get', {}); // every message event has reached the first reader
    const lastApplied = firstReader.lastSeq;
    await Promise.all(readers.map((r) => r.close()));

    // Each reader's socket asks for the full history page again and again and never reads an answer.
    // Every answer is ~200 KB: 250 of them are ~50 MB per socket, ~250 MB in all, if the server kept them.
    const sockets = await Promise.all(readers.map((r) => readySocket(r)));
    const before = residentBytes(server.pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, residentBytes(server.pid));
    }, 50);
    try {
      for (const socket of sockets) {
        socket.pause();
        for (let i = 0; i < HISTORY_REQUESTS; i++) {
          socket.sendJson({
            type: 'request',
            id: `h${i}`,
            op: 'messages.history',
            params: { conversationId: conversation.id, limit: LIMITS.historyPageMax },
          });
        }
      }
      // The server says in its log each time it closes a socket for reading too slowly.
      await server.waitForLogLines('stopped reading', READERS);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, residentBytes(server.pid));
    const grownMb = (peak - before) / 2 ** 20;
    // Without the cap the queues alone would grow by ~250 MB; with it, each socket holds at most 1 MiB (plus
    // one answer), and the rest is the garbage of building answers that were then dropped (more of it on
    // PostgreSQL, whose driver parses each ~200 KB page into fresh rows: 86 MB seen there).
    expect(grownMb).toBeLessThan(125);

    // Everyone else is served meanwhile, and the writer goes on writing.
    await sendText(writer, conversation.id, 'while you were away');
    // A reader that comes back resumes from the last seq it applied and gets what it missed.
    const back = await reconnect(firstReader, lastApplied);
    const missed = await back.waitForEvent(
      'message.created',
      (e) => e.message.body === 'while you were away',
    );
    expect(missed.message.conversationId).toBe(conversation.id);
    expect(back.events[0]?.seq).toBe(lastApplied + 1);

    for (const socket of sockets) socket.terminate();
    await Promise.all([writer.close(), back.close()]);
  });
});
