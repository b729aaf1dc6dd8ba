import { defaultNotificationPrefs } from '../../../src-shared/domain.ts';
import type { AuthTokens, Me } from '../../../src-shared/domain.ts';
import { AppError } from '../../../src-shared/errors.ts';
import { LIMITS } from '../../../src-shared/limits.ts';
import type { AuthResult, SignInBody, SignUpBody } from '../../../src-shared/protocol.ts';
import { hashToken, newToken } from '../../auth/tokens.ts';
import type { ServerContext } from '../../context.ts';
import { newId } from '../../ids.ts';
import type { ServerLimits } from '../../limits/server-limits.ts';
import type { Db } from '../../store/database.ts';
import { selectUserSummaries, toUserSummary } from '../people/user-view.ts';

export interface Authenticated {
  userId: string;
  sessionId: string;
}

/** Accounts and sessions: sign-up, sign-in, token refresh with rotation, sign-out, token checks. */
export class Accounts {
  private readonly ctx: ServerContext;
  private readonly limits: Pick<ServerLimits, 'signIn' | 'signUps'>;
  /** Called when a session is revoked, so its live sockets can be closed. */
  onSessionRevoked: (sessionId: string) => void = () => {};

  constructor(ctx: ServerContext, limits: Pick<ServerLimits, 'signIn' | 'signUps'>) {
    this.ctx = ctx;
    this.limits = limits;
  }

