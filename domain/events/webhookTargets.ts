/**
 * Where a webhook may deliver. A subscription's URL is chosen by an organisation's admin, and the
 * worker POSTs to it from inside the service's network: without a rule, a URL naming a loopback,
 * private or link-local address (a database, the Temporal frontend, a cloud metadata endpoint)
 * would have the worker call it (server-side request forgery). So a target must be https and every
 * address its host resolves to must be public; the check runs when the subscription is created
 * and again at each delivery's connection, since DNS can change (platform/webhookTargets.ts).
 *
 * `allowInternal` (WEBHOOK_ALLOW_INTERNAL_TARGETS, on in development and tests, off by default in
 * production) lets loopback and private addresses through, over http too: a local receiver. It
 * never lets through link-local, unspecified, multicast or reserved addresses, which no receiver
 * needs and which reach the host itself or the cloud's metadata service.
 */

export type AddressClass =
  'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved';

export interface WebhookTargetPolicy {
  /** Loopback and private addresses, over http or https (development, tests). */
  allowInternal: boolean;
}

/** Field errors (English; the API translates them, api/localization.ts). */
export const targetRefusals = {
  notHttps: 'must be an https URL',
  internal: 'must not point to an internal address (loopback, private, link-local or reserved)',
  unresolved: 'must name a host that resolves to an address',
} as const;

export type TargetRefusal = (typeof targetRefusals)[keyof typeof targetRefusals];

type Range = [base: number, prefix: number, cls: AddressClass];

const ipv4Ranges: Range[] = [
  [ipv4('0.0.0.0'), 8, 'unspecified'], // "this network"
  [ipv4('10.0.0.0'), 8, 'private'],
  [ipv4('100.64.0.0'), 10, 'private'], // shared address space (carrier-grade NAT)
  [ipv4('127.0.0.0'), 8, 'loopback'],
  [ipv4('169.254.0.0'), 16, 'link-local'], // includes cloud metadata, 169.254.169.254
  [ipv4('172.16.0.0'), 12, 'private'],
  [ipv4('192.0.0.0'), 24, 'reserved'], // IETF protocol assignments
  [ipv4('192.0.2.0'), 24, 'reserved'], // documentation
  [ipv4('192.88.99.0'), 24, 'reserved'], // 6to4 relay anycast (deprecated)
  [ipv4('192.168.0.0'), 16, 'private'],
  [ipv4('198.18.0.0'), 15, 'reserved'], // benchmarking
  [ipv4('198.51.100.0'), 24, 'reserved'], // documentation
  [ipv4('203.0.113.0'), 24, 'reserved'], // documentation
  [ipv4('224.0.0.0'), 4, 'multicast'],
  [ipv4('240.0.0.0'), 4, 'reserved'], // includes the broadcast address 255.255.255.255
];

function ipv4(text: string): number {
  const value = parseIPv4(text);
  if (value === undefined) throw new Error(`not an IPv4 address: ${text}`);
  return value;
}

/** A dotted quad (the form URL parsers and resolvers give) as an unsigned 32-bit number. */
function parseIPv4(text: string): number | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}

/** Eight 16-bit groups; `::` compression, a dotted IPv4 tail and a zone (`%eth0`) allowed. */
function parseIPv6(text: string): number[] | undefined {
  let s = text.split('%')[0];
  if (s.includes('.')) {
    const cut = s.lastIndexOf(':');
    const tail = parseIPv4(s.slice(cut + 1));
    if (cut < 0 || tail === undefined) return undefined;
    s = `${s.slice(0, cut + 1)}${(tail >>> 16).toString(16)}:${(tail & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const all = [...head, ...tail];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const missing = 8 - all.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((g) =>
    parseInt(g, 16),
  );
}

function classifyIPv4(value: number): AddressClass {
  for (const [base, prefix, cls] of ipv4Ranges) {
    if (value >>> (32 - prefix) === base >>> (32 - prefix)) return cls;
  }
  return 'public';
}

function classifyIPv6(g: number[]): AddressClass {
  const embedded = (hi: number, lo: number) => classifyIPv4(((hi << 16) | lo) >>> 0);
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  if (zeroUpTo(5) && g[5] === 0xffff) return embedded(g[6], g[7]); // IPv4-mapped
  if (zeroUpTo(6)) return 'reserved'; // IPv4-compatible (deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return embedded(g[6], g[7]); // NAT64
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'private'; // local-use NAT64
  if (g[0] === 0x100 && g.slice(1, 4).every((x) => x === 0)) return 'reserved'; // discard
  if (g[0] === 0x2001 && g[1] < 0x200) return 'reserved'; // IETF protocol assignments, Teredo
  if (g[0] === 0x2001 && g[1] === 0xdb8) return 'reserved'; // documentation
  if (g[0] === 0x2002) return embedded(g[1], g[2]); // 6to4
  if (g[0] === 0x3fff && g[1] >>> 12 === 0) return 'reserved'; // documentation
  if ((g[0] & 0xfe00) === 0xfc00) return 'private'; // unique local
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'private'; // site-local (deprecated)
  if (g[0] >>> 8 === 0xff) return 'multicast';
  if ((g[0] & 0xe000) === 0x2000) return 'public'; // global unicast
  return 'reserved';
}

/**
 * What kind of address an IP address literal is (IPv4 dotted quad, or IPv6 with or without
 * brackets); undefined when it is not an IP address (a host name). IPv6 forms that carry an IPv4
 * address (mapped, NAT64, 6to4) are what that IPv4 address is.
 */
export function classifyAddress(address: string): AddressClass | undefined {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return classifyIPv4(v4);
  if (!text.includes(':')) return undefined;
  const v6 = parseIPv6(text);
  return v6 && classifyIPv6(v6);
}

const internalAllowed: ReadonlySet<AddressClass> = new Set(['loopback', 'private']);

/**
 * Why the URL itself is refused, if it is: its scheme, and its host when that is an address
 * literal. A host name is then checked address by address (`addressRefusal`) once resolved.
 */
export function urlRefusal(url: URL, policy: WebhookTargetPolicy): TargetRefusal | undefined {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowInternal))
    return targetRefusals.notHttps;
  const literal = classifyAddress(url.hostname);
  return literal === undefined ? undefined : refusalOf(literal, url.protocol, policy);
}

/** Why one address the target's host resolved to is refused, if it is. */
export function addressRefusal(
  address: string,
  protocol: string,
  policy: WebhookTargetPolicy,
): TargetRefusal | undefined {
  const cls = classifyAddress(address);
  return cls === undefined ? targetRefusals.unresolved : refusalOf(cls, protocol, policy);
}

function refusalOf(
  cls: AddressClass,
  protocol: string,
  policy: WebhookTargetPolicy,
): TargetRefusal | undefined {
  if (cls === 'public') return protocol === 'https:' ? undefined : targetRefusals.notHttps;
  return policy.allowInternal && internalAllowed.has(cls) ? undefined : targetRefusals.internal;
}
