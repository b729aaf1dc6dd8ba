/**
 * `npm start` (interim, until the desktop app takes over this script): the messaging server in this
 * process with demo data, on http://127.0.0.1:8787 with its database under ./data/. Extra flags go to the
 * server (`npm start -- --port 9000`); `npm run server -- --help` lists them.
 */
import { configHelp, parseCommandLine } from '../src-server/config.ts';
import { DEMO_ACCOUNTS, DEMO_BOT_USERNAME } from '../src-server/demo/index.ts';
import { startServer } from '../src-server/server.ts';

let config;
try {
  // Quiet logs by default so the credentials stay readable; a later --log-level wins.
  const parsed = parseCommandLine(['--demo', '--log-level', 'warn', ...process.argv.slice(2)], process.env);
  if (parsed.help) {
    process.stdout.write(configHelp());
    process.exit(0);
  }
  config = parsed.config;
} catch (error) {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const server = await startServer(config).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const hint = /EADDRINUSE/.test(message) ? ' (the port is taken: npm start -- --port 9000)' : '';
  console.error(`npm start: could not start the server: ${message}${hint}`);
  process.exit(1);
});
const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.username.length));
console.log(`\nBeatPass messaging server with demo data: ${server.url}  (data in ${config.database ?? config.dataDir})`);
console.log(`Sign in as "demo" / "demo-password"; write to "${DEMO_BOT_USERNAME}" and she answers.\n`);
for (const account of DEMO_ACCOUNTS) {
  console.log(`  ${account.username.padEnd(width)}  ${account.password.padEnd(16)}  ${account.note}`);
}
console.log('\nCtrl+C stops it.');

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
