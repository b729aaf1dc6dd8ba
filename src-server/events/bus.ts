import type { EphemeralEvent, UserEvent } from '../../src-shared/protocol.ts';

export interface SequencedEvent {
  userId: string;
  seq: number;
  event: UserEvent;
  /** `event` as JSON, as stored in the log: fan-out sends this text instead of serialising again. */
  payload: string;
}

/**
 * Wakes the connections of users who have new events. A wake-up carries the events themselves so a
 * connection that is exactly up to date can forward them without a read; any gap makes the connection
 * read from the event log, which stays the record. Ephemeral events (typing) travel only here.
 */
export interface EventBus {
  publish(events: readonly SequencedEvent[]): void;
  publishEphemeral(userIds: readonly string[], event: EphemeralEvent): void;
  /** A session was ended (sign-out, stolen refresh token): its sockets close on every node. */
  publishSessionRevoked(sessionId: string): void;
  subscribe(listener: BusListener): () => void;
  close(): Promise<void>;
}

export interface BusListener {
  onEvents(events: readonly SequencedEvent[]): void;
  onEphemeral(userIds: readonly string[], event: EphemeralEvent): void;
  onSessionRevoked?(sessionId: string): void;
  /**
   * Wake-ups for these users (or for everyone) may have been missed, or were too large to carry their
   * events: read their logs from where each connection stands. The log is the record; the bus only wakes.
   */
  onCatchUp?(userIds: readonly string[] | 'all'): void;
}

/** The single-node bus: listeners in this process. */
export class InProcessBus implements EventBus {
  private readonly listeners = new Set<BusListener>();

  publish(events: readonly SequencedEvent[]): void {
    if (events.length === 0) return;
    for (const listener of this.listeners) listener.onEvents(events);
  }

  publishEphemeral(userIds: readonly string[], event: EphemeralEvent): void {
    for (const listener of this.listeners) listener.onEphemeral(userIds, event);
  }

  publishSessionRevoked(sessionId: string): void {
    for (const listener of this.listeners) listener.onSessionRevoked?.(sessionId);
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
