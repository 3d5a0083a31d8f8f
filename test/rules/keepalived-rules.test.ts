import { defaultPriority, isValidInterfaceName } from '../../lib/rules/keepalived-rules';

describe('keepalived rules', () => {
  test.each([
    ['eth0', true],
    ['ens5', true],
    ['bond0.100', true],
    ['veth-a_b', true],
    ['a'.repeat(15), true],
    ['a'.repeat(16), false],
    ['.', false],
    ['..', false],
    ['...', true],
    ['', false],
    ['eth 0', false],
    ['eth0/1', false],
    ['eth0:1', false],
    ['eth0\n', false],
    ['eth0}', false],
  ])('isValidInterfaceName(%j) is %s', (name, expected) => {
    expect(isValidInterfaceName(name)).toBe(expected);
  });

  test('default priorities: 100, 90, ... 10 for ten nodes, then below 1', () => {
    expect(Array.from({ length: 10 }, (_, i) => defaultPriority(i))).toEqual([100, 90, 80, 70, 60, 50, 40, 30, 20, 10]);
    expect(defaultPriority(10)).toBe(0);
  });
});
