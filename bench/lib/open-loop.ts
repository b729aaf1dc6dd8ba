/** A running open loop: `done` resolves after its last step; `stop` ends it early. */
export interface OpenLoop {
  done: Promise<void>;
  stop(): void;
}

/**
 * Open loop at `rate` steps a second: every millisecond, `step(i)` for every step the schedule says is
 * due by now, whatever the earlier ones cost or whatever came back, so a slow target meets the same load
 * and its queueing shows in the tail. Ends after `total` steps (never, by default, until stopped). The
 * latency scenario's senders, the flood and the paced disk floor all run on it, so their rates compare.
 */
export function openLoop(
  rate: number,
  step: (i: number) => void,
  total = Number.POSITIVE_INFINITY,
): OpenLoop {
  const started = performance.now();
  let taken = 0;
  let timer: NodeJS.Timeout | undefined;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  const tick = () => {
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000));
    for (; taken < due; taken++) step(taken);
    if (taken < total) timer = setTimeout(tick, 1);
    else finish();
  };
  tick();
  return {
    done,
    stop() {
      clearTimeout(timer);
      finish();
    },
  };
}
