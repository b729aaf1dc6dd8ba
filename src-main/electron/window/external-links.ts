/**
 * Which links may leave the app for the system browser: http(s) only, with a host, without credentials,
 * of a sane length. Everything else (file:, javascript:, custom schemes, our own app://) is refused.
 * Pure, so tests/unit/electron/ checks it without Electron.
 */
const MAX_URL_CHARS = 2048;

export function safeExternalUrl(raw: string): string | null {
  if (raw.length > MAX_URL_CHARS) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.hostname === '' || url.username !== '' || url.password !== '') return null;
  return url.toString();
}
