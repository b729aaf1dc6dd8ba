import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { ServerProcess } from './server-process.ts';
import type { TestClient } from './test-client.ts';

const cli = join(import.meta.dirname, '..', '..', 'src-server', 'admin', 'cli.ts');

export interface AdminRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the admin CLI (`src-server/admin/cli.ts`) against a running test server's database, as an operator
 * would: a separate process on the same SQLite file (or the same PostgreSQL database, when tests run on
 * PostgreSQL).
 */
export function runAdminRaw(
  server: Pick<ServerProcess, 'dataDir' | 'database'>,
  args: readonly string[],
): Promise<AdminRun> {
  const where = server.database ? ['--database', server.database] : ['--data-dir', server.dataDir];
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...where, ...args], { env: process.env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs an admin command that must succeed, and returns its JSON result. */
export async function runAdmin<T = Record<string, unknown>>(
  server: ServerProcess,
  args: readonly string[],
): Promise<T> {
  const run = await runAdminRaw(server, args);
  if (run.code !== 0) throw new Error(`admin ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

export const usernameOf = (client: TestClient): string => client.auth.me.username;

export async function makeModerator(server: ServerProcess, client: TestClient): Promise<void> {
  await runAdmin(server, ['set-role', usernameOf(client), 'moderator']);
}

let slugCounter = 0;
/** Creates a producer page (claimed by `owner` when given) with a unique slug; returns its id. */
export async function createProducer(
  server: ServerProcess,
  name: string,
  owner?: TestClient,
): Promise<string> {
  slugCounter += 1;
  const slug = `${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'page'
  }-${slugCounter}-${Math.random().toString(36).slice(2, 7)}`;
  const args = ['create-producer', '--name', name, '--slug', slug, '--bio', `${name} makes beats.`];
  if (owner) args.push('--claimed-by', usernameOf(owner));
  const { producerId } = await runAdmin<{ producerId: string }>(server, args);
  return producerId;
}