  /** `address`: the client's address key, for the per-address budget and its turn in the hashing queue. */
  async signUp(body: SignUpBody, address: string): Promise<AuthResult> {
    const { db } = this.ctx;
    // Counted before anything else, a taken name included: probing for names costs the same budget.
    await this.limits.signUps.consume(address);
    const taken = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', body.username)
      .executeTakeFirst();
    if (taken) throw new AppError('USERNAME_TAKEN', `The username "${body.username}" is taken.`);
    let passwordHash: string;
    try {
      passwordHash = await this.ctx.passwords.hash(body.password, address);
    } catch (error) {
      // A busy server is not the address's doing: the sign-up is not counted.
      if (error instanceof AppError && error.code === 'SERVER_BUSY')
        await this.limits.signUps.refund(address);
      throw error;
    }
    const now = Date.now();
    const userId = newId();
    try {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('users')
          .values({
            id: userId,
            username: body.username,
            display_name: body.displayName,
            password_hash: passwordHash,
            role: 'user',
            email: body.email ?? null,
            community_muted: 0,
            event_seq: 0,
            created_at: now,
          })
          .execute();
        await trx
          .insertInto('notification_prefs')
          .values({ user_id: userId, prefs: JSON.stringify(defaultNotificationPrefs()), updated_at: now })
          .execute();
      });
    } catch (error) {
      // Two sign-ups raced for the same name: the unique index decided.
      if (/unique|duplicate/i.test(String(error))) {
        throw new AppError('USERNAME_TAKEN', `The username "${body.username}" is taken.`);
      }
      throw error;
    }
    const tokens = await this.createSession(userId);
    return { me: await this.me(userId), tokens };
  }

  /**
   * Throttled before any hashing (see SignInGuard): growing delays per address and per account-and-address
   * pair, never a lockout of the account itself.
   */
  async signIn(body: SignInBody, address: string): Promise<AuthResult> {
    const attempt = await this.limits.signIn.begin(address, body.username);
    let user: { id: string; password_hash: string } | undefined;
    let ok: boolean;
    try {
      user = await this.ctx.db
        .selectFrom('users')
        .select(['id', 'password_hash'])
        .where('username', '=', body.username)
        .executeTakeFirst();
      // Verify against a dummy hash when the user does not exist, so timing does not reveal which names exist.
      ok = await this.ctx.passwords.verify(body.password, user?.password_hash ?? DUMMY_HASH, address);
    } catch (error) {
      // Busy (or a database fault): no password was checked, so this was no guess and does not count.
      await attempt.notCounted();
      throw error;
    }
    if (!user || !ok) {
      await attempt.failed();
      throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password.');
    }
    await attempt.succeeded();
    const tokens = await this.createSession(user.id);
    return { me: await this.me(user.id), tokens };
  }

  async refresh(refreshToken: string): Promise<AuthTokens> {
    const { db } = this.ctx;
    const hash = hashToken(refreshToken);
    const now = Date.now();
    const session = await db
      .selectFrom('sessions')
      .select(['id', 'user_id', 'refresh_expires_at', 'revoked_at'])
      .where('refresh_hash', '=', hash)
      .executeTakeFirst();
    if (!session) {
      // A rotated-out token used again means two parties hold it: end that session for both.
      const stolen = await db
        .selectFrom('sessions')
        .select('id')
        .where('previous_refresh_hash', '=', hash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (stolen) await this.revoke(stolen.id);
      throw new AppError('REFRESH_TOKEN_INVALID', 'This sign-in has ended; please sign in again.');
    }
    if (session.revoked_at !== null || Number(session.refresh_expires_at) <= now) {
      throw new AppError('REFRESH_TOKEN_INVALID', 'This sign-in has ended; please sign in again.');
    }
    const access = newToken();
    const refresh = newToken();
    const tokens: AuthTokens = {
      accessToken: access.token,
      accessExpiresAt: now + LIMITS.accessTokenTtlMs,
      refreshToken: refresh.token,
      refreshExpiresAt: now + LIMITS.refreshTokenTtlMs,
    };
    const updated = await db
      .updateTable('sessions')
      .set({
        access_hash: access.hash,
        access_expires_at: tokens.accessExpiresAt,
        refresh_hash: refresh.hash,
        refresh_expires_at: tokens.refreshExpiresAt,
        previous_refresh_hash: hash,
      })
      .where('id', '=', session.id)
      .where('refresh_hash', '=', hash)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new AppError('REFRESH_TOKEN_INVALID', 'This sign-in has ended; please sign in again.');
    }
    return tokens;
  }

  async signOut(accessToken: string): Promise<void> {
    const auth = await this.authenticate(accessToken);
    await this.revoke(auth.sessionId);
  }

  /** Checks an access token. Throws UNAUTHENTICATED or TOKEN_EXPIRED. */
  async authenticate(accessToken: string): Promise<Authenticated> {
    const session = await this.ctx.db
      .selectFrom('sessions')
      .select(['id', 'user_id', 'access_expires_at', 'revoked_at'])
      .where('access_hash', '=', hashToken(accessToken))
      .executeTakeFirst();
    if (!session || session.revoked_at !== null) {
      throw new AppError('UNAUTHENTICATED', 'Not signed in, or the session was ended.');
    }
    if (Number(session.access_expires_at) <= Date.now()) {
      throw new AppError('TOKEN_EXPIRED', 'The access token has expired; refresh it.');
    }
    return { userId: session.user_id, sessionId: session.id };
  }

  async me(userId: string): Promise<Me> {
    return loadMe(this.ctx.db, userId);
  }

  private async revoke(sessionId: string): Promise<void> {
    await this.ctx.db
      .updateTable('sessions')
      .set({ revoked_at: Date.now() })
      .where('id', '=', sessionId)
      .execute();
    this.onSessionRevoked(sessionId);
  }

  private async createSession(userId: string): Promise<AuthTokens> {
    const now = Date.now();
    const access = newToken();
    const refresh = newToken();
    const tokens: AuthTokens = {
      accessToken: access.token,
      accessExpiresAt: now + LIMITS.accessTokenTtlMs,
      refreshToken: refresh.token,
      refreshExpiresAt: now + LIMITS.refreshTokenTtlMs,
    };
    await this.ctx.db
      .insertInto('sessions')
      .values({
        id: newId(),
        user_id: userId,
        access_hash: access.hash,
        access_expires_at: tokens.accessExpiresAt,
        refresh_hash: refresh.hash,
        refresh_expires_at: tokens.refreshExpiresAt,
        previous_refresh_hash: null,
        revoked_at: null,
        created_at: now,
      })
      .execute();
    return tokens;
  }
}

/** A syntactically valid hash no password matches in practice (random salt and tag). */
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export async function loadMe(db: Db, userId: string): Promise<Me> {
  const row = await selectUserSummaries(db)
    .select(['users.community_muted as communityMuted', 'users.created_at as createdAt'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No such user.');
  return {
    ...toUserSummary(row),
    communityMuted: Number(row.communityMuted) === 1,
    createdAt: Number(row.createdAt),
  };
}
