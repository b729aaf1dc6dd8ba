/**
 * The WAL checkpointer's thread (see wal-checkpointer.ts): its own connection to the server's SQLite file,
 * copying committed WAL frames into the database file while the server's thread goes on serving.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import type { CheckpointReply, CheckpointRequest } from './wal-checkpointer.ts';

const port = parentPort;
if (!port) throw new Error('checkpoint-worker.ts runs as a worker thread');
const { file } = workerData as { file: string };
const db = new BetterSqlite3(file);
// A checkpoint syncs the WAL before copying and the database file after: the writer may overwrite WAL
// frames only once what they held is durable in the database file.
db.pragma('synchronous = FULL');

port.on('message', (request: CheckpointRequest) => {
  if (request.mode === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: CheckpointReply;
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as {
      busy: number;
      log: number;
      checkpointed: number;
    }[];
    reply = { ok: true, busy: row?.busy === 1, log: row?.log ?? 0, checkpointed: row?.checkpointed ?? 0 };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
