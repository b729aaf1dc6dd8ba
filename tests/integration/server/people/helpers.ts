import { defaultNotificationPrefs } from '../../../../src-shared/domain.ts';
import type { NotificationType } from '../../../../src-shared/domain.ts';
import { authResultSchema } from '../../../../src-shared/protocol.ts';
import type { UserEvent } from '../../../../src-shared/protocol.ts';
import { TestClient, postJson } from '../../../support/test-client.ts';

/** A short random token of letters, so each test's names match only its own users. */
export function token(length = 8): string {
  let text = '';
  while (text.length < length)
    text += Math.random()
      .toString(36)
      .replace(/[^a-z]/g, '');
  return text.slice(0, length);
}

/** Signs up with an exact username and display name (signUpClient derives both from one name). */
export async function signUpAs(baseUrl: string, username: string, displayName: string): Promise<TestClient> {
  const { status, json } = await postJson(baseUrl, '/auth/signup', {
    username,
    displayName,
    password: 'correct horse',
  });
  if (status !== 201) throw new Error(`sign-up failed: ${status} ${JSON.stringify(json)}`);
  const client = new TestClient(baseUrl, authResultSchema.parse(json));
  await client.connect();
  return client;
}

/** Switches one notification type's in-app channel, leaving everything else at its default. */
export async function setInApp(client: TestClient, type: NotificationType, on: boolean): Promise<void> {
  const prefs = defaultNotificationPrefs();
  prefs[type].in_app = on;
  await client.request('prefs.set', { prefs });
}

/**
 * A request round trip: the server sends a transaction's events together, before it reads our next
 * request, so once this answers every event already published to this client has arrived. Lets a test
 * assert that an event did *not* come without sleeping.
 */
export async function settle(client: TestClient): Promise<void> {
  await client.request('me.get', {});
}

export function eventsOf<T extends UserEvent['type']>(
  client: TestClient,
  type: T,
): Extract<UserEvent, { type: T }>[] {
  return client.events
    .map((e) => e.event)
    .filter((e): e is Extract<UserEvent, { type: T }> => e.type === type);
}

export async function closeAll(...clients: TestClient[]): Promise<void> {
  await Promise.all(clients.map((c) => c.close()));
}

/** An id in the right format that no row has. */
export const MISSING_ID = '01900000-0000-7000-8000-000000000000';
