/**
 * The renderer bench's headless host in a process of its own (started by host-child.ts): the real core and
 * its bridge server, signed in and caught up with the server, as Electron's main process would run them.
 * In the bench's own process they shared an event loop with Playwright's client and the static pages'
 * server, so the driver's work stalled the core's answers (40–150 ms at a time under load), which the
 * desktop app never has.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startHeadlessHost } from '../../src-main/headless/host.ts';
import type { HeadlessHost } from '../../src-main/headless/host.ts';
import { hostStartSchema, toHostSchema } from './host-messages.ts';
import type { FromHost } from './host-messages.ts';
import { FIRST_PAGE } from './plan.ts';

const CATCH_UP_MS = 60_000;

function send(message: FromHost): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const start = hostStartSchema.parse(JSON.parse(process.argv[2] ?? 'null'));
  const host: HeadlessHost = await startHeadlessHost({
    serverUrl: start.serverUrl,
    dataDir: start.dataDir,
    port: 0,
    signIn: { username: start.username, password: start.password },
  });
  const deadline = Date.now() + CATCH_UP_MS;
  while (!host.core.sync.caughtUp) {
    if (Date.now() > deadline)
      throw new Error('the headless host did not catch up with the server within 60 s');
    await sleep(20);
  }
  process.on('message', (raw) => {
    const message = toHostSchema.parse(raw);
    switch (message.type) {
      case 'watchOpened': {
        const { id, conversationId, timeoutMs } = message;
        host.core.trace
          .waitFor(
            'conversation.opened',
            (e) => e.conversationId === conversationId && e.source === 'server',
            timeoutMs,
          )
          .then(
            () => send({ type: 'opened', id }),
            (error: unknown) => send({ type: 'failed', id, message: String(error) }),
          );
        send({ type: 'watching', id });
        return;
      }
      case 'close':
        void host.close().then(() => process.exit(0));
        return;
      default:
        throw new Error(`unknown message ${JSON.stringify(message satisfies never)}`);
    }
  });
  const list = host.core.conversations.list();
  send({
    type: 'ready',
    url: host.url,
    listed: list.length,
    listBytes: Buffer.byteLength(JSON.stringify(list)),
    firstPageBytes: Buffer.byteLength(JSON.stringify(host.core.conversations.page(FIRST_PAGE, undefined))),
  });
}

main().catch((error: unknown) => {
  send({ type: 'fatal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
