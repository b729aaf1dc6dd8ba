/**
 * `npm run web`: the app in a browser (the headless host). Starts the embedded server with demo data
 * (unless `--server <url>` names another one), the client core with a recording shell, and serves the
 * built renderer plus the IPC contract on 127.0.0.1, locked by Origin and a per-launch secret that is part
 * of the URL printed below. Flags: --server <url>, --port <n> (default: any free port), --open (launch the
 * system browser); anything else goes to the embedded server.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startHeadlessHost } from '../src-main/headless/host.ts';
import { DEMO_SIGN_IN, embeddedServerConfig, onShutdown, startEmbeddedServer } from './embedded-server.ts';

const { values, tokens } = parseArgs({
  args: process.argv.slice(2),
  options: { server: { type: 'string' }, port: { type: 'string' }, open: { type: 'boolean' } },
  strict: false,
  tokens: true,
});
const own = new Set(['server', 'port', 'open']);
const serverArgs: string[] = [];
for (const token of tokens) {
  if (token.kind === 'option' && !own.has(token.name))
    serverArgs.push(token.rawName, ...(token.value === undefined ? [] : [token.value]));
  if (token.kind === 'positional') serverArgs.push(token.value);
}

const config = embeddedServerConfig(serverArgs, 'npm run web');
const serverUrl = typeof values.server === 'string' ? values.server : undefined;
const port = typeof values.port === 'string' ? Number(values.port) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('npm run web: --port must be a port number');
  process.exit(2);
}

const host = await startHeadlessHost({
  ...(serverUrl !== undefined
    ? { serverUrl }
    : { startServer: () => startEmbeddedServer(config, 'npm run web') }),
  ...(serverUrl === undefined ? { signIn: DEMO_SIGN_IN } : {}),
  dataDir: resolve(config.dataDir, 'web'),
  port,
  rendererDir: join(import.meta.dirname, '..', 'out', 'renderer'),
  onRefused: (reason) => console.warn(`bridge: ${reason}`),
  guardProcess: true,
});

console.log(
  `\nOpen the app at:\n\n  ${host.url}\n\nThe secret in that address changes at every launch; only 127.0.0.1 can connect. Ctrl+C stops it.`,
);
if (values.open === true) {
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(opener, [host.url], { stdio: 'ignore', detached: true })
    .on('error', () => console.warn(`could not run ${opener}`))
    .unref();
}

onShutdown(async () => {
  await host.close();
  return 0;
});
