import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Transport options for an SMTP URL.
 *
 * - `smtps://` is TLS from the first byte (usually port 465).
 * - `smtp://` starts in plain text. STARTTLS is used when the server offers it, except on loopback, where
 *   a local relay or test sink usually offers it with a certificate nobody can verify and there is nothing
 *   on the wire to protect. `?tls=required` insists on STARTTLS, `?tls=off` never tries it.
 * - `user:password@` in the URL becomes the login.
 *
 * Timeouts are short because a stuck mail server must not pile up pending emails.
 */
export function smtpTransportOptions(url: string): SMTPTransportOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('The SMTP URL is not a valid URL (expected smtp://host:port or smtps://host:port).');
  }
  const secure = parsed.protocol === 'smtps:';
  if (!secure && parsed.protocol !== 'smtp:') {
    throw new Error(`The SMTP URL must start with smtp:// or smtps://, not ${parsed.protocol}//.`);
  }
  if (!parsed.hostname) throw new Error('The SMTP URL has no host.');
  const options: SMTPTransportOptions = {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  if (!secure) {
    const tls = parsed.searchParams.get('tls');
    switch (tls) {
      case 'required':
        options.requireTLS = true;
        break;
      case 'off':
        options.ignoreTLS = true;
        break;
      case null:
        if (LOOPBACK.has(parsed.hostname)) options.ignoreTLS = true;
        break;
      default:
        throw new Error(`Unknown tls=${tls} in the SMTP URL (use tls=required or tls=off).`);
    }
  }
  if (parsed.username) {
    options.auth = { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) };
  }
  return options;
}
