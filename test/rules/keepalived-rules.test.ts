import { checkPriorities, defaultPriority, isValidInterfaceName } from '../../lib/rules/keepalived-rules';
import { FindingCollector } from '../../lib/rules/values';

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
    ['lo', false],
    ['all', false],
    ['default', false],
    ['dev', true],
    ['n', true],
    ['lo0', true],
  ])('isValidInterfaceName(%j) is %s', (name, expected) => {
    expect(isValidInterfaceName(name)).toBe(expected);
  });

  test('default priorities: 100, 90, ... 10 for ten nodes, then below 1', () => {
    expect(Array.from({ length: 10 }, (_, i) => defaultPriority(i))).toEqual([100, 90, 80, 70, 60, 50, 40, 30, 20, 10]);
    expect(defaultPriority(10)).toBe(0);
  });

  test.each([254, 255, 1000])('%d members: priorities are checked without a crash', (count) => {
    const c = new FindingCollector(() => false);
    checkPriorities(c, Array.from({ length: count }, (_, i) => (i % 2 === 0 ? 254 - (i % 254) : undefined)));
    if (count > 254) {
      expect(c.findings).toEqual([expect.objectContaining({ prop: 'nodes', value: count, rule: 'must list at most 254 members: each needs a distinct priority from 1 to 254' })]);
    } else {
      expect(c.findings.length).toBeGreaterThan(0);
      expect(c.findings.every((f) => /^nodes\[\d+\]\.priority$/.test(f.prop))).toBe(true);
    }
  });
});
