import { z } from 'zod';
import { authTokensSchema, meSchema } from './domain.ts';
import { errorBodySchema } from './errors.ts';
import { LIMITS } from './limits.ts';

/**
 * The HTTP half of the wire protocol: sign-up, sign-in and token refresh bodies, their answers, health,
 * and the error body every HTTP error carries. The WebSocket frames are in protocol.ts (which re-exports
 * this module). Documented in docs/protocol.md.
 */

const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(LIMITS.usernameMinChars, `at least ${LIMITS.usernameMinChars} characters`)
  .max(LIMITS.usernameMaxChars, `at most ${LIMITS.usernameMaxChars} characters`)
  .regex(/^[a-z0-9_.]+$/, 'letters, digits, "_" and "." only');

const passwordSchema = z
  .string()
  .min(LIMITS.passwordMinChars, `at least ${LIMITS.passwordMinChars} characters`)
  .max(LIMITS.passwordMaxChars, `at most ${LIMITS.passwordMaxChars} characters`);

export const signUpBodySchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1, 'required').max(LIMITS.displayNameMaxChars),
  password: passwordSchema,
  /** Optional address for message emails. */
  email: z.email().max(254).optional(),
});
export type SignUpBody = z.infer<typeof signUpBodySchema>;

export const signInBodySchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(LIMITS.usernameMaxChars),
  password: z.string().min(1).max(LIMITS.passwordMaxChars),
});
export type SignInBody = z.infer<typeof signInBodySchema>;

export const refreshBodySchema = z.object({ refreshToken: z.string().min(1).max(512) });
export type RefreshBody = z.infer<typeof refreshBodySchema>;

export const authResultSchema = z.object({ me: meSchema, tokens: authTokensSchema });
export type AuthResult = z.infer<typeof authResultSchema>;

export const refreshResultSchema = z.object({ tokens: authTokensSchema });

export const healthResultSchema = z.object({
  ok: z.literal(true),
  version: z.string(),
  protocol: z.number(),
});

/** Every HTTP error has this body, with the matching status code. */
export const httpErrorSchema = z.object({ error: errorBodySchema });
