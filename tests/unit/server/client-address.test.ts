import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ClientAddresses, addressKey } from '../../../src-server/http/client-address.ts';

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

describe('ClientAddresses', () => {
  it('uses the peer address, with IPv4-mapped IPv6 as IPv4, and ignores X-Forwarded-For by default', () => {
    const addresses = new ClientAddresses();
    expect(addresses.of(request('127.0.0.2'))).toBe('127.0.0.2');
    expect(addresses.of(request('::ffff:10.1.2.3', '203.0.113.9'))).toBe('10.1.2.3');
  });

  it('counts an IPv6 client as its /64', () => {
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    const addresses = new ClientAddresses();
    expect(addresses.of(request('2001:db8:1:2::5'))).toBe(addresses.of(request('2001:db8:1:2:ffff::9')));
  });

  it('believes X-Forwarded-For only from trusted proxies, taking the nearest untrusted hop', () => {
    const addresses = new ClientAddresses(['10.0.0.0/8', '127.0.0.1']);
    expect(addresses.of(request('10.0.0.5', '198.51.100.7'))).toBe('198.51.100.7');
    // A client that writes its own header cannot choose its address: the proxy appended the real one.
    expect(addresses.of(request('10.0.0.5', '1.2.3.4, 198.51.100.7'))).toBe('198.51.100.7');
    // Two trusted proxies in a row.
    expect(addresses.of(request('127.0.0.1', '198.51.100.7, 10.9.9.9'))).toBe('198.51.100.7');
    // An untrusted peer's header is ignored.
    expect(addresses.of(request('192.0.2.1', '198.51.100.7'))).toBe('192.0.2.1');
    // Garbage stops the walk at the last good hop.
    expect(addresses.of(request('10.0.0.5', 'not-an-ip, 10.0.0.6'))).toBe('10.0.0.6');
    expect(addresses.of(request('10.0.0.5'))).toBe('10.0.0.5');
  });

  it('refuses a bad --trust-proxy entry at start', () => {
    expect(() => new ClientAddresses(['10.0.0.0/33'])).toThrow(/not an address/);
    expect(() => new ClientAddresses(['example.com'])).toThrow(/not an address/);
  });
});
