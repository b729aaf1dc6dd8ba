/**
 * Operator commands against a server's database, safe to run while the server is up (SQLite WAL, or
 * PostgreSQL). Prints one JSON line with the result on stdout; exits 2 on bad usage, 1 on a failed action.
 *
 *   node src-server/admin/cli.ts --data-dir DIR set-role USERNAME moderator
 *   node src-server/admin/cli.ts --data-dir DIR set-muted USERNAME true
 *   node src-server/admin/cli.ts --data-dir DIR create-producer --name NAME --slug SLUG [--bio BIO] [--claimed-by USERNAME]
 *   node src-server/admin/cli.ts --data-dir DIR create-team --name NAME --owner USERNAME [--member USERNAME]…
 *
 * The database is found as the server finds it: --database, else --data-dir, else BEATPASS_DATABASE /
 * BEATPASS_DATA_DIR, else ./data.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ROLES, roleSchema } from '../../src-shared/domain.ts';
import { AppError } from '../../src-shared/errors.ts';
import { databaseLocation, parseConfig } from '../config.ts';
import { openDatabase } from '../store/database.ts';
import type { Db } from '../store/database.ts';
import { createProducerPage, createTeam, findUserId, setCommunityMuted, setRole } from './admin.ts';

const USAGE = `Usage: node src-server/admin/cli.ts [--data-dir DIR | --database URL] COMMAND …
  set-role USERNAME user|producer|moderator
  set-muted USERNAME true|false
  create-producer --name NAME --slug SLUG [--bio BIO] [--claimed-by USERNAME]
  create-team --name NAME --owner USERNAME [--member USERNAME]…
`;

class UsageError extends Error {}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        database: { type: 'string' },
        name: { type: 'string' },
        slug: { type: 'string' },
        bio: { type: 'string' },
        'claimed-by': { type: 'string' },
        owner: { type: 'string' },
        member: { type: 'string', multiple: true },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    return fail(2, error instanceof Error ? error.message : String(error));
  }
})();

function fail(code: 1 | 2, message: string): never {
  process.stderr.write(`beatpass-admin: ${message}\n${code === 2 ? `\n${USAGE}` : ''}`);
  process.exit(code);
}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value.length === 0) throw new UsageError(`missing ${what}`);
  return value;
}

async function run(db: Db, command: string | undefined, args: readonly string[]): Promise<unknown> {
  switch (command) {
    case 'set-role': {
      const [username, role] = args;
      const parsed = roleSchema.safeParse(required(role, 'ROLE'));
      if (!parsed.success)
        throw new UsageError(`unknown role "${role}"; expected one of ${ROLES.join(', ')}`);
      return { me: await setRole(db, required(username, 'USERNAME'), parsed.data) };
    }
    case 'set-muted': {
      const [username, muted] = args;
      if (muted !== 'true' && muted !== 'false') throw new UsageError('set-muted takes true or false');
      return { me: await setCommunityMuted(db, required(username, 'USERNAME'), muted === 'true') };
    }
    case 'create-producer': {
      const claimedBy = values['claimed-by'];
      const page = await createProducerPage(db, {
        name: required(values.name, '--name'),
        slug: required(values.slug, '--slug'),
        bio: values.bio ?? '',
        claimedByUserId: claimedBy ? await findUserId(db, claimedBy) : null,
      });
      return { producerId: page.id, slug: page.slug, claimedByUserId: page.claimed_by_user_id };
    }
    case 'create-team': {
      const ownerId = await findUserId(db, required(values.owner, '--owner'));
      const memberIds = await Promise.all((values.member ?? []).map((username) => findUserId(db, username)));
      const team = await createTeam(db, { name: required(values.name, '--name'), ownerId, memberIds });
      return { teamId: team.id };
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'missing COMMAND');
  }
}

if (values.help === true) {
  process.stdout.write(USAGE);
  process.exit(0);
}

let location: string;
try {
  const raw: Record<string, unknown> = {
    dataDir: values['data-dir'] ?? process.env.BEATPASS_DATA_DIR,
    database: values.database ?? process.env.BEATPASS_DATABASE,
  };
  location = databaseLocation(
    parseConfig(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined))),
  );
} catch (error) {
  fail(2, error instanceof Error ? error.message : String(error));
}

// A mistyped folder must not quietly create a fresh, empty database.
if (!/^postgres(ql)?:\/\//.test(location) && !existsSync(location)) fail(1, `no database at ${location}`);
const opened = await openDatabase(location);
try {
  const [command, ...args] = positionals;
  const result = await run(opened.db, command, args);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  await opened.close();
  if (error instanceof UsageError) fail(2, error.message);
  if (error instanceof AppError) fail(1, `${error.code}: ${error.message}`);
  throw error;
}
await opened.close();
