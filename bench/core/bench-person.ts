/**
 * A real client core for the core benches that talk to a server (outbox flush, catch-up): its own temp
 * folder with a real SQLite cache, signed up through the router as the UI would, caught up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../src-main/core/core.ts';
import type { Core } from '../../src-main/core/core.ts';
import { createRouter } from '../../src-main/core/router.ts';
import { MemorySettingsStore } from '../../src-main/core/settings/settings-store.ts';
import { MemorySessionStore } from '../../src-main/core/settings/session-store.ts';
import { RecordingShell } from '../../tests/support/recording-shell.ts';

export interface BenchPerson {
  core: Core;
  dir: string;
}

/** Signs a new account up on `url` and waits until its core has caught up. */
export async function signUpPerson(
  url: string,
  name: string,
  options: { sendWindow?: number } = {},
): Promise<BenchPerson> {
  const dir = mkdtempSync(join(tmpdir(), 'beatpass-core-bench-'));
  const core = createCore({
    dataDir: dir,
    serverUrl: url,
    shell: new RecordingShell(),
    settings: new MemorySettingsStore(),
    sessions: new MemorySessionStore(),
    ...(options.sendWindow === undefined ? {} : { outbox: { sendWindow: options.sendWindow } }),
  });
  core.start();
  const caughtUp = core.trace.waitFor('caught-up', () => true, 30_000);
  const response = await createRouter(core).handle('session.signUp', {
    username: `${name}${Math.random().toString(36).slice(2, 8)}`,
    displayName: name,
    password: 'correct horse battery',
  });
  if (!response.ok) throw new Error(`sign-up: ${response.error.message}`);
  await caughtUp;
  return { core, dir };
}

/** Closes the core and removes its folder. */
export function dismissPerson(person: BenchPerson): void {
  person.core.close();
  rmSync(person.dir, { recursive: true, force: true });
}
