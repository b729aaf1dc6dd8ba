/** The OS signals the core reacts to, from Electron's `powerMonitor` and `net`, or fakes in tests. */
export interface ConnectivityPorts {
  onResume(listener: () => void): void;
  isOnline(): boolean;
  /** Calls `tick` every `ms`; returns the stop function. */
  every(ms: number, tick: () => void): () => void;
}

export interface CoreSignals {
  online(): void;
  offline(): void;
  resumed(): void;
}

/** How often the network state is polled: Electron's main process has no online/offline event. */
export const ONLINE_POLL_MS = 3_000;

/**
 * Forwards "woke from sleep" (`resumed`), "network came back" (`online`, on an offline → online edge) and
 * "network gone" (`offline`, on the other edge) to the core: it reconnects at once when the network is
 * back, and tells the person "you are offline" rather than "the server is unreachable" while it is gone.
 */
export function forwardConnectivity(ports: ConnectivityPorts, core: CoreSignals): () => void {
  ports.onResume(() => core.resumed());
  let online = ports.isOnline();
  if (!online) core.offline();
  return ports.every(ONLINE_POLL_MS, () => {
    const now = ports.isOnline();
    if (now && !online) core.online();
    if (!now && online) core.offline();
    online = now;
  });
}
