import { WS_PATH } from '../../../src-shared/protocol.ts';
import { AppError } from '../../../src-shared/errors.ts';

/**
 * Which messaging server the app talks to: the host's default (the embedded server, or one given at
 * launch) unless the user chose another at sign-in. The HTTP client, the socket and the session keeper
 * all read it at the moment they use it, so a change takes effect at the next sign-in.
 */
export class ServerAddress {
  readonly defaultUrl: string;
  #url: string;

  constructor(defaultUrl: string, chosen: string | null = null) {
    this.defaultUrl = normalizeServerUrl(defaultUrl);
    this.#url = chosen === null ? this.defaultUrl : normalizeServerUrl(chosen);
  }

  get url(): string {
    return this.#url;
  }

  /** The user's choice, or null to go back to the default. */
  set(url: string | null): void {
    this.#url = url === null ? this.defaultUrl : normalizeServerUrl(url);
  }

  get isDefault(): boolean {
    return this.#url === this.defaultUrl;
  }

  get wsUrl(): string {
    const url = new URL(`${this.#url}${WS_PATH}`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  }
}

/**
 * An http(s) origin with an optional path prefix, without a trailing slash. Anything else (another scheme,
 * credentials, a query) is refused with VALIDATION_FAILED: a server address is typed by people.
 */
export function normalizeServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim().includes('://') ? input.trim() : `http://${input.trim()}`);
  } catch {
    throw invalid('Enter a server address such as https://chat.example.com or 127.0.0.1:8787.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalid('The server address must start with http:// or https://.');
  if (url.username || url.password)
    throw invalid('Leave the user name and password out of the server address.');
  if (url.search || url.hash) throw invalid('The server address cannot have a query or a fragment.');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function invalid(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message);
}
