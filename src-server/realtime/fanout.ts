import type { EphemeralEvent } from '../../src-shared/protocol.ts';
import type { ServerContext } from '../context.ts';
import type { SequencedEvent } from '../events/bus.ts';
import { readEventsAfter } from '../events/event-log.ts';
import { allWritesDurable } from '../store/durability.ts';
import type { Connection } from './connection.ts';
import { eventFrameText } from './connection.ts';

const REPLAY_BATCH = 500;

/**
 * Who is connected as whom on this node, and getting each user's events to their sockets: live events as
 * they are committed (one frame text shared by every socket of the user), and the log replayed from a
 * socket's cursor whenever live delivery cannot keep the order (a gap, a slow reader, a missed wake-up).
 */
export class Fanout {
  private readonly ctx: ServerContext;
  /** A fault while replaying to one socket: logged and that socket closed (gateway.ts). */
  private readonly onFault: (connection: Connection, error: unknown, during: string) => void;
  private readonly byUser = new Map<string, Set<Connection>>();

  constructor(ctx: ServerContext, onFault: (connection: Connection, error: unknown, during: string) => void) {
    this.ctx = ctx;
    this.onFault = onFault;
  }

  /** Users with a socket on this node (metrics). */
  get userCount(): number {
    return this.byUser.size;
  }

  /**
   * The socket joins its user's fan-out (the user's presence starts with their first socket). Done before
   * the log is read for its replay, so no event can fall between the read and going live.
   */
  join(connection: Connection): void {
    let set = this.byUser.get(connection.userId);
    if (!set) {
      this.byUser.set(connection.userId, (set = new Set()));
      this.ctx.presence.joined(connection.userId);
    }
    set.add(connection);
  }

  /** The socket closed (a socket that never signed in was never in it). */
  leave(connection: Connection): void {
    const set = this.byUser.get(connection.userId);
    set?.delete(connection);
    if (set?.size === 0) {
      this.byUser.delete(connection.userId);
      this.ctx.presence.left(connection.userId);
    }
  }

  /** Replays the log from the connection's cursor; a failure closes that socket (never throws). */
  private schedulePump(connection: Connection): void {
    this.pump(connection).catch((error: unknown) => this.onFault(connection, error, 'replay'));
  }

  /** Sends every logged event after the connection's cursor, until none is left. */
  async pump(connection: Connection): Promise<void> {
    if (connection.pumping) {
      connection.dirty = true;
      return;
    }
    connection.pumping = true;
    try {
      do {
        connection.dirty = false;
        for (;;) {
          const batch = await readEventsAfter(
            this.ctx.db,
            connection.userId,
            connection.cursor,
            REPLAY_BATCH,
          );
          // The log may hold events of commits still being synced: sent once they are on disk.
          if (batch.length > 0) await allWritesDurable(this.ctx.durability);
          for (const { seq, payload } of batch) {
            // Written only as fast as the client reads: a slow reader falls behind in the log, not in memory.
            if (!(await connection.waitForRoom())) return;
            connection.sendEvent(eventFrameText(seq, payload));
            connection.cursor = seq;
          }
          if (batch.length < REPLAY_BATCH) break;
        }
      } while (connection.dirty);
    } finally {
      connection.pumping = false;
    }
  }

  /** Committed events, live: each goes out at once where it is the socket's next seq, else from the log. */
  onEvents(events: readonly SequencedEvent[]): void {
    for (const sequenced of events) {
      const connections = this.byUser.get(sequenced.userId);
      if (!connections) continue;
      let frameText: string | undefined;
      for (const connection of connections) {
        if (connection.state !== 'ready' || connection.pumping) {
          connection.dirty = true;
          continue;
        }
        if (!connection.hasRoom()) {
          this.schedulePump(connection); // the replay waits for the client to read, then sends from the log
        } else if (sequenced.seq === connection.cursor + 1) {
          frameText ??= eventFrameText(sequenced.seq, sequenced.payload);
          connection.sendEvent(frameText);
          connection.cursor = sequenced.seq;
        } else if (sequenced.seq > connection.cursor + 1) {
          this.schedulePump(connection); // a gap: another transaction's events are still on their way
        }
      }
    }
  }

  /**
   * Reads the log for these users' connections (or everyone's): wake-ups may have been missed. Every ready
   * socket joined its user's fan-out before it became ready, so `byUser` holds them all.
   */
  catchUp(userIds: readonly string[] | 'all'): void {
    const users = userIds === 'all' ? this.byUser.values() : userIds.map((userId) => this.byUser.get(userId));
    for (const connections of users) {
      for (const connection of connections ?? []) {
        if (connection.state === 'ready') this.schedulePump(connection);
      }
    }
  }

  onEphemeral(userIds: readonly string[], event: EphemeralEvent): void {
    for (const userId of userIds) {
      for (const connection of this.byUser.get(userId) ?? []) {
        if (connection.state === 'ready') connection.send({ type: 'ephemeral', event });
      }
    }
  }
}
