import { authResultSchema } from '../../src-shared/protocol.ts';
import { TestClient, postJson } from './test-client.ts';

let counter = 0;

/** Like `signUpClient`, with an email address on the account (for message-email tests). */
export async function signUpWithEmail(
  baseUrl: string,
  name: string,
  connect = true,
): Promise<{ client: TestClient; email: string }> {
  counter += 1;
  const username = `${name}${counter}m${Math.random().toString(36).slice(2, 6)}`.toLowerCase().slice(0, 32);
  const email = `${username}@example.test`;
  const { status, json } = await postJson(baseUrl, '/auth/signup', {
    username,
    displayName: name,
    password: 'correct horse',
    email,
  });
  if (status !== 201) throw new Error(`sign-up failed: ${status} ${JSON.stringify(json)}`);
  const client = new TestClient(baseUrl, authResultSchema.parse(json));
  if (connect) await client.connect();
  return { client, email };
}

/**
 * A new socket for the same session, as a restarted app would open. A fresh TestClient, because a reused
 * one still holds the previous socket's frames (its `connect` would see the old `caught_up` at once).
 */
export async function reconnect(
  client: TestClient,
  resumeFromSeq: number | null = null,
): Promise<TestClient> {
  const fresh = new TestClient(client.baseUrl, client.auth);
  await fresh.connect(resumeFromSeq);
  return fresh;
}

/**
 * Runs `fn` in a short-lived extra session of `client` and closes it. A round trip on `witness`'s socket
 * follows, so the server has handled the close (the user is offline again) before the test goes on.
 */
export async function briefly<T>(
  client: TestClient,
  witness: TestClient,
  fn: (session: TestClient) => Promise<T>,
): Promise<T> {
  const session = await reconnect(client);
  const result = await fn(session);
  await session.close();
  await witness.request('me.get', {});
  return result;
}

let clientIds = 0;
/** Sends a text message with a fresh client id. */
export function sendText(client: TestClient, conversationId: string, body: string) {
  clientIds += 1;
  return client.request('messages.send', {
    conversationId,
    clientId: `test-${process.pid}-${clientIds}`,
    body,
  });
}

/**
 * Each of `people` follows `adder`, so the adder may put them straight into a group or team: without it
 * they would get an invitation (the consent rule, docs/protocol.md). Each follows through a short-lived
 * socket of their own, so clients that are not connected work too.
 */
export async function consentTo(adder: TestClient, ...people: TestClient[]): Promise<void> {
  for (const person of people) {
    const session = await reconnect(person);
    await session.request('users.follow', { userId: adder.userId });
    await session.close();
  }
}
