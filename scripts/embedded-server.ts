/**
 * The embedded messaging server with demo data, as `npm start` and `npm run web` run it: in this process,
 * on http://127.0.0.1:8787 by default, database under ./data/ (seeded on first run, kept afterwards).
 * Extra flags go to the server (`-- --port 9000`); `npm run server -- --help` lists them.
 */
import { configHelp, parseCommandLine } from '../src-server/config.ts';
import type { ServerConfig } from '../src-server/config.ts';
import { DEMO_ACCOUNTS, DEMO_BOT_USERNAME, DEMO_USERNAME } from '../src-server/demo/index.ts';
import { startServer } from '../src-server/server.ts';
import type { RunningServer } from '../src-server/server.ts';

const demoAccount = DEMO_ACCOUNTS.find((account) => account.username === DEMO_USERNAME);
if (!demoAccount) throw new Error('the demo account is missing from DEMO_ACCOUNTS');

/** Who the app signs in as against the demo server. */
export const DEMO_SIGN_IN = { username: demoAccount.username, password: demoAccount.password };

/** Parses server flags (demo on, quiet logs unless overridden); exits on --help or a bad flag. */
export function embeddedServerConfig(argv: readonly string[], command: string): ServerConfig {
  try {
    const parsed = parseCommandLine(['--demo', '--log-level', 'warn', ...argv], process.env);
    if (parsed.help) {
      process.stdout.write(configHelp());
      process.exit(0);
    }
    return parsed.config;
  } catch (error) {
    console.error(`${command}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}

export async function startEmbeddedServer(config: ServerConfig, command: string): Promise<RunningServer> {
  try {
    const server = await startServer(config);
    // Its store thread failed (logged with the cause): the server can no longer answer, so say so and end.
    void server.failed.then((failure) => {
      console.error(`${command}: the messaging server stopped: ${failure.message}`);
      process.exit(1);
    });
    console.log(
      `BeatPass messaging server with demo data: ${server.url}  (data in ${config.database ?? config.dataDir})`,
    );
    console.log(
      `Signed in as "${DEMO_SIGN_IN.username}"; write to "${DEMO_BOT_USERNAME}" and she answers. Other demo accounts:`,
    );
    const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.username.length));
    for (const account of DEMO_ACCOUNTS)
      console.log(`  ${account.username.padEnd(width)}  ${account.password.padEnd(16)}  ${account.note}`);
    return server;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = /EADDRINUSE/.test(message) ? ` (the port is taken: ${command} -- --port 9000)` : '';
    console.error(`${command}: could not start the server: ${message}${hint}`);
    process.exit(1);
  }
}

/** Runs `stop` once on Ctrl+C or SIGTERM, then exits with its status. */
export function onShutdown(stop: () => Promise<number>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      (code) => process.exit(code),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
