import { DEFAULT_HAVIP_LIMITS, HAVIP_LIMIT_SOURCES, limitSource, resolveLimits } from '../../lib/rules/limits';
import { checkMemberCount, checkMembersInVswitch, checkMemberTypes } from '../../lib/rules/member-rules';
import { checkEipCount } from '../../lib/rules/eip-rules';

describe('limits', () => {
  test('the guide defaults, each with its source', () => {
    expect(DEFAULT_HAVIP_LIMITS).toEqual({ membersPerHaVip: 10, haVipsPerInstance: 5, eipsPerHaVip: 1, haVipsPerVpc: 50, haVipsPerAccount: 50, routeEntriesPerRouteTable: 5 });
    for (const key of Object.keys(DEFAULT_HAVIP_LIMITS)) expect(HAVIP_LIMIT_SOURCES[key as keyof typeof HAVIP_LIMIT_SOURCES]).toContain('HaVip guide');
  });

  test('overrides merge over the defaults; a raised limit names itself in the source', () => {
    const { limits, findings } = resolveLimits({ haVipsPerVpc: 100 });
    expect(findings).toEqual([]);
    expect(limits).toEqual({ ...DEFAULT_HAVIP_LIMITS, haVipsPerVpc: 100 });
    expect(limitSource('haVipsPerVpc', limits)).toBe('limits.haVipsPerVpc = 100 (overrides Alibaba Cloud HaVip guide, "Quotas": "HaVips per VPC": 50)');
    expect(limitSource('haVipsPerAccount', limits)).toBe(HAVIP_LIMIT_SOURCES.haVipsPerAccount);
  });

  test.each<[unknown, string]>([
    [{ haVipsPerVpc: 1.5 }, 'limits.haVipsPerVpc'],
    [{ haVipsPerVpc: '100' }, 'limits.haVipsPerVpc'],
    [{ haVipsPerVpc: -1 }, 'limits.haVipsPerVpc'],
    [{ membersPerHaVip: 1 }, 'limits.membersPerHaVip'],
    [{ eipsPerHAVIP: 2 }, 'limits.eipsPerHAVIP'],
    [{ toString: 2 }, 'limits.toString'],
    [{ hasOwnProperty: 2 }, 'limits.hasOwnProperty'],
    [[], 'limits'],
  ])('bad override %p is an error and keeps the default', (overrides, prop) => {
    const { limits, findings } = resolveLimits(overrides);
    expect(findings).toEqual([expect.objectContaining({ level: 'error', prop })]);
    expect(limits).toEqual(DEFAULT_HAVIP_LIMITS);
  });

  test('a token, for the whole limits or one of them, must be a literal', () => {
    const isToken = (v: unknown) => v === 'TOKEN';
    expect(resolveLimits('TOKEN', 'limits', isToken).findings).toEqual([
      expect.objectContaining({ prop: 'limits', rule: 'must be a literal object, not a token: quotas are counted at synth time' }),
    ]);
    expect(resolveLimits({ haVipsPerVpc: 'TOKEN' }, 'limits', isToken).findings).toEqual([
      expect.objectContaining({ prop: 'limits.haVipsPerVpc', rule: 'must be a literal, not a token: quotas are counted at synth time' }),
    ]);
  });

  test.each([
    [1, 1],
    [2, 0],
    [10, 0],
    [11, 1],
  ])('member count %d gives %d errors', (count, expected) => {
    expect(checkMemberCount('nodes', count, DEFAULT_HAVIP_LIMITS)).toHaveLength(expected);
  });

  test('one member type per HaVip', () => {
    expect(checkMemberTypes([{ prop: 'a', type: 'EcsInstance' }, { prop: 'b', type: 'EcsInstance' }])).toEqual([]);
    expect(checkMemberTypes([])).toEqual([]);
    expect(checkMemberTypes([{ prop: 'a', type: 'EcsInstance' }, { prop: 'b', type: 'NetworkInterface' }])).toEqual([
      expect.objectContaining({ prop: 'b', value: 'NetworkInterface', rule: 'must be a EcsInstance like a: one member type per HaVip' }),
    ]);
  });

  test('members given by id must be in the HaVip vSwitch', () => {
    const members = [
      { prop: 'members[0]', type: 'EcsInstance' as const, vswitchId: 'vsw-1' },
      { prop: 'members[1]', type: 'EcsInstance' as const, vswitchId: 'vsw-2' },
      { prop: 'members[2]', type: 'EcsInstance' as const },
    ];
    expect(checkMembersInVswitch('vsw-1', members)).toEqual([expect.objectContaining({ prop: 'members[1].vswitchId', value: 'vsw-2' })]);
    expect(checkMembersInVswitch(undefined, members)).toEqual([]);
  });

  test('at most eipsPerHaVip EIPs', () => {
    expect(checkEipCount('eip', 1, DEFAULT_HAVIP_LIMITS)).toEqual([]);
    expect(checkEipCount('eip', 2, DEFAULT_HAVIP_LIMITS)).toEqual([expect.objectContaining({ prop: 'eip', value: 2 })]);
    expect(checkEipCount('eip', 2, { ...DEFAULT_HAVIP_LIMITS, eipsPerHaVip: 2 })).toEqual([]);
  });
});
