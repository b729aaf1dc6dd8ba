/** The OS signals the core reacts to, from Electron's `powerMonitor` and `net`, or fakes in tests. */
export interface ConnectivityPorts {
  onResume(listener: () => void): void;
  isOnline(): boolean;
  /** Calls `tick` every `ms`; returns the stop function. */
  every(ms: number, tick: () => void): () => void;
}

export interface CoreSignals {
  online(): void;
  resumed(): void;
}

/** How often the network state is polled: Electron's main process has no online/offline event. */
export const ONLINE_POLL_MS = 3_000;

/**
 * Forwards "woke from sleep" (`resumed`) and "network came back" (`online`, on an offline → online edge)
 * to the core, which then reconnects at once instead of waiting out its backoff.
 */
export function forwardConnectivity(ports: ConnectivityPorts, core: CoreSignals): () => void {
  ports.onResume(() => core.resumed());
  let online = ports.isOnline();
  return ports.every(ONLINE_POLL_MS, () => {
    const now = ports.isOnline();
    if (now && !online) core.online();
    online = now;
  });
}
