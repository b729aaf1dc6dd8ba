import { describe, expect, it } from 'vitest';
import { smtpTransportOptions } from '../../../../src-server/email/smtp-options.ts';

describe('smtpTransportOptions', () => {
  it('smtp:// on loopback is plain SMTP without STARTTLS (a local relay or test sink)', () => {
    expect(smtpTransportOptions('smtp://127.0.0.1:2525')).toMatchObject({
      host: '127.0.0.1',
      port: 2525,
      secure: false,
      ignoreTLS: true,
    });
    expect(smtpTransportOptions('smtp://localhost:25').ignoreTLS).toBe(true);
    expect(smtpTransportOptions('smtp://[::1]:25')).toMatchObject({ host: '::1', ignoreTLS: true });
  });

  it('smtp:// elsewhere upgrades with STARTTLS when offered, and defaults to port 587', () => {
    const options = smtpTransportOptions('smtp://mail.example.com');
    expect(options).toMatchObject({ host: 'mail.example.com', port: 587, secure: false });
    expect(options.ignoreTLS).toBeUndefined();
    expect(options.requireTLS).toBeUndefined();
  });

  it('tls=required and tls=off override the default', () => {
    expect(smtpTransportOptions('smtp://127.0.0.1:25?tls=required')).toMatchObject({ requireTLS: true });
    expect(smtpTransportOptions('smtp://127.0.0.1:25?tls=required').ignoreTLS).toBeUndefined();
    expect(smtpTransportOptions('smtp://mail.example.com?tls=off')).toMatchObject({ ignoreTLS: true });
    expect(() => smtpTransportOptions('smtp://mail.example.com?tls=maybe')).toThrow(/tls=maybe/);
  });

  it('smtps:// is TLS from the start on port 465', () => {
    expect(smtpTransportOptions('smtps://mail.example.com')).toMatchObject({ secure: true, port: 465 });
  });

  it('reads the login from the URL, percent-decoded', () => {
    expect(smtpTransportOptions('smtp://me%40example.com:p%3Ass@mail.example.com:587').auth).toEqual({
      user: 'me@example.com',
      pass: 'p:ss',
    });
    expect(smtpTransportOptions('smtp://mail.example.com').auth).toBeUndefined();
  });

  it('refuses what is not an SMTP URL, naming the problem', () => {
    expect(() => smtpTransportOptions('http://mail.example.com')).toThrow(/smtp:\/\/ or smtps:\/\//);
    expect(() => smtpTransportOptions('not a url')).toThrow(/not a valid URL/);
  });
});
