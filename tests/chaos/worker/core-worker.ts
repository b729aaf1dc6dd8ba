/**
 * One real client core in its own process, driven by the chaos orchestrator over IPC: the Electron-free
 * core with a real SQLite cache in `dataDir`, its router (as the UI calls it), and a recording shell. The
 * orchestrator may SIGKILL this process at any moment and start another on the same folder.
 *
 *   node core-worker.ts <json config>
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { z } from 'zod';
import { createCore } from '../../../src-main/core/core.ts';
import { createRouter } from '../../../src-main/core/router.ts';
import { RecordingShell } from '../../support/recording-shell.ts';
import { MemorySettingsStore } from '../../../src-main/core/settings/settings-store.ts';
import type { IpcChannel, IpcPayload, IpcResult } from '../../../src-shared/ipc.ts';
import { commandSchema } from './protocol.ts';
import type { AuditMessage, ChildMessage, Command, CommandResults } from './protocol.ts';

const configSchema = z.object({
  dataDir: z.string(),
  serverUrl: z.string(),
  heartbeatIntervalMs: z.number(),
  heartbeatTimeoutMs: z.number(),
  requestTimeoutMs: z.number(),
  welcomeTimeoutMs: z.number(),
});
const config = configSchema.parse(JSON.parse(process.argv[2] ?? '{}'));

function tell(message: ChildMessage): void {
  process.send?.(message);
}

process.on('unhandledRejection', (reason) => {
  tell({ type: 'problem', message: `unhandled rejection: ${String(reason)}` });
  console.error('unhandled rejection', reason);
});

const tracing = process.env.CHAOS_TRACE === '1';
const traceFile = join(config.dataDir, `trace-${process.pid}.jsonl`);
const core = createCore({
  ...(tracing
    ? {
        // Diagnosis: the seq of every event frame as it comes off the socket, before the core sees it.
        createSocket: (url: string) => {
          const socket = new WebSocket(url);
          socket.on('message', (data) => {
            const match = /^\{"type":"event","seq":(\d+)/.exec(String(data).slice(0, 40));
            if (match) appendFileSync(traceFile, `{"name":"frame","seq":${match[1]},"at":${Date.now()}}\n`);
          });
          return socket;
        },
      }
    : {}),
  dataDir: config.dataDir,
  serverUrl: config.serverUrl,
  shell: new RecordingShell(),
  settings: new MemorySettingsStore(),
  timings: {
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    heartbeatTimeoutMs: config.heartbeatTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    welcomeTimeoutMs: config.welcomeTimeoutMs,
    backoff: { baseMs: 50, capMs: 500 },
  },
  outbox: { backoff: { baseMs: 50, capMs: 500 } },
  clientInfo: { name: 'chaos-core', version: '0' },
});
const router = createRouter(core);
if (tracing) {
  // Diagnosis: every trace event of this core, one JSON line each, beside its cache file.
  core.trace.onAny((event) => appendFileSync(traceFile, `${JSON.stringify(event)}\n`));
}
core.trace.on('core.error', (e) =>
  tell({ type: 'problem', message: `core.error in ${e.where}: ${e.message}` }),
);
core.trace.on('message.failed', (e) => tell({ type: 'problem', message: `message failed: ${e.code}` }));

/** When this core's cache last gained a message (an event applied or an ack stored). */
let lastChangeAt = Date.now();
core.trace.on('event.applied', () => {
  lastChangeAt = Date.now();
});
core.trace.on('message.acked', () => {
  lastChangeAt = Date.now();
});

/**
 * Everything a waiter may be waiting for changes on some trace event: wake the waiters then, once per
 * turn of the event loop. A burst of events emits several trace events per event applied, and the send
 * loop's test is an SQL count: run per trace event, it took a chaos core 240 ms in 7 s of work, most of
 * it while replaying (docs/bench.md, "Chaos catch-up after core kills").
 */
const waiters = new Set<() => void>();
let wakeQueued = false;
core.trace.onAny(() => {
  if (wakeQueued) return;
  wakeQueued = true;
  setImmediate(() => {
    wakeQueued = false;
    for (const wake of [...waiters]) wake();
  });
});
function until(test: () => boolean): Promise<void> {
  if (test()) return Promise.resolve();
  return new Promise((resolve) => {
    const wake = () => {
      if (!test()) return;
      waiters.delete(wake);
      resolve();
    };
    waiters.add(wake);
  });
}

async function call<C extends IpcChannel>(channel: C, payload: IpcPayload<C>): Promise<IpcResult<C>> {
  const response = await router.handle(channel, payload);
  if (!response.ok) throw new Error(`${channel}: ${response.error.code} ${response.error.message}`);
  return response.result as IpcResult<C>;
}

// ───────────── sending ─────────────

let sending: { stop: boolean; queued: number; done: Promise<void> } | null = null;

function pendingCount(): number {
  return core.cache.outbox.pendingCount();
}

async function sendLoop(
  state: { stop: boolean; queued: number },
  command: Extract<Command, { type: 'send' }>,
): Promise<void> {
  for (let n = 0; n < command.count && !state.stop; n++) {
    await until(() => state.stop || pendingCount() < command.window);
    if (state.stop) return;
    const body = `${command.prefix}${n}`;
    await call('messages.send', { conversationId: command.conversationId, body });
    state.queued += 1;
    tell({ type: 'queued', bodies: [body] });
  }
}

