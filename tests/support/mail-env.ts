import { spawnServer } from './server-process.ts';
import type { ServerProcess } from './server-process.ts';
import { SmtpSink } from './smtp-sink.ts';

export interface MailEnv {
  sink: SmtpSink;
  server: ServerProcess;
  cleanup(): Promise<void>;
}

/** An SMTP sink on loopback and a server that sends its message emails there after `debounceMs`. */
export async function startMailEnv(debounceMs: number): Promise<MailEnv> {
  const sink = await SmtpSink.start();
  const server = await spawnServer({
    args: ['--smtp-url', sink.url, '--email-debounce-ms', String(debounceMs)],
  });
  return {
    sink,
    server,
    cleanup: async () => {
      await server.cleanup();
      await sink.close();
    },
  };
}
