import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultProxy } from '../support/fault-proxy.ts';
import { spawnServer } from '../support/server-process.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { CoreProcess } from './core-process.ts';
import type { CoreProcessConfig } from './core-process.ts';

/**
 * What a chaos run plays in: one real server process, and per client core its own fault proxy (with its
 * own loopback source address, like a separate machine) and its own folder with the cache file, which
 * survives the core's process being killed.
 */
export interface ChaosSeat {
  index: number;
  proxy: FaultProxy;
  dataDir: string;
  core: CoreProcess;
  /** Times this seat's core was started. */
  incarnation: number;
  /**
   * Times this seat started sending: bodies are `c<seat>.<round>.<n>`, so a core that starts again (after
   * a kill, or after the run settled before a fault) continues with later bodies, never the same ones.
   */
  round: number;
  userId: string;
  /** Bodies this seat's core durably queued, in write order, deduplicated. */
  attempted: string[];
  attemptedSet: Set<string>;
}

/** Client timings: a half-open connection is noticed within about a second and a half. */
export const CHAOS_TIMINGS = {
  heartbeatIntervalMs: 500,
  heartbeatTimeoutMs: 1_500,
  requestTimeoutMs: 10_000,
  welcomeTimeoutMs: 5_000,
};

function coreConfig(dataDir: string, proxy: FaultProxy): CoreProcessConfig {
  return { dataDir, serverUrl: proxy.url, ...CHAOS_TIMINGS };
}

export class ChaosWorld {
  readonly root: string;
  readonly server: ServerProcess;
  readonly seats: ChaosSeat[] = [];
  /** Called with every newly attempted body. */
  readonly attemptListeners = new Set<(seat: ChaosSeat, body: string) => void>();

  private constructor(root: string, server: ServerProcess) {
    this.root = root;
    this.server = server;
  }

  static async create(options: { cores: number; messages: number }): Promise<ChaosWorld> {
    const root = mkdtempSync(join(tmpdir(), 'beatpass-chaos-'));
    const server = await spawnServer({
      dataDir: join(root, 'server'),
      args: [
        // The chaos run measures delivery, not the send budget: every core sends as fast as acks come.
        '--send-rate',
        '10000000',
        // Every core can resume from its last seq however long it was down, so a cache must end complete.
        '--event-retention',
        String(options.messages * 2 + 10_000),
      ],
    });
    const world = new ChaosWorld(root, server);
    try {
      for (let index = 0; index < options.cores; index++) {
        const proxy = await FaultProxy.start({
          target: () => ({ port: server.port }),
          localAddress: `127.0.0.${10 + index}`,
        });
        const dataDir = join(root, `core-${index}`);
        mkdirSync(dataDir, { recursive: true });
        const core = await CoreProcess.spawn(`core ${index}.1`, coreConfig(dataDir, proxy));
        const seat: ChaosSeat = {
          index,
          proxy,
          dataDir,
          core,
          incarnation: 1,
          round: 0,
          userId: '',
          attempted: [],
          attemptedSet: new Set(),
        };
        world.seats.push(seat);
        world.#listen(seat);
      }
    } catch (error) {
      await world.close();
      throw error;
    }
    return world;
  }

  /** Starts the seat's core (again) on its folder and wires its `queued` notes into `attempted`. */
  async startCore(seat: ChaosSeat): Promise<CoreProcess> {
    seat.incarnation += 1;
    const core = await CoreProcess.spawn(
      `core ${seat.index}.${seat.incarnation}`,
      coreConfig(seat.dataDir, seat.proxy),
    );
    seat.core = core;
    this.#listen(seat);
    return core;
  }

  #listen(seat: ChaosSeat): void {
    seat.core.onQueued = (body) => this.attempt(seat, body);
  }

  attempt(seat: ChaosSeat, body: string): void {
    if (seat.attemptedSet.has(body)) return;
    seat.attemptedSet.add(body);
    seat.attempted.push(body);
    for (const listener of [...this.attemptListeners]) listener(seat, body);
  }

  get totalAttempted(): number {
    return this.seats.reduce((n, seat) => n + seat.attempted.length, 0);
  }

  problems(): string[] {
    return this.seats.flatMap((seat) => seat.core.problems.map((p) => `core ${seat.index}: ${p}`));
  }

  async close(): Promise<void> {
    await Promise.all(this.seats.map((seat) => seat.core.stop()));
    await Promise.all(this.seats.map((seat) => seat.proxy.close()));
    await this.server.cleanup();
    if (process.env.CHAOS_KEEP === '1') console.error(`chaos: kept ${this.root}`);
    else rmSync(this.root, { recursive: true, force: true });
  }
}
