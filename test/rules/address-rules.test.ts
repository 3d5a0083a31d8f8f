import { isIPv4Address, isInCidr, parseIPv4Cidr, reservedAddresses } from '../../lib/rules/address-rules';

describe('address rules', () => {
  test.each([
    ['192.168.0.24', true],
    ['0.0.0.0', true],
    ['255.255.255.255', true],
    ['192.168.0.024', false],
    ['10.1', false],
    ['3232235544', false],
    ['192.168.0.256', false],
    ['fd00::1', false],
    [' 192.168.0.1', false],
    ['192.168.0.1\n', false],
    ['', false],
  ])('isIPv4Address(%j) is %s', (text, expected) => {
    expect(isIPv4Address(text)).toBe(expected);
  });

  test.each([
    ['192.168.0.0/24', { network: '192.168.0.0', prefix: 24 }],
    ['0.0.0.0/0', { network: '0.0.0.0', prefix: 0 }],
    ['10.0.0.5/32', { network: '10.0.0.5', prefix: 32 }],
    ['192.168.0.1/24', 'not-canonical'],
    ['192.168.0.0/33', 'not-cidr'],
    ['192.168.0.0/024', 'not-cidr'],
    ['192.168.0.0', 'not-cidr'],
    ['192.168.0.0/', 'not-cidr'],
    ['10/8', 'not-cidr'],
    ['fd00::/64', 'ipv6'],
  ])('parseIPv4Cidr(%j)', (text, expected) => {
    expect(parseIPv4Cidr(text)).toEqual(expected);
  });

  test.each([
    ['192.168.0.0/24', ['192.168.0.0', '192.168.0.253', '192.168.0.254', '192.168.0.255']],
    ['192.168.1.0/24', ['192.168.1.0', '192.168.1.253', '192.168.1.254', '192.168.1.255']],
    ['10.0.0.0/16', ['10.0.0.0', '10.0.255.253', '10.0.255.254', '10.0.255.255']],
    ['172.16.0.8/29', ['172.16.0.8', '172.16.0.13', '172.16.0.14', '172.16.0.15']],
  ])('reservedAddresses(%s): the first and the last three', (cidr, expected) => {
    const parsed = parseIPv4Cidr(cidr);
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(reservedAddresses(parsed)).toEqual(expected);
  });

  test('isInCidr', () => {
    const block = { network: '192.168.0.0', prefix: 24 };
    expect(isInCidr('192.168.0.24', block)).toBe(true);
    expect(isInCidr('192.168.1.24', block)).toBe(false);
  });
});
