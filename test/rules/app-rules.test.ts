import { checkAppWide, type AppAddress, type AppAttachment, type AppHaVip, type AppVswitchVpc, type VswitchIdentity } from '../../lib/rules/app-rules';
import { DEFAULT_HAVIP_LIMITS } from '../../lib/rules/limits';

const cluster = (path: string, vpcKey: string | undefined, virtualRouterId: number): AppHaVip => ({
  path,
  cluster: true,
  vpcKey,
  vpcLabel: vpcKey ?? '${TfToken[TOKEN.1]}',
  virtualRouterId,
});
const raw = (path: string, vpcKey?: string, count?: number): AppHaVip => ({ path, cluster: false, vpcKey, vpcLabel: vpcKey, count });
const attach = (path: string, haVipKey: string, instanceKey: string, type: AppAttachment['type'] = 'EcsInstance'): AppAttachment => ({
  path,
  haVipKey,
  instanceKey,
  instanceLabel: instanceKey,
  type,
});
const none = { haVips: [], attachments: [], regions: [] };

describe('checkAppWide', () => {
  test('nothing to report for an empty app or two clusters in different VPCs with the same vrid', () => {
    expect(checkAppWide(none, DEFAULT_HAVIP_LIMITS)).toEqual([]);
    expect(checkAppWide({ ...none, haVips: [cluster('a', 'vpc-1', 51), cluster('b', 'vpc-2', 51)] }, DEFAULT_HAVIP_LIMITS)).toEqual([]);
  });

  test('virtual_router_id unique per VPC', () => {
    const findings = checkAppWide({ ...none, haVips: [cluster('s/a', 'vpc-1', 51), cluster('s/b', 'vpc-1', 52), cluster('s/c', 'vpc-1', 51)] }, DEFAULT_HAVIP_LIMITS);
    expect(findings).toEqual([
      expect.objectContaining({ level: 'error', path: 's/c', prop: 'keepalived.virtualRouterId', value: 51, rule: 'must differ from s/a, a cluster in the same VPC vpc-1' }),
    ]);
    expect(findings[0].source).toContain('must have different virtual_router_id values');
  });

  test('a cluster whose VPC cannot be told gets an info, no error', () => {
    const findings = checkAppWide({ ...none, haVips: [cluster('s/a', undefined, 51), cluster('s/b', undefined, 51)] }, DEFAULT_HAVIP_LIMITS);
    expect(findings.map((f) => [f.level, f.path])).toEqual([['info', 's/a'], ['info', 's/b']]);
  });

  test('HaVips per VPC: 50 pass, the 51st (a raw one) fails; a raised limit lets it pass', () => {
    const haVips = [...Array.from({ length: 50 }, (_, i) => cluster(`s/c${i}`, 'vpc-1', i + 1)), raw('s/raw', 'vpc-1')];
    const findings = checkAppWide({ ...none, haVips }, { ...DEFAULT_HAVIP_LIMITS, haVipsPerAccount: 100 });
    expect(findings).toEqual([expect.objectContaining({ path: 's/raw', prop: 'vpcId', value: 'vpc-1', rule: 'has 51 HaVips in this app; at most 50 per VPC' })]);
    expect(checkAppWide({ ...none, haVips }, { ...DEFAULT_HAVIP_LIMITS, haVipsPerAccount: 100, haVipsPerVpc: 51 })).toEqual([]);
  });

  test('HaVips per account count raw HaVips of unknown VPC and their count', () => {
    const haVips = [cluster('s/a', 'vpc-1', 1), raw('s/raw', undefined, 49), raw('s/raw2')];
    const findings = checkAppWide({ ...none, haVips }, DEFAULT_HAVIP_LIMITS);
    expect(findings).toEqual([expect.objectContaining({ level: 'error', path: 's/raw2', prop: 'havip', value: 51, rule: 'makes 51 HaVips in this app; at most 50 per account' })]);
  });

  test('HaVips per ECS instance', () => {
    const attachments = Array.from({ length: 6 }, (_, i) => attach(`s/att${i}`, `havip-${i}`, 'i-1'));
    expect(checkAppWide({ ...none, attachments: attachments.slice(0, 5) }, DEFAULT_HAVIP_LIMITS)).toEqual([]);
    expect(checkAppWide({ ...none, attachments }, DEFAULT_HAVIP_LIMITS)).toEqual([
      expect.objectContaining({ path: 's/att5', prop: 'instanceId', value: 'i-1', rule: 'is a member of 6 HaVips; at most 5 per ECS instance' }),
    ]);
  });

  test('members per HaVip and one member type across attachments', () => {
    const many = Array.from({ length: 11 }, (_, i) => attach(`s/att${i}`, 'havip-1', `i-${i}`));
    expect(checkAppWide({ ...none, attachments: many }, DEFAULT_HAVIP_LIMITS)).toEqual([
      expect.objectContaining({ path: 's/att10', prop: 'haVipId', rule: 'attaches 11 members to one HaVip; at most 10' }),
    ]);
    const mixed = [attach('s/a', 'havip-1', 'i-1'), attach('s/b', 'havip-1', 'eni-1', 'NetworkInterface')];
    expect(checkAppWide({ ...none, attachments: mixed }, DEFAULT_HAVIP_LIMITS)).toEqual([
      expect.objectContaining({ path: 's/b', prop: 'instanceType', value: 'NetworkInterface' }),
    ]);
  });

  test('members in another vSwitch than their HaVip, when both can be told', () => {
    const lit = (id: string) => ({ key: `literal:${id}`, label: id, kind: 'literal' as const });
    const res = (id: string) => ({ key: `ref:s|alicloud_vswitch.${id}.id`, label: `\${alicloud_vswitch.${id}.id}`, kind: 'resource' as const });
    const other = { key: 'ref:s|var.vsw', label: '${var.vsw}', kind: 'other' as const };
    const member = (path: string, memberVswitch: VswitchIdentity, haVipVswitch: VswitchIdentity) => ({
      ...attach(path, 'havip-1', `i-${path}`),
      memberVswitch,
      haVipVswitch,
    });
    const findings = checkAppWide(
      {
        ...none,
        attachments: [
          member('same', lit('vsw-1'), lit('vsw-1')),
          member('differs', lit('vsw-2'), lit('vsw-1')),
          member('resources', res('a'), res('b')),
          member('variable', other, lit('vsw-1')),
          member('mixed', res('a'), lit('vsw-1')),
        ],
      },
      DEFAULT_HAVIP_LIMITS,
    );
    expect(findings.map((f) => [f.path, f.rule])).toEqual([
      ['differs', "is in vSwitch vsw-2, not in the HaVip's vSwitch vsw-1"],
      ['resources', "is in vSwitch ${alicloud_vswitch.a.id}, not in the HaVip's vSwitch ${alicloud_vswitch.b.id}"],
    ]);
  });

  test.each<[string | undefined, boolean, string | undefined]>([
    ['cn-hangzhou', false, undefined],
    ['ap-south-1', false, 'error'],
    ['cn-hangzhou\n', false, 'error'],
    [undefined, true, 'info'],
    [undefined, false, 'info'],
  ])('region %j (token %s) gives %s', (region, token, level) => {
    const findings = checkAppWide({ ...none, regions: [{ path: 's/alicloud', region, token }] }, DEFAULT_HAVIP_LIMITS);
    expect(findings.map((f) => f.level)).toEqual(level ? [level] : []);
    if (level === 'error') expect(findings[0]).toEqual(expect.objectContaining({ path: 's/alicloud', prop: 'region', value: region, source: 'Alibaba Cloud HaVip guide, "Supported regions"' }));
  });

  describe('across clusters (issue 13, class 7)', () => {
    const lit = (id: string): VswitchIdentity => ({ key: `literal:${id}`, label: id, kind: 'literal' });
    const ref = (name: string): VswitchIdentity => ({ key: `ref:s|var.${name}`, label: `\${var.${name}}`, kind: 'other' });
    const given = (path: string, vswitch: VswitchIdentity, vpc: VswitchIdentity): AppVswitchVpc => ({ path, prop: 'vpcId', vswitch, vpc });
    const address = (path: string, value: string, vswitch: VswitchIdentity, holder = 'an ECS instance'): AppAddress => ({ path, prop: 'private_ip', address: value, vswitch, holder });

    test('one vSwitch given with two literal VPCs is an error; the per-VPC router-id check sees one VPC', () => {
      const findings = checkAppWide(
        {
          ...none,
          haVips: [cluster('s/a', 'literal:vpc-1', 51), cluster('s/b', 'literal:vpc-2', 51)],
          vswitchVpcs: [given('s/a', lit('vsw-1'), lit('vpc-1')), given('s/b', lit('vsw-1'), lit('vpc-2'))],
        },
        DEFAULT_HAVIP_LIMITS,
      );
      expect(findings.map((f) => [f.path, f.prop, f.rule])).toEqual([
        ['s/b', 'vpcId', 'must be the VPC of vSwitch vsw-1, which s/a puts in VPC vpc-1'],
        ['s/b', 'keepalived.virtualRouterId', 'must differ from s/a, a cluster in the same VPC literal:vpc-1'],
      ]);
    });

    test('two references for one vSwitch are one VPC: no conflict error, but the router-id check holds', () => {
      const findings = checkAppWide(
        {
          ...none,
          haVips: [cluster('s/a', 'ref:s|var.a', 7), cluster('s/b', 'ref:s|var.b', 7), cluster('s/c', 'ref:s|var.c', 7)],
          vswitchVpcs: [given('s/a', lit('vsw-1'), ref('a')), given('s/b', lit('vsw-1'), ref('b')), given('s/c', lit('vsw-2'), ref('c'))],
        },
        DEFAULT_HAVIP_LIMITS,
      );
      expect(findings.map((f) => [f.path, f.prop])).toEqual([['s/b', 'keepalived.virtualRouterId']]);
    });

    test('one address twice in one vSwitch, whatever holds it; the same address in another vSwitch is fine', () => {
      const findings = checkAppWide(
        {
          ...none,
          addresses: [
            address('s/a/havip', '10.0.0.5', lit('vsw-1'), 'an HaVip'),
            address('s/b/node-1', '10.0.0.5', lit('vsw-1')),
            address('s/c/node-1', '10.0.0.5', lit('vsw-2')),
            address('s/d/node-1', '10.0.0.6', ref('vsw')),
            address('s/e/node-1', '10.0.0.6', ref('vsw')),
          ],
        },
        DEFAULT_HAVIP_LIMITS,
      );
      expect(findings.map((f) => [f.path, f.value, f.rule])).toEqual([
        ['s/b/node-1', '10.0.0.5', 'is also the address of s/a/havip (an HaVip) in vSwitch vsw-1'],
        ['s/e/node-1', '10.0.0.6', 'is also the address of s/d/node-1 (an ECS instance) in vSwitch ${var.vsw}'],
      ]);
    });
  });
});
