/**
 * `npm run admin -- …`: operator commands against a server's database, safe to run while the server is
 * up (SQLite WAL, or PostgreSQL). Prints one JSON line with the result on stdout; exits 2 on bad usage,
 * 1 on a failed action. `npm run admin -- --help` prints USAGE below; docs/admin.md is the manual.
 *
 * The database is found as the server finds it: --database, else --data-dir, else BEATPASS_DATABASE /
 * BEATPASS_DATA_DIR, else ./data.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ROLES, roleSchema } from '../../src-shared/domain.ts';
import { AppError } from '../../src-shared/errors.ts';
import { LIMITS } from '../../src-shared/limits.ts';
import { databaseLocation, parseConfig } from '../config.ts';
import { openDatabase } from '../store/database.ts';
import type { Db } from '../store/database.ts';
import { createProducerPage, createTeam, findUserId, setCommunityMuted, setRole } from './admin.ts';

const USAGE = `Usage: npm run admin -- [--data-dir DIR | --database URL] COMMAND [ARGUMENTS]

Operator commands against a BeatPass server's database, safe while the server runs. Each prints one JSON
line on success; bad usage exits 2, a refused action exits 1 with the reason on stderr. A signed-in user
learns of a change to them through their event log (their next event or reconnect brings it).

Where the database is (as the server finds it):
  --data-dir DIR     folder of the server's SQLite database (default ./data)   [BEATPASS_DATA_DIR]
  --database URL     a SQLite file or a postgres:// URL                        [BEATPASS_DATABASE]

Commands:
  set-role USERNAME user|producer|moderator
      Sets a user's role; moderators see the reports feed and can mute. Prints {"me": …}.
  set-muted USERNAME true|false
      Community-mutes a user (they can no longer send messages or playlist invites) or lifts it.
      Prints {"me": …}.
  create-producer --name NAME --slug SLUG [--bio BIO] [--claimed-by USERNAME]
      Creates a producer page (slug: lower-case letters, digits, dashes; unique). Claimed by a user, it
      makes a plain user a producer; a user claims one page at most.
      Prints {"producerId", "slug", "claimedByUserId"}.
  create-team --name NAME --owner USERNAME [--member USERNAME]…
      Creates a team (name 1 to ${LIMITS.teamNameMaxChars} characters) with the owner and members; its team chat appears the
      next time a member lists their conversations. Prints {"teamId"}.

Examples:
  npm run admin -- set-role dana moderator
  npm run admin -- --data-dir /srv/beatpass set-muted spammer true
  npm run admin -- create-producer --name "Nova Waves" --slug nova-waves --claimed-by nova
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
  const hint = code === 2 ? 'The commands: npm run admin -- --help\n' : '';
  process.stderr.write(`beatpass-admin: ${message}\n${hint}`);
  process.exit(code);
}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value.length === 0) throw new UsageError(`missing ${what}`);
  return value;
}

/** Checks the command line and returns the action to run on the database: bad usage fails before any I/O. */
function parseCommand(command: string | undefined, args: readonly string[]): (db: Db) => Promise<unknown> {
  switch (command) {
    case 'set-role': {
      const [username, role] = args;
      const user = required(username, 'USERNAME');
      const parsed = roleSchema.safeParse(required(role, 'ROLE'));
      if (!parsed.success)
        throw new UsageError(`unknown role "${role}"; expected one of ${ROLES.join(', ')}`);
      return async (db) => ({ me: await setRole(db, user, parsed.data) });
    }
    case 'set-muted': {
      const [username, muted] = args;
      const user = required(username, 'USERNAME');
      if (muted !== 'true' && muted !== 'false') throw new UsageError('set-muted takes true or false');
      return async (db) => ({ me: await setCommunityMuted(db, user, muted === 'true') });
    }
    case 'create-producer': {
      const name = required(values.name, '--name');
      const slug = required(values.slug, '--slug');
      const claimedBy = values['claimed-by'];
      return async (db) => {
        const page = await createProducerPage(db, {
          name,
          slug,
          bio: values.bio ?? '',
          claimedByUserId: claimedBy ? await findUserId(db, claimedBy) : null,
        });
        return { producerId: page.id, slug: page.slug, claimedByUserId: page.claimed_by_user_id };
      };
    }
    case 'create-team': {
      const name = required(values.name, '--name');
      const owner = required(values.owner, '--owner');
      return async (db) => {
        const ownerId = await findUserId(db, owner);
        const memberIds = await Promise.all(
          (values.member ?? []).map((username) => findUserId(db, username)),
        );
        const team = await createTeam(db, { name, ownerId, memberIds });
        return { teamId: team.id };
      };
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'missing COMMAND');
  }
}

if (values.help === true || positionals[0] === 'help') {
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

let action: (db: Db) => Promise<unknown>;
try {
  const [command, ...args] = positionals;
  action = parseCommand(command, args);
} catch (error) {
  fail(2, error instanceof Error ? error.message : String(error));
}

// A mistyped folder must not quietly create a fresh, empty database.
if (!/^postgres(ql)?:\/\//.test(location) && !existsSync(location)) fail(1, `no database at ${location}`);
const opened = await openDatabase(location);
try {
  const result = await action(opened.db);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  await opened.close();
  if (error instanceof AppError) fail(1, `${error.code}: ${error.message}`);
  throw error;
}
await opened.close();
