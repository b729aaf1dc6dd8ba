import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../../support/server-process.ts';
import type { ServerProcess } from '../../support/server-process.ts';
import { signUpClient } from '../../support/test-client.ts';

const root = join(import.meta.dirname, '..', '..', '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `npm run <script> -- …` as an operator types it. Under `npm test` npm names itself (npm_execpath) and
 * runs on this Node; run alone, the `npm` on PATH.
 */
function npmRun(script: string, args: readonly string[]): Promise<Run> {
  const npmCli = process.env.npm_execpath;
  const [command, ...prefix] = npmCli?.endsWith('.js') ? [process.execPath, npmCli] : ['npm'];
  return new Promise((resolve) => {
    execFile(
      command ?? 'npm',
      [...prefix, 'run', '--silent', script, '--', ...args],
      { cwd: root, env: process.env },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server.cleanup();
});

describe('npm run admin', () => {
  it('--help lists every command with its arguments', async () => {
    const run = await npmRun('admin', ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run admin -- \[--data-dir DIR \| --database URL\] COMMAND/);
    for (const line of [
      'set-role USERNAME user|producer|moderator',
      'set-muted USERNAME true|false',
      'create-producer --name NAME --slug SLUG [--bio BIO] [--claimed-by USERNAME]',
      'create-team --name NAME --owner USERNAME [--member USERNAME]…',
    ])
      expect(run.stdout).toContain(line);
  });

  it('is named by the server’s own --help', async () => {
    const run = await npmRun('server', ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('npm run admin -- --help');
  });

  it('changes a running server’s database and prints the result as one JSON line', async () => {
    const dana = await signUpClient(server.url, 'dana');
    const where = server.database ? ['--database', server.database] : ['--data-dir', server.dataDir];
    const run = await npmRun('admin', [...where, 'set-role', dana.auth.me.username, 'moderator']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect((JSON.parse(run.stdout) as { me: { role: string } }).me.role).toBe('moderator');
    expect((await dana.request('me.get', {})).me.role).toBe('moderator');
    await dana.close();
  });

  it('answers bad usage with exit 2 before touching any database, and says where the commands are', async () => {
    const run = await npmRun('admin', ['--data-dir', '/nonexistent/beatpass', 'launch-rockets']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'beatpass-admin: unknown command "launch-rockets"\nThe commands: npm run admin -- --help\n',
    );
  });
});
