import {
  API_PREFIX,
  authResultSchema,
  httpErrorSchema,
  refreshResultSchema,
} from '../../../src-shared/protocol.ts';
import type { AuthResult, SignInBody, SignUpBody } from '../../../src-shared/protocol.ts';
import type { AuthTokens } from '../../../src-shared/domain.ts';
import type { z } from 'zod';
import { AppError } from '../../../src-shared/errors.ts';
import type { ServerAddress } from './server-address.ts';

const HTTP_TIMEOUT_MS = 15_000;

/** The server's HTTP account routes. Every answer is parsed; failures become AppErrors with the server's code. */
export class AuthApi {
  readonly #server: ServerAddress;
  readonly #fetch: typeof fetch;

  constructor(server: ServerAddress, fetchImpl: typeof fetch = fetch) {
    this.#server = server;
    this.#fetch = fetchImpl;
  }

  signUp(body: SignUpBody): Promise<AuthResult> {
    return this.#post('/auth/signup', body, authResultSchema);
  }

  signIn(body: SignInBody): Promise<AuthResult> {
    return this.#post('/auth/signin', body, authResultSchema);
  }

  async refresh(refreshToken: string): Promise<AuthTokens> {
    return (await this.#post('/auth/refresh', { refreshToken }, refreshResultSchema)).tokens;
  }

  async signOut(accessToken: string): Promise<void> {
    await this.#post('/auth/signout', {}, null, accessToken);
  }

  async #post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S | null,
    token?: string,
  ): Promise<z.output<S>> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.#server.url}${API_PREFIX}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new AppError(
        timedOut ? 'TIMEOUT' : 'OFFLINE',
        timedOut ? 'The server did not answer in time.' : 'Cannot reach the server.',
      );
    }
    const text = await response.text();
    let json: unknown = undefined;
    if (text !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        throw new AppError(
          'INTERNAL',
          `The server answered ${response.status} with a body that is not JSON.`,
        );
      }
    }
    if (!response.ok) {
      const parsed = httpErrorSchema.safeParse(json);
      if (parsed.success) throw AppError.fromBody(parsed.data.error);
      throw new AppError(
        response.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST',
        `The server answered ${response.status}.`,
      );
    }
    if (schema === null) return undefined as z.output<S>;
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new AppError(
        'INTERNAL',
        `Unexpected answer from ${path}: ${parsed.error.issues[0]?.message ?? ''}`,
      );
    return parsed.data;
  }
}
