import { isIP } from 'node:net';

/**
 * Addresses a webhook must not reach unless allowed in configuration: loopback, private,
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unspecified, multicast and
 * reserved ranges, in IPv4 and IPv6 (including IPv4-mapped IPv6).
 */
export function isPrivateAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return isPrivateV4(address);
  if (version === 6) return isPrivateV6(address.toLowerCase());
  return true; // not an address at all: refuse rather than guess
}

function isPrivateV4(address: string): boolean {
  const [a, b] = address.split('.').map(Number);
  return (
    a === 0 || // "this" network
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) || // IETF protocol assignments
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast and reserved, broadcast
  );
}

function isPrivateV6(address: string): boolean {
  const hextets = expandV6(address);
  if (!hextets) return true;
  if (hextets.every((h) => h === 0)) return true; // ::
  if (hextets.slice(0, 7).every((h) => h === 0) && hextets[7] === 1) return true; // ::1
  if (hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff) {
    return isPrivateV4(`${hextets[6] >> 8}.${hextets[6] & 255}.${hextets[7] >> 8}.${hextets[7] & 255}`);
  }
  const first = hextets[0];
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xff00) === 0xff00 || // multicast
    (first === 0x64 && hextets[1] === 0xff9b) || // NAT64 may reach IPv4 private space
    (first === 0x2001 && hextets[1] === 0x0db8) // documentation
  );
}

function expandV6(address: string): number[] | null {
  let text = address.split('%')[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s ? s.split(':').map((h) => parseInt(h, 16)) : []);
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const all = [...head, ...new Array(missing).fill(0), ...tail];
  return all.some((h) => Number.isNaN(h) || h < 0 || h > 0xffff) ? null : all;
}

/** Hostnames that always mean this machine, whatever DNS says. */
export const LOCAL_NAMES = /^(localhost|localhost\.localdomain|ip6-localhost|ip6-loopback)$|\.localhost$|\.local$|\.internal$/i;

/**
 * Whether `host` (as in the URL) with the resolved `address` may be called. The allowlist names
 * hosts or addresses exactly, as configured in WEBHOOK_ALLOWED_PRIVATE_HOSTS.
 */
export function mayDeliverTo(host: string, address: string, allowed: readonly string[]): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (allowed.includes(h) || allowed.includes(address.toLowerCase())) return true;
  if (LOCAL_NAMES.test(h)) return false;
  return !isPrivateAddress(address);
}
