/**
 * `npm run server`: the messaging server from the command line. Prints one JSON line on stdout when it
 * listens (`{"event":"listening","url":…,"port":…}`) so scripts and tests can find a port-0 server; logs go
 * to stderr.
 */
import { configHelp, parseCommandLine } from './config.ts';
import { startServer } from './server.ts';

let parsed;
try {
  parsed = parseCommandLine(process.argv.slice(2), process.env);
} catch (error) {
  console.error(
    `beatpass-server: ${error instanceof Error ? error.message : String(error)}\n\n${configHelp()}`,
  );
  process.exit(2);
}
if (parsed.help) {
  process.stdout.write(configHelp());
  process.exit(0);
}

try {
  const server = await startServer(parsed.config);
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: server.url, port: server.port })}\n`);
  let stopping = false;
  const stop = (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    server.context.log.info({ reason }, 'shutting down');
    server.close().then(
      () => process.exit(exitCode),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // The node can no longer serve (its store thread failed, logged with the cause): out of service, and a
  // non-zero exit for the supervisor to restart it.
  void server.failed.then(() => stop('store thread failed', 1));
  // A promise nobody awaited failed: a bug to fix, but one request's bug must not end every session here.
  process.on('unhandledRejection', (reason) => {
    server.context.log.error({ err: reason }, 'unhandled rejection');
  });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const hint = /EADDRINUSE/.test(message) ? ' (the port is taken: choose another with --port)' : '';
  console.error(`beatpass-server: could not start: ${message}${hint}`);
  process.exit(1);
}
