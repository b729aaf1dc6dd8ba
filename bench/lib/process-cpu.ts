import { readFileSync, readdirSync } from 'node:fs';

/** Linux reports process times in clock ticks; 100 per second on every mainstream kernel build. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) used so far by the child of `parentPid` whose command line contains
 * `match`, read from /proc; null where there is no /proc or no such child. On a shared machine this is
 * the steadier figure: wall-clock throughput moves with whatever else runs, CPU per message much less.
 */
export function childCpuMs(parentPid: number, match: string): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in field 2 may contain spaces and parentheses: parse after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== parentPid) continue;
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(match)) continue;
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
    } catch {
      // The process ended while we looked, or is not ours to read.
    }
  }
  return null;
}
