import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { WS_PATH } from '../../src-shared/protocol.ts';
import { spawnServer } from '../../tests/support/server-process.ts';
import { signUpPatiently } from './sign-up.ts';
import type { BenchSection } from '../lib/report.ts';

/** The goal's count; fewer only where the open-file limit cannot be raised to hold them (see fileLimit). */
const WANTED = 20_000;
/** File descriptors a process needs besides its sockets (store, worker, pipes, listener), kept spare. */
const SPARE_FDS = 200;
/** Sockets per account: 1,000 accounts, each signed in once, 20 sockets per session. */
const PER_USER = 20;
/** Connections per loopback source address (127.1.x.y): 200 addresses. */
const PER_ADDRESS = 100;
/** Handshakes in flight at once. */
const IN_FLIGHT = 400;
const FILE_LIMIT = 100_000;
let CONNECTIONS = WANTED;
let fileLimitNote = 0;

interface Accepted {
  ms: number;
  kibPerConnection: number;
  refused: number;
}

/**
 * 20,000 idle authenticated WebSockets on one server node (embedded SQLite): the memory each costs (the
 * node's resident memory grown, over the count) and the time to accept them all (TCP, upgrade, hello,
 * token check, catch-up), beside a bare `ws` server holding as many sockets in the same run.
 */
export async function runIdleConnectionsBench(log: (line: string) => void): Promise<BenchSection> {
  const limit = raiseFileLimit(log);
  fileLimitNote = limit;
  // Each socket is a descriptor in this process and one in the server's: both must fit under the limit.
  CONNECTIONS = Math.min(WANTED, Math.floor((limit - SPARE_FDS) / PER_ADDRESS) * PER_ADDRESS);
  if (CONNECTIONS < WANTED) {
    log(`idle connections: the open-file limit is ${limit}: measuring ${CONNECTIONS} sockets, not ${WANTED}`);
  }
  log(`idle connections: bare ws baseline, ${CONNECTIONS.toLocaleString('en-US')} sockets`);
  const bare = await startBareServer();
  let baseline: Accepted;
  try {
    baseline = await acceptAll(`ws://127.0.0.1:${bare.port}/`, bare.pid, () => 'bare');
  } finally {
    bare.stop();
  }

  const server = await spawnServer({
    args: [
      '--max-sockets-per-user',
      String(PER_USER),
      '--max-connections-per-address',
      String(PER_ADDRESS * 2),
      '--sign-up-rate',
      '100000',
      '--log-level',
      'error',
    ],
  });
  try {
    const users = CONNECTIONS / PER_USER;
    log(`idle connections: signing up ${users} accounts`);
    const tokens: string[] = [];
    // A few at a time, and again after SERVER_BUSY: the server's password-hashing queue is bounded.
    for (let i = 0; i < users; i += 4) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(4, users - i) }, (_, j) =>
          signUpPatiently(server.url, `idle${i + j}`, false).then((c) => c.auth.tokens.accessToken),
        ),
      );
      tokens.push(...batch);
    }
    log(`idle connections: the server, ${CONNECTIONS.toLocaleString('en-US')} sockets`);
    const measured = await acceptAll(
      `${server.wsUrl}${WS_PATH}`,
      server.pid,
      (k) => tokens[Math.floor(k / PER_USER)]!,
    );
    return section(measured, baseline);
  } finally {
    await server.cleanup();
  }
}

