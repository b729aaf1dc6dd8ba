import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Who is on the other end, as the limits count them: the peer's address, or, when the peer is one of the
 * configured proxies (`--trust-proxy`), the nearest address in X-Forwarded-For that is not a trusted proxy.
 * X-Forwarded-For from anyone else is ignored: a client could write anything there.
 *
 * IPv4-mapped IPv6 addresses count as IPv4. An IPv6 client counts as its /64 network, because one
 * subscriber usually holds a whole /64 and could otherwise take a fresh address for every attempt.
 */
export class ClientAddresses {
  private readonly trusted: BlockList | null;

  /** `trustedProxies`: addresses or CIDR ranges, e.g. ["10.0.0.0/8", "127.0.0.1"]. Throws on a bad entry. */
  constructor(trustedProxies: readonly string[] = []) {
    this.trusted = trustedProxies.length > 0 ? parseBlockList(trustedProxies) : null;
  }

  isTrustedProxy(address: string | undefined): boolean {
    const ip = plainAddress(address);
    return ip !== null && this.trusted !== null && this.trusted.check(ip, familyOf(ip));
  }

  /** The limit key of the request's client. */
  of(req: IncomingMessage): string {
    return addressKey(this.clientIp(req));
  }

  /** The limit key of a raw TCP connection's peer (no headers to read). */
  ofPeer(remoteAddress: string | undefined): string {
    return addressKey(plainAddress(remoteAddress) ?? 'unknown');
  }

  private clientIp(req: IncomingMessage): string {
    const peer = plainAddress(req.socket.remoteAddress) ?? 'unknown';
    if (!this.trusted || !this.isTrustedProxy(peer)) return peer;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop.length > 0);
    // Right to left: each trusted proxy appended the address it received the request from.
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = plainAddress(hops[i]);
      if (hop === null) break; // garbage: trust nothing further left
      client = hop;
      if (!this.isTrustedProxy(hop)) break;
    }
    return client;
  }
}

function parseBlockList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.trim().split('/');
    const ip = plainAddress(address);
    const bits = prefix === undefined ? null : Number(prefix);
    const family = ip === null ? null : familyOf(ip);
    const maxBits = family === 'ipv6' ? 128 : 32;
    if (
      ip === null ||
      family === null ||
      rest.length > 0 ||
      (bits !== null && !(bits >= 0 && bits <= maxBits))
    ) {
      throw new Error(`not an address or CIDR range: "${entry}"`);
    }
    if (bits === null) list.addAddress(ip, family);
    else list.addSubnet(ip, bits, family);
  }
  return list;
}

/** A bare IP address (no port, no brackets, IPv4-mapped IPv6 as IPv4), or null if it is not one. */
function plainAddress(raw: string | undefined): string | null {
  if (!raw) return null;
  let text = raw.trim();
  if (text.startsWith('[') && text.includes(']')) text = text.slice(1, text.indexOf(']'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped?.[1]) text = mapped[1];
  return isIP(text) === 0 ? null : text.toLowerCase();
}

function familyOf(ip: string): 'ipv4' | 'ipv6' {
  return isIP(ip) === 6 ? 'ipv6' : 'ipv4';
}

/** IPv4 as is; IPv6 as its /64 network ("2001:db8:1:2::/64"). */
export function addressKey(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const groups = expandIpv6(ip).slice(0, 4);
  return `${groups.map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, in hex. */
function expandIpv6(ip: string): string[] {
  let text = ip;
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) becomes two hex groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array.from({ length: missing }, () => '0'), ...right];
}
