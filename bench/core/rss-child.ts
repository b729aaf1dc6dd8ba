/**
 * Run by bench/core/rss.ts in a process of its own: `core <cache file>` opens the client core on the
 * cache, lists the conversations and opens every one of them through the router (as a session of use
 * would), then prints its resident set size; `bare` prints a bare Node process's, the baseline.
 */
import { dirname } from 'node:path';

const [mode, file] = process.argv.slice(2);

async function main(): Promise<void> {
  if (mode === 'core' && file) {
    const { createCore } = await import('../../src-main/core/core.ts');
    const { createRouter } = await import('../../src-main/core/router.ts');
    const { MemorySettingsStore } = await import('../../src-main/core/settings/settings-store.ts');
    const { MemorySessionStore } = await import('../../src-main/core/settings/session-store.ts');
    const { RecordingShell } = await import('../../tests/support/recording-shell.ts');
    const core = createCore({
      dataDir: dirname(file),
      cacheFile: file,
      serverUrl: 'http://127.0.0.1:9',
      shell: new RecordingShell(),
      settings: new MemorySettingsStore(),
      sessions: new MemorySessionStore(),
    });
    const list = core.start();
    const router = createRouter(core);
    for (const conversation of list) {
      const response = await router.handle('conversations.open', { conversationId: conversation.id });
      if (!response.ok) throw new Error(response.error.message);
    }
    globalThis.gc?.();
    process.stdout.write(
      `${JSON.stringify({ rss: process.memoryUsage().rss, conversations: list.length })}\n`,
    );
    core.close();
    return;
  }
  globalThis.gc?.();
  process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage().rss, conversations: 0 })}\n`);
}

await main();
