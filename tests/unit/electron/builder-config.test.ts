import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Configuration } from 'app-builder-lib';

/**
 * The packaging config as electron-builder itself reads it: its own loader (`getConfig`) and its own schema
 * check (`validateConfiguration`, which refuses unknown or misspelt keys), so a fuse written under a wrong
 * name fails here instead of being ignored at `npm run dist`.
 */
const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..', '..');

interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Configuration>;
  validateConfiguration(config: Configuration, logger: unknown): Promise<void>;
}

async function loadBuilderConfig(file = 'electron-builder.yml'): Promise<Configuration> {
  const { getConfig, validateConfiguration } =
    require('app-builder-lib/out/util/config/config.js') as ConfigModule;
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(root, file, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('electron-builder.yml', () => {
  it('flips the fuses: no run-as-node, NODE_OPTIONS or inspector; app.asar only, integrity checked', async () => {
    const config = await loadBuilderConfig();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Integrity needs the archive (and its hash): the app must not be packaged unarchived.
    expect(config.asar).not.toBe(false);
    expect(config.appId).toBe('community.beatpass.messenger');
  }, 30_000);

  it('would refuse a fuse under a wrong name (the check is real)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'builder-config-'));
    try {
      const file = join(dir, 'misspelt.yml');
      writeFileSync(file, 'appId: x.y\nelectronFuse:\n  runAsNode: false\n');
      await expect(loadBuilderConfig(file)).rejects.toThrow(/electronFuse/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