// ───────────── reading the cache ─────────────

function cachedMessages(conversationId: string): AuditMessage[] {
  return core.cache.db
    .prepare<[string], AuditMessage>(
      'SELECT id, seq, author_id AS authorId, body FROM messages WHERE conversation_id = ? ORDER BY seq',
    )
    .all(conversationId);
}

async function serverHistory(conversationId: string): Promise<AuditMessage[]> {
  const all: AuditMessage[] = [];
  let beforeSeq: number | undefined;
  for (;;) {
    const page = await core.connection.request('messages.history', {
      conversationId,
      limit: 100,
      ...(beforeSeq === undefined ? {} : { beforeSeq }),
    });
    for (const m of page.messages) all.push({ id: m.id, seq: m.seq, authorId: m.authorId, body: m.body });
    const oldest = page.messages[0];
    if (!page.hasMore || !oldest) break;
    beforeSeq = oldest.seq;
  }
  return all.sort((a, b) => a.seq - b.seq);
}

// ───────────── commands ─────────────

async function run(command: Command): Promise<CommandResults[Command['type']]> {
  switch (command.type) {
    case 'signUp': {
      const caughtUp = core.trace.waitFor('caught-up', () => true, 60_000);
      const { me } = await call('session.signUp', command);
      await caughtUp;
      if (!me) throw new Error('signed up, but no account came back');
      return { userId: me.id };
    }
    case 'createGroup': {
      const { conversation } = await call('conversations.createGroup', { userIds: command.userIds });
      return { conversationId: conversation.id };
    }
    case 'join': {
      await until(() => core.cache.conversations.has(command.conversationId));
      const view = core.conversations.list().find((c) => c.id === command.conversationId);
      if (view && view.status !== 'accepted') {
        const { conversation } = await call('conversations.accept', {
          conversationId: command.conversationId,
        });
        return { status: conversation.status };
      }
      return { status: view?.status ?? 'missing' };
    }
    case 'send': {
      if (sending) throw new Error('already sending');
      const state = { stop: false, queued: 0, done: Promise.resolve() };
      state.done = sendLoop(state, command).catch((error: unknown) => {
        tell({ type: 'problem', message: `send loop stopped: ${String(error)}` });
      });
      sending = state;
      return { started: true };
    }
    case 'stopSending': {
      const state = sending;
      if (!state) return { queued: 0 };
      state.stop = true;
      for (const wake of [...waiters]) wake();
      await state.done;
      sending = null;
      return { queued: state.queued };
    }
    case 'status': {
      const failed = core.cache.outbox.all().filter((e) => e.state === 'failed').length;
      const state = core.connectionState();
      const online = state.status === 'online';
      return { pending: pendingCount(), failed, online, caughtUp: online && core.sync.caughtUp };
    }
    case 'awaitCatchUp': {
      const outstanding = core.cache.outbox
        .all()
        .filter((e) => e.state === 'sending')
        .map((e) => e.clientId);
      // Two moments: back in sync with the server's stream, and then the outbox drained of what it held
      // at the fault (sent one at a time, so this one grows with the outbox, not with the fault).
      await until(() => core.connection.isOnline && core.sync.caughtUp);
      const syncedAt = Date.now();
      await until(
        () =>
          core.connection.isOnline &&
          core.sync.caughtUp &&
          outstanding.every((id) => core.cache.outbox.get(id)?.state !== 'sending'),
      );
      return { syncedAt, at: Date.now() };
    }
    case 'awaitCount': {
      const count = () =>
        core.cache.db
          .prepare<[string], { n: number }>('SELECT count(*) AS n FROM messages WHERE conversation_id = ?')
          .get(command.conversationId)?.n ?? 0;
      await until(() => count() >= command.count);
      return { at: lastChangeAt, count: count() };
    }
    case 'inventory': {
      const me = core.me?.id ?? '';
      const outbox = core.cache.outbox.all();
      return {
        outbox: outbox.filter((e) => e.state === 'sending').map((e) => e.body),
        failed: outbox.filter((e) => e.state === 'failed').map((e) => e.body),
        acked: cachedMessages(command.conversationId)
          .filter((m) => m.authorId === me)
          .map((m) => m.body),
      };
    }
    case 'dump':
      return { messages: cachedMessages(command.conversationId) };
    case 'serverHistory':
      await until(() => core.connection.isOnline);
      return { messages: await serverHistory(command.conversationId) };
  }
}

process.on('message', (raw: unknown) => {
  const envelope = z.object({ id: z.number(), command: commandSchema }).safeParse(raw);
  if (!envelope.success) {
    tell({ type: 'problem', message: `bad command: ${envelope.error.message}` });
    return;
  }
  const { id, command } = envelope.data;
  run(command).then(
    (result) => tell({ type: 'reply', id, ok: true, result }),
    (error: unknown) =>
      tell({ type: 'reply', id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});

process.on('SIGTERM', () => {
  core.close();
  process.exit(0);
});

core.start();
tell({ type: 'ready', userId: core.me?.id ?? null });
