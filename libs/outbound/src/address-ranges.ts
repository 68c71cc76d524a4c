import { BlockList, isIPv4, isIPv6 } from 'node:net';

interface Range {
  kind: string;
  list: BlockList;
}

function range(kind: string, subnets: readonly string[]): Range {
  const list = new BlockList();
  for (const subnet of subnets) {
    const [network, prefix] = subnet.split('/') as [string, string];
    list.addSubnet(network, Number(prefix), isIPv4(network) ? 'ipv4' : 'ipv6');
  }
  return { kind, list };
}

/** Refused even for an entry that allows private networks: nothing here is a receiver. */
const NEVER: readonly Range[] = [
  // AWS, GCP, Azure, OpenStack instance metadata (credentials live there).
  range('a cloud metadata address', ['169.254.169.254/32', 'fd00:ec2::254/128']),
  range('an unspecified address', ['0.0.0.0/8', '::/128']),
  range('a multicast address', ['224.0.0.0/4', 'ff00::/8']),
  range('a reserved address', ['240.0.0.0/4']),
];

/** Refused unless the allow-list entry says `+private`. */
const PRIVATE: readonly Range[] = [
  range('a loopback address', ['127.0.0.0/8', '::1/128']),
  range('a private (RFC 1918) address', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']),
  range('a link-local address', ['169.254.0.0/16', 'fe80::/10']),
  range('a unique-local address', ['fc00::/7']),
  range('a carrier-grade NAT address', ['100.64.0.0/10']),
];

const NAT64 = range('NAT64', ['64:ff9b::/96']);

/**
 * Why an outbound call may not connect to `address` (an IP literal), or undefined when it may.
 * IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) are matched by the IPv4 ranges (BlockList does
 * that), and a NAT64 address is judged by the IPv4 address it carries.
 */
export function addressRefusal(address: string, allowPrivate: boolean): string | undefined {
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (family === undefined) return 'not an IP address';
  const ranges = allowPrivate ? NEVER : [...NEVER, ...PRIVATE];
  const hit = ranges.find((r) => r.list.check(address, family));
  if (hit) return hit.kind;
  if (family === 'ipv6' && NAT64.list.check(address, 'ipv6')) {
    return addressRefusal(embeddedIPv4(address), allowPrivate);
  }
  return undefined;
}

function embeddedIPv4(address: string): string {
  const groups = expandIPv6(address);
  const high = groups[6] ?? 0;
  const low = groups[7] ?? 0;
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function expandIPv6(address: string): number[] {
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  const text = dotted ? address.replace(dotted, ipv4ToGroups(dotted)) : address;
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function ipv4ToGroups(dotted: string): string {
  const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}
