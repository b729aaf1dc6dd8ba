/**
 * The main process's (the core's) memory with 1,000 conversations and 100,000 cached messages: resident
 * set size of a process that opened the core on such a cache and opened every conversation, beside a
 * bare Node process's, measured in the same run (bench/core/rss-child.ts).
 */
import { BENCH_T0, benchConversation, benchPeople } from './fixtures.ts';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cache } from '../../src-main/core/cache/cache.ts';
import type { BenchRow } from '../lib/report.ts';

const CONVERSATIONS = 1_000;
const MESSAGES = 100_000;
const T0 = BENCH_T0;
const run = promisify(execFile);

function seed(file: string): void {
  const cache = Cache.open({ path: file });
  const perConversation = MESSAGES / CONVERSATIONS;
  cache.transaction(() => {
    for (let i = 0; i < CONVERSATIONS; i++)
      cache.conversations.upsert(benchConversation(i, perConversation, false));
  });
  for (let n = 0; n < MESSAGES; n += 1_000) {
    cache.transaction(() => {
      for (let k = n; k < n + 1_000; k++) {
        const c = k % CONVERSATIONS;
        cache.messages.insert({
          id: `m-${k}`,
          conversationId: `conv-${String(c).padStart(5, '0')}`,
          seq: Math.floor(k / CONVERSATIONS) + 1,
          authorId: benchPeople[c % 50]!.id,
          clientId: `c-${k}`,
          body: `message number ${k}, a line of ordinary chat text about the beat`,
          createdAt: T0 + k * 10,
        });
      }
    });
  }
  cache.close();
}

async function childRss(args: string[]): Promise<number> {
  const child = join(import.meta.dirname, 'rss-child.ts');
  const { stdout } = await run(process.execPath, ['--expose-gc', child, ...args], { maxBuffer: 1 << 20 });
  const parsed = JSON.parse(stdout.trim()) as { rss: number };
  return parsed.rss;
}

export async function rssRows(): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'beatpass-rss-bench-'));
  try {
    const file = join(dir, 'cache.sqlite');
    seed(file);
    const core = await childRss(['core', file]);
    const bare = await childRss(['bare']);
    const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    return {
      rows: [
        {
          name: `core RSS, ${CONVERSATIONS.toLocaleString('en-US')} conversations and ${MESSAGES.toLocaleString('en-US')} cached messages (all opened)`,
          value: mb(core),
          unit: 'MB',
          baseline: mb(bare),
          baselineName: 'bare Node process',
        },
      ],
      notes: [
        'Core RSS: a process of its own opens the core on the cache, lists the conversations and opens every one through the router (pages of 100), then reports its resident set size after a GC; the baseline is a bare Node process. The Electron main process adds Electron itself on top.',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