function section(server: Accepted, bare: Accepted): BenchSection {
  const baselineName = 'bare ws server';
  const limitText =
    CONNECTIONS < WANTED
      ? ` (the goal names ${WANTED.toLocaleString('en-US')}; this machine’s open-file limit of ${fileLimitNote.toLocaleString('en-US')} per process, not raisable here, leaves room for this many in the bench and in the server)`
      : '';
  return {
    title: `Idle connections: ${CONNECTIONS.toLocaleString('en-US')} authenticated sockets on one node`,
    rows: [
      {
        name: 'memory per idle authenticated connection',
        value: server.kibPerConnection,
        unit: 'KiB',
        baseline: bare.kibPerConnection,
        baselineName,
        goal: '< 10 KiB',
        met: server.kibPerConnection < 10,
      },
      {
        name: `time to accept ${CONNECTIONS.toLocaleString('en-US')} (connect, hello, caught_up)`,
        value: server.ms / 1000,
        unit: 's',
        baseline: bare.ms / 1000,
        baselineName,
      },
    ],
    notes: [
      `${CONNECTIONS.toLocaleString('en-US')} sockets from this process${limitText}, ${IN_FLIGHT} handshakes in flight, from ${CONNECTIONS / PER_ADDRESS} loopback source addresses (127.1.x.y, ${PER_ADDRESS} each, taken in turn); the server on embedded SQLite with --max-sockets-per-user ${PER_USER} (${CONNECTIONS / PER_USER} accounts, one session each) and --max-connections-per-address ${PER_ADDRESS * 2}. Each socket says hello with a valid token and waits for caught_up; the bare ws server answers the hello with caught_up at once.`,
      'Memory: growth of the server process’s resident set (VmRSS) from before the first socket to after the last, over the count: the user-space cost of a socket (kernel socket buffers are not in it).',
      `Refused: server ${server.refused}, bare ${bare.refused}.`,
    ],
  };
}

/** Opens CONNECTIONS sockets, says hello on each and waits for caught_up; keeps them open while measuring. */
async function acceptAll(url: string, pid: number, tokenFor: (k: number) => string): Promise<Accepted> {
  const sockets: WebSocket[] = [];
  let refused = 0;
  const rssBefore = residentKib(pid);
  const started = performance.now();
  let next = 0;
  const open = async (): Promise<void> => {
    while (next < CONNECTIONS) {
      const k = next++;
      // Round-robin over the addresses: the 400 handshakes in flight come from ~2 sockets per address, as
      // many clients would, not from 4 addresses at 100 each, which would run into the server's cap of
      // sockets per address awaiting their hello (32, answered 429) whenever hellos queue up.
      const index = k % (CONNECTIONS / PER_ADDRESS);
      const localAddress = `127.1.${Math.floor(index / 250)}.${(index % 250) + 1}`;
      const socket = new WebSocket(url, { localAddress, perMessageDeflate: false });
      sockets.push(socket);
      const ok = await new Promise<boolean>((resolve) => {
        socket.once('error', () => resolve(false));
        socket.once('close', () => resolve(false));
        socket.once('open', () =>
          socket.send(JSON.stringify({ type: 'hello', token: tokenFor(k), resumeFromSeq: null })),
        );
        socket.on('message', (data) => {
          if (String(data).includes('"caught_up"')) resolve(true);
        });
      });
      if (!ok) refused += 1;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, () => open()));
  const ms = performance.now() - started;
  const rssAfter = residentKib(pid);
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.terminate();
        }),
    ),
  );
  return { ms, kibPerConnection: (rssAfter - rssBefore) / (CONNECTIONS - refused || 1), refused };
}

function residentKib(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : Number.NaN;
}

/**
 * Each socket is a file descriptor at both ends: raises this process's limit (children inherit it) where
 * allowed, and returns the limit in force.
 */
function raiseFileLimit(log: (line: string) => void): number {
  const result = spawnSync('prlimit', ['--pid', String(process.pid), `--nofile=${FILE_LIMIT}:${FILE_LIMIT}`]);
  if (result.status !== 0) {
    log(`idle connections: could not raise the open-file limit (${String(result.stderr).trim()})`);
  }
  const match = /Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  return match ? Number(match[1]) : 1024;
}

async function startBareServer(): Promise<{ port: number; pid: number; stop(): void }> {
  const proc = spawn(process.execPath, [join(import.meta.dirname, 'idle-ws-server.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: proc.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`idle-ws-server exited with ${code}`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  return { port, pid: proc.pid ?? 0, stop: () => proc.kill('SIGTERM') };
}
