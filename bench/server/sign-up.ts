import { signUpClient } from '../../tests/support/test-client.ts';
import type { TestClient } from '../../tests/support/test-client.ts';

/**
 * Signs up a bench account, and again after SERVER_BUSY: the server's password-hashing queue is bounded
 * per address (an abuse limit), and a bench signs up many accounts from one address. Waits the second the
 * server asks for between tries, at most 20 times.
 */
export async function signUpPatiently(url: string, name: string, connect = true): Promise<TestClient> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await signUpClient(url, name, connect);
    } catch (error) {
      if (attempt >= 20 || !/SERVER_BUSY/.test(String(error))) throw error;
      await new Promise<void>((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
