import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { AppError, validationError } from '../../src-shared/errors.ts';
import type { ErrorCode } from '../../src-shared/errors.ts';
import { LIMITS } from '../../src-shared/limits.ts';
import {
  API_PREFIX,
  PROTOCOL_VERSION,
  refreshBodySchema,
  signInBodySchema,
  signUpBodySchema,
} from '../../src-shared/protocol.ts';
import type { Accounts } from '../features/accounts/accounts.ts';
import type { Logger } from '../log.ts';
import type { Durability } from '../store/durability.ts';
import type { ClientAddresses } from './client-address.ts';

export const SERVER_VERSION = '0.1.0';

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  REFRESH_TOKEN_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  USERNAME_TAKEN: 409,
  FRAME_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  SERVER_BUSY: 503,
};

/**
 * The HTTP side of the server: accounts and health. Everything else goes over the WebSocket. An answer
 * waits until what its route wrote or read (a new account, a session) is on disk (store/durability.ts).
 */
export function createHttpHandler(
  accounts: Accounts,
  log: Logger,
  addresses: ClientAddresses,
  durability: Durability,
) {
  const routes: Record<string, (req: IncomingMessage) => Promise<{ status: number; body?: unknown }>> = {
    [`GET ${API_PREFIX}/health`]: async () => ({
      status: 200,
      body: { ok: true, version: SERVER_VERSION, protocol: PROTOCOL_VERSION },
    }),
    [`POST ${API_PREFIX}/auth/signup`]: async (req) => ({
      status: 201,
      body: await accounts.signUp(await readJson(req, signUpBodySchema), addresses.of(req)),
    }),
    [`POST ${API_PREFIX}/auth/signin`]: async (req) => ({
      status: 200,
      body: await accounts.signIn(await readJson(req, signInBodySchema), addresses.of(req)),
    }),
    [`POST ${API_PREFIX}/auth/refresh`]: async (req) => {
      const { refreshToken } = await readJson(req, refreshBodySchema);
      return { status: 200, body: { tokens: await accounts.refresh(refreshToken) } };
    },
    [`POST ${API_PREFIX}/auth/signout`]: async (req) => {
      await accounts.signOut(bearerToken(req));
      return { status: 204 };
    },
  };

  // Never rejects: a failure while answering (e.g. the client vanished) is logged, not fatal.
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error, url: req.url }, 'http answer failed');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes[`${req.method} ${path}`];
    try {
      if (!route) {
        const known = Object.keys(routes).some((key) => key.endsWith(` ${path}`));
        if (known) throw new AppError('BAD_REQUEST', `${req.method} is not allowed on ${path}.`);
        throw new AppError('NOT_FOUND', `No route ${req.method} ${path}.`);
      }
      const { status, body } = await durability.track(() => route(req));
      send(res, status, body);
    } catch (error) {
      const appError = error instanceof AppError ? error : null;
      if (!appError) log.error({ err: error, path }, 'http request failed');
      const body = appError?.toBody() ?? { code: 'INTERNAL', message: 'Something went wrong on the server.' };
      const status = STATUS_OF[body.code] ?? (appError ? 400 : 500);
      const headers: Record<string, string> = {};
      if (body.retryAfterMs !== undefined)
        headers['retry-after'] = String(Math.ceil(body.retryAfterMs / 1000));
      // The rest of an oversized body is never read, so the connection cannot be reused: with this header
      // Node ends it once the answer is sent.
      if (status === 413) headers.connection = 'close';
      send(res, status, { error: body }, headers);
    }
  }
}

function send(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    })
    .end(text);
}

function bearerToken(req: IncomingMessage): string {
  const match = /^Bearer ([\w-]+)$/.exec(req.headers.authorization ?? '');
  if (!match?.[1])
    throw new AppError('UNAUTHENTICATED', 'Send the access token as "Authorization: Bearer <token>".');
  return match[1];
}

async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.output<S>> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new AppError('BAD_REQUEST', 'Send a JSON body with "Content-Type: application/json".');
  }
  const tooLarge = () =>
    new AppError('FRAME_TOO_LARGE', `The body is larger than ${LIMITS.httpBodyMaxBytes} bytes.`);
  // A declared length over the cap is refused before a byte of the body is read.
  if (Number(req.headers['content-length'] ?? 0) > LIMITS.httpBodyMaxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > LIMITS.httpBodyMaxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AppError('BAD_REQUEST', 'The body is not valid JSON.');
  }
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, 'body');
  return result.data;
}
