import { WS_PATH } from '../../../src-shared/protocol.ts';
import { AppError } from '../../../src-shared/errors.ts';

/**
 * Which messaging server the app talks to: the host's default (the embedded server, or one given at
 * launch) unless the user chose another at sign-in. The HTTP client, the socket and the session keeper
 * all read it at the moment they use it, so a change takes effect at the next sign-in.
 */
export class ServerAddress {
  readonly defaultUrl: string;
  /** The default is a server this app started on this computer (the embedded one). */
  readonly defaultIsEmbedded: boolean;
  #url: string;

  constructor(defaultUrl: string, chosen: string | null = null, defaultIsEmbedded = false) {
    this.defaultUrl = normalizeServerUrl(defaultUrl);
    this.defaultIsEmbedded = defaultIsEmbedded;
    this.#url = chosen === null ? this.defaultUrl : normalizeServerUrl(chosen);
  }

  get url(): string {
    return this.#url;
  }

  /**
   * The user's choice, or null to go back to the default. Plain http:// to a server that is not on this
   * computer is refused with INSECURE_SERVER unless the person confirmed it (`allowInsecure`).
   */
  set(url: string | null, allowInsecure = false): void {
    const next = url === null ? this.defaultUrl : normalizeServerUrl(url);
    if (next !== this.defaultUrl && isInsecureServer(next) && !allowInsecure)
      throw new AppError(
        'INSECURE_SERVER',
        'This address uses plain http:// to another computer: messages and passwords would travel unencrypted. ' +
          'Use https://, or confirm that you want to connect anyway.',
      );
    this.#url = next;
  }

  get isDefault(): boolean {
    return this.#url === this.defaultUrl;
  }

  /** The server in use is the embedded one, on this computer. */
  get isEmbedded(): boolean {
    return this.isDefault && this.defaultIsEmbedded;
  }

  get isInsecure(): boolean {
    return isInsecureServer(this.#url);
  }

  get wsUrl(): string {
    const url = new URL(`${this.#url}${WS_PATH}`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
  }
}

/** Loopback: 127.0.0.0/8, ::1 and localhost. Traffic to them never leaves this computer. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Plain http:// to a host that is not this computer. */
export function isInsecureServer(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname);
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
