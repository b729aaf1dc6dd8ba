import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

export type CheckpointRequest = { mode: 'PASSIVE' } | { mode: 'close' };
export type CheckpointReply =
  { ok: true; busy: boolean; log: number; checkpointed: number } | { ok: false; error: string };

/** While there are writes, a background checkpoint at most this often: it copies what piled up meanwhile. */
const PACE_MS = 100;
/**
 * WAL size (frames, i.e. pages) from which the log is rewound, by default. SQLite rewinds the WAL only when
 * a write transaction begins with every frame already copied, which a busy writer racing the worker rarely
 * meets; so once a checkpoint reports this many frames, the next transaction waits for one more checkpoint
 * (of the frames written since) before its BEGIN, and the log restarts from the beginning.
 *
 * Each rewind holds one group back for that checkpoint (1.4-7 ms here, mostly its two fsyncs). At 1,000
 * sends a second (12.5 pages each) 4,000 frames meant about two rewinds a second, and 24-37 of the quiet
 * latency run's ~10,000 sends were slow (> 5 ms) mainly because of one; at 16,000 there are 6-7 rewinds
 * in those 11 s and 4-19 such sends in six runs (docs/bench.md, 2026-12-03 night). The cost is a WAL file
 * that may grow to ~64 MiB under sustained load and keeps that size (SQLite reuses it in place).
 */
const DEFAULT_REWIND_FRAMES = 16_000;
/** Past this many times the rewind size something is wrong: the writer checkpoints itself on COMMIT again. */
const FALLBACK_FACTOR = 4;
/** SQLite's own default, for the fallback. */
const AUTOCHECKPOINT_FRAMES = 1_000;

/**
 * Takes WAL checkpoints off the server's thread. With SQLite's default, the COMMIT that crosses 1,000 WAL
 * pages copies them all into the database file and fsyncs it, inside COMMIT, on the event loop: every
 * request behind that commit waits for the copy too (the send→ack tail in `npm run bench`). Here the
 * writer's automatic checkpoints are off, and a worker thread with its own connection runs PASSIVE
 * checkpoints (which never block the writer) while there are writes.
 *
 * The WAL stays bounded: past `rewindFrames` one transaction waits (asynchronously: the event loop goes on)
 * for the checkpoint that lets the log restart; if the worker fails or falls behind past FALLBACK_FACTOR
 * times that, the writer's own automatic checkpoints come back (SQLite's default). `close()` stops the worker;
 * closing the database then checkpoints and truncates the WAL (see database.ts).
 */
export class WalCheckpointer {
  private readonly file: string;
  private readonly writer: BetterSqlite3.Database;
  private worker: Worker | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** One resolver per request sent and not yet answered; the worker answers in order. */
  private readonly waiting: ((reply: CheckpointReply) => void)[] = [];
  /** Written since the last checkpoint was sent. */
  private dirty = false;
  private rewindDue = false;
  private stopped = false;
  private fallback = false;
  private readonly rewindFrames: number;

  /** `rewindFrames`: the WAL size that makes the next transaction wait for the log's rewind (tests pass a small one). */
  constructor(file: string, writer: BetterSqlite3.Database, rewindFrames = DEFAULT_REWIND_FRAMES) {
    this.file = file;
    this.writer = writer;
    this.rewindFrames = rewindFrames;
    writer.pragma('wal_autocheckpoint = 0');
  }

  /** After every statement the writer runs for its effects: a flag, and a timer when none is set. */
  noteWrite(): void {
    this.dirty = true;
    if (this.timer === null && this.waiting.length === 0 && !this.stopped) this.schedule();
  }

  /** Before the writer's BEGIN: when the WAL is due to be rewound, one more checkpoint first. */
  async beforeBegin(): Promise<void> {
    if (!this.rewindDue) return;
    this.rewindDue = false;
    await this.checkpoint();
  }

  /** Stops the worker, after the checkpoints it was asked for. */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Referenced again so the process cannot end before the worker has closed its connection (and the
    // store, after it, has checkpointed and truncated the WAL).
    worker.ref();
    worker.postMessage({ mode: 'close' } satisfies CheckpointRequest);
    await exited;
    this.worker = null;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.checkpoint();
    }, PACE_MS);
    this.timer.unref();
  }

  private checkpoint(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.dirty = false;
    try {
      this.worker ??= this.start();
    } catch {
      this.lost();
      return Promise.resolve();
    }
    this.worker.postMessage({ mode: 'PASSIVE' } satisfies CheckpointRequest);
    return new Promise<void>((resolve) => this.waiting.push((reply) => resolve(this.onReply(reply))));
  }

  private start(): Worker {
    const worker = new Worker(new URL('./checkpoint-worker.ts', import.meta.url), {
      workerData: { file: this.file },
    });
    worker.unref();
    worker.on('message', (reply: CheckpointReply) => this.waiting.shift()?.(reply));
    worker.on('error', () => this.lost());
    worker.on('exit', () => {
      if (!this.stopped) this.lost();
    });
    return worker;
  }

  private onReply(reply: CheckpointReply): void {
    if (!reply.ok) {
      this.useFallback(true);
      return;
    }
    // Copied everything up to `log` and the log is long: the next BEGIN finishes the job (see beforeBegin).
    // With nothing written since this checkpoint began the WAL is already whole in the database file.
    const rewound = !reply.busy && reply.checkpointed === reply.log && !this.dirty;
    this.rewindDue = reply.log >= this.rewindFrames && !rewound;
    this.useFallback(
      reply.log > this.rewindFrames * FALLBACK_FACTOR || (this.fallback && reply.log > this.rewindFrames),
    );
    if (this.dirty && this.timer === null && this.waiting.length === 0 && !this.stopped) this.schedule();
  }

  /** Without its worker the writer checkpoints itself again, as SQLite does by default; for good. */
  private lost(): void {
    this.worker = null;
    this.stopped = true;
    this.rewindDue = false;
    for (const resolve of this.waiting.splice(0)) resolve({ ok: false, error: 'checkpoint worker lost' });
    this.useFallback(true);
  }

  private useFallback(on: boolean): void {
    if (on === this.fallback || !this.writer.open) return;
    this.fallback = on;
    this.writer.pragma(`wal_autocheckpoint = ${on ? AUTOCHECKPOINT_FRAMES : 0}`);
  }
}
