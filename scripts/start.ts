/**
 * `npm start`: the desktop app against the embedded server with demo data.
 * 1. Checks that the Electron binary is installed (without `require('electron')`, which would try to
 *    download it); when it is not, says so once, points to `npm run web`, and exits non-zero.
 * 2. Builds main, preload and renderer (electron-vite).
 * 3. Starts the messaging server in this process with demo data under ./data/ (seeded on first run).
 * 4. Starts Electron signed in as the demo user (app data under ./data/desktop/), and stops the server
 *    when the app quits. Server flags pass through: `npm start -- --port 9000`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildApp } from './build-app.ts';
import { DEMO_SIGN_IN, embeddedServerConfig, onShutdown, startEmbeddedServer } from './embedded-server.ts';

const root = join(import.meta.dirname, '..');

/** The Electron executable the `electron` package would run, or null when it was never downloaded. */
function electronBinary(): string | null {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist');
  const binary = join(dist, relative);
  return relative !== '' && existsSync(binary) ? binary : null;
}

const config = embeddedServerConfig(process.argv.slice(2), 'npm start');
const electron = electronBinary();
if (electron === null) {
  console.error(
    'npm start: the Electron binary is not installed here (node_modules/electron has no dist/), so the desktop app cannot open. ' +
      'Run `npm run web` to use the same app in your browser against the same demo server.',
  );
  process.exit(1);
}

const buildStatus = buildApp();
if (buildStatus !== 0) {
  console.error('npm start: the build failed (see above).');
  process.exit(buildStatus);
}

const server = await startEmbeddedServer(config, 'npm start');
const app = spawn(electron, [join(root, 'out', 'main', 'index.js')], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    BEATPASS_SERVER_URL: server.url,
    BEATPASS_SERVER_EMBEDDED: '1',
    BEATPASS_USER_DATA: resolve(config.dataDir, 'desktop'),
    BEATPASS_SIGN_IN_USERNAME: DEMO_SIGN_IN.username,
    BEATPASS_SIGN_IN_PASSWORD: DEMO_SIGN_IN.password,
  },
});
console.log('\nThe app is in your tray. Quit it there (or Ctrl+C here) to stop the server too.');

const stopServer = async (code: number) => {
  await server.close();
  return code;
};
app.once(
  'exit',
  (code, signal) => void stopServer(code ?? (signal ? 1 : 0)).then((status) => process.exit(status)),
);
onShutdown(async () => {
  app.kill('SIGTERM');
  return stopServer(0);
});
