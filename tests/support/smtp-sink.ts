import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One email as the sink received it, decoded enough for assertions. */
export interface ReceivedMail {
  envelopeTo: string[];
  headers: Map<string, string>;
  subject: string;
  text: string;
  html: string;
}

/**
 * A real SMTP server on loopback (port 0) that keeps what it receives. Tests await mails with `waitFor`
 * instead of sleeping. `failNext()` makes the next delivery fail with a 5xx reply after the data arrived,
 * so the sender's failure handling runs against a real protocol error.
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  /** Deliveries that reached DATA, including refused ones. */
  attempts = 0;
  private failures = 0;
  private waiters: { test: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void }[] = [];
  private attemptWaiters: { count: number; resolve: () => void }[] = [];
  private readonly server: SMTPServer;
  port = 0;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.attempts += 1;
          for (const waiter of this.attemptWaiters.filter((w) => w.count <= this.attempts)) waiter.resolve();
          this.attemptWaiters = this.attemptWaiters.filter((w) => w.count > this.attempts);
          if (this.failures > 0) {
            this.failures -= 1;
            callback(Object.assign(new Error('Mailbox unavailable (test sink)'), { responseCode: 550 }));
            return;
          }
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
          this.receive({ envelopeTo, ...parseMail(Buffer.concat(chunks).toString('utf8')) });
          callback();
        });
      },
    });
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((resolve, reject) => {
      sink.server.once('error', reject);
      sink.server.listen(0, '127.0.0.1', () => resolve());
    });
    sink.port = (sink.server.server.address() as AddressInfo).port;
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  failNext(count = 1): void {
    this.failures += count;
  }

  /** Resolves once `count` deliveries in total have reached DATA. */
  waitForAttempts(count: number): Promise<void> {
    if (this.attempts >= count) return Promise.resolve();
    return new Promise((resolve) => this.attemptWaiters.push({ count, resolve }));
  }

  /** The first mail (already received or future) that passes `test`. */
  waitFor(test: (mail: ReceivedMail) => boolean): Promise<ReceivedMail> {
    const seen = this.mails.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  mailsTo(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.envelopeTo.includes(address));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(mail: ReceivedMail): void {
    this.mails.push(mail);
    const remaining: typeof this.waiters = [];
    for (const waiter of this.waiters) {
      if (waiter.test(mail)) waiter.resolve(mail);
      else remaining.push(waiter);
    }
    this.waiters = remaining;
  }
}

// ── A small MIME reader: enough for what nodemailer writes (multipart/alternative, 7bit / QP / base64). ──

function splitEntity(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const head = at === -1 ? raw : raw.slice(0, at);
  const body = at === -1 ? '' : raw.slice(at + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable': {
      const text = body.replace(/=\r\n/g, '');
      const bytes: number[] = [];
      for (let i = 0; i < text.length; i += 1) {
        const hex = text[i] === '=' ? /^[0-9A-F]{2}$/i.exec(text.slice(i + 1, i + 3))?.[0] : undefined;
        if (hex) {
          bytes.push(parseInt(hex, 16));
          i += 2;
        } else {
          bytes.push(...Buffer.from(text[i] ?? '', 'utf8'));
        }
      }
      return Buffer.from(bytes).toString('utf8');
    }
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=) in a header. */
function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeBody(text.replace(/_/g, ' '), 'quoted-printable'),
  );
}

function parseMail(raw: string): Omit<ReceivedMail, 'envelopeTo'> {
  const { headers, body } = splitEntity(raw);
  const parts: { type: string; text: string }[] = [];
  const collect = (entityHeaders: Map<string, string>, entityBody: string) => {
    const type = entityHeaders.get('content-type') ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith('multipart/') && boundary) {
      for (const section of entityBody.split(`--${boundary}`).slice(1)) {
        if (section.startsWith('--')) break;
        const part = splitEntity(section.replace(/^\r\n/, ''));
        collect(part.headers, part.body.replace(/\r\n$/, ''));
      }
      return;
    }
    parts.push({
      type: type.toLowerCase(),
      text: decodeBody(entityBody, entityHeaders.get('content-transfer-encoding')),
    });
  };
  collect(headers, body);
  return {
    headers,
    subject: decodeHeader(headers.get('subject') ?? ''),
    text: parts.find((p) => p.type.startsWith('text/plain'))?.text ?? '',
    html: parts.find((p) => p.type.startsWith('text/html'))?.text ?? '',
  };
}
