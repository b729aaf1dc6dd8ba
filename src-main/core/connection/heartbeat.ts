import type { Clock, Timer } from '../clock.ts';
import type { ConnectionTimings } from './connection-options.ts';

/** What the heartbeat needs of the socket it watches. */
export interface HeartbeatPorts {
  /** Sends a ping; false when the socket is not open (nothing is sent then). */
  ping(): boolean;
  /** No answer within the timeout: the socket is half-open. */
  silent(): void;
}

/**
 * Liveness of the one socket: a ping `heartbeatIntervalMs` after the server was last heard from, and
 * `silent` when nothing answers it within `heartbeatTimeoutMs`. The connection stops it whenever its
 * socket goes, so a timer never fires for another socket.
 */
export class Heartbeat {
  readonly #clock: Clock;
  readonly #timings: Pick<ConnectionTimings, 'heartbeatIntervalMs' | 'heartbeatTimeoutMs'>;
  readonly #ports: HeartbeatPorts;
  #pingTimer: Timer | null = null;
  #pongTimer: Timer | null = null;

  constructor(
    clock: Clock,
    timings: Pick<ConnectionTimings, 'heartbeatIntervalMs' | 'heartbeatTimeoutMs'>,
    ports: HeartbeatPorts,
  ) {
    this.#clock = clock;
    this.#timings = timings;
    this.#ports = ports;
  }

  /** The socket is up (welcome): the next ping is due after the interval. */
  start(): void {
    this.#pingTimer?.cancel();
    this.#pingTimer = this.#clock.after(this.#timings.heartbeatIntervalMs, () => this.probe());
  }

  /**
   * The server answered the ping, by its pong or by any frame: a half-open socket delivers nothing, so a
   * frame proves the connection alive as well as a pong does. During a long replay the pong waits behind
   * every event frame the server had already written; counting only the pong, a core applying a replay of
   * a few thousand events on a loaded machine dropped the live connection as half-open and started over
   * (docs/bench.md, "Chaos catch-up after core kills").
   */
  heard(): void {
    this.#pongTimer?.cancel();
    this.#pongTimer = null;
    this.start();
  }

  /** A frame arrived: counts as the answer to a ping under way, and is nothing otherwise. */
  frame(): void {
    if (this.#pongTimer) this.heard();
  }

  /** Pings now (a suspected dead socket: network lost, woken from sleep), unless a ping is under way. */
  probe(): void {
    if (this.#pongTimer || !this.#ports.ping()) return;
    this.#pingTimer?.cancel();
    this.#pingTimer = null;
    this.#pongTimer = this.#clock.after(this.#timings.heartbeatTimeoutMs, () => {
      this.#pongTimer = null;
      this.#ports.silent();
    });
  }

  stop(): void {
    for (const timer of [this.#pingTimer, this.#pongTimer]) timer?.cancel();
    this.#pingTimer = this.#pongTimer = null;
  }
}
