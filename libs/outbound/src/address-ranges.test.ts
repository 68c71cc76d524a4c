import { addressRefusal } from './address-ranges';

describe('addressRefusal', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['10.1.2.3', 'a private (RFC 1918) address'],
    ['172.16.0.1', 'a private (RFC 1918) address'],
    ['172.31.255.255', 'a private (RFC 1918) address'],
    ['192.168.1.1', 'a private (RFC 1918) address'],
    ['::ffff:192.168.1.1', 'a private (RFC 1918) address'],
    ['169.254.1.1', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fc00::1', 'a unique-local address'],
    ['fd12:3456::1', 'a unique-local address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['100.127.255.254', 'a carrier-grade NAT address'],
    ['64:ff9b::7f00:1', 'a loopback address'],
    ['64:ff9b::10.0.0.1', 'a private (RFC 1918) address'],
  ])('%s is refused as %s, and allowed with +private', (address, kind) => {
    expect(addressRefusal(address, false)).toBe(kind);
    expect(addressRefusal(address, true)).toBeUndefined();
  });

  it.each([
    ['169.254.169.254', 'a cloud metadata address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['::ffff:169.254.169.254', 'a cloud metadata address'],
    ['0.0.0.0', 'an unspecified address'],
    ['0.1.2.3', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['224.0.0.1', 'a multicast address'],
    ['255.255.255.255', 'a reserved address'],
  ])('%s is refused as %s even with +private', (address, kind) => {
    expect(addressRefusal(address, false)).toBe(kind);
    expect(addressRefusal(address, true)).toBe(kind);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:2800:220:1::1'])(
    '%s (public) is allowed',
    (address) => {
      expect(addressRefusal(address, false)).toBeUndefined();
    },
  );

  it('a host name is not an address', () => {
    expect(addressRefusal('localhost', true)).toBe('not an IP address');
  });
});
