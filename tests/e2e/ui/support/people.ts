import { authResultSchema } from '../../../../src-shared/protocol.ts';
import { postJson, TestClient } from '../../../support/test-client.ts';

export const PASSWORD = 'correct horse battery';

let counter = 0;

/** A unique username for a readable display name: "Dana Lee" → "dana_lee_3k9x". */
export function uniqueUsername(displayName: string): string {
  counter += 1;
  const base = displayName.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 18);
  return `${base}_${counter}${Math.random().toString(36).slice(2, 6)}`.slice(0, 32);
}

/** Signs up a user over real HTTP and connects a protocol client for them (to act as the other side). */
export async function signUpPerson(serverUrl: string, displayName: string): Promise<TestClient> {
  const username = uniqueUsername(displayName);
  const { status, json } = await postJson(serverUrl, '/auth/signup', { username, displayName, password: PASSWORD });
  if (status !== 201) throw new Error(`sign-up of ${displayName} failed: ${status} ${JSON.stringify(json)}`);
  const client = new TestClient(serverUrl, authResultSchema.parse(json));
  await client.connect();
  return client;
}

/** A user signed up over HTTP without a socket (the app will sign in as them). */
export async function createAccount(serverUrl: string, displayName: string): Promise<{ username: string; password: string; id: string }> {
  const username = uniqueUsername(displayName);
  const { status, json } = await postJson(serverUrl, '/auth/signup', { username, displayName, password: PASSWORD });
  if (status !== 201) throw new Error(`sign-up of ${displayName} failed: ${status} ${JSON.stringify(json)}`);
  return { username, password: PASSWORD, id: authResultSchema.parse(json).me.id };
}

let clientIds = 0;
export function clientId(): string {
  clientIds += 1;
  return `e2e-${Date.now().toString(36)}-${clientIds}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Sends a message as a protocol client and returns it. */
export async function say(client: TestClient, conversationId: string, body: string) {
  const { message } = await client.request('messages.send', { conversationId, clientId: clientId(), body });
  return message;
}
