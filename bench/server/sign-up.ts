import { signUpClient } from '../../tests/support/test-client.ts';
import type { TestClient } from '../../tests/support/test-client.ts';

/** What a refused sign-up's answer (in signUpClient's error message) asks the caller to wait, if anything. */
const RETRY_AFTER = /"retryAfterMs":(\d+)/;

/**
 * Signs up a bench account, and again after SERVER_BUSY: the server's password-hashing queue is bounded
 * per address (an abuse limit), and a bench signs up many accounts from one address. Waits the
 * `retryAfterMs` the server's answer gives (1 s if it gives none) between tries, at most 20 times.
 */
export async function signUpPatiently(url: string, name: string, connect = true): Promise<TestClient> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await signUpClient(url, name, connect);
    } catch (error) {
      const message = String(error);
      if (attempt >= 20 || !message.includes('SERVER_BUSY')) throw error;
      const retryAfterMs = Number(RETRY_AFTER.exec(message)?.[1] ?? 1_000);
      await new Promise<void>((resolve) => setTimeout(resolve, retryAfterMs));
    }
  }
}
