import { validateClusterProps } from '../../lib/rules/cluster-rules';
import type { Finding } from '../../lib/rules/finding';
import { GUIDE_PROPS } from '../support/guide-props';

const literal = () => false;
const fakeIsToken = (v: unknown) => typeof v === 'string' && v.startsWith('${TOKEN');

/** The guide's cluster carrying two HaVips, each preferring one member. */
const TWO_HAVIPS = {
  vpcId: 'vpc-1',
  vswitchId: 'vsw-1',
  vswitchCidrBlock: '192.168.0.0/24',
  havips: [
    { ipAddress: '192.168.0.24', virtualRouterId: 51, name: 'web' },
    { ipAddress: '192.168.0.23', virtualRouterId: 52, name: 'api' },
  ],
  nodes: [
    { privateIp: '192.168.0.25', priority: 150 },
    { privateIp: '192.168.0.26', priority: 50 },
  ],
  instance: { instanceType: 'ecs.e-c1m1.large', imageId: 'aliyun_3_x64_20G_alibase_20221102.vhd' },
  keepalived: { preempt: true, authPass: 'k33p4liv' },
};

/** Two existing instances, no instance settings. */
const EXISTING = {
  vpcId: 'vpc-1',
  vswitchId: 'vsw-1',
  vswitchCidrBlock: '192.168.0.0/24',
  havip: { ipAddress: '192.168.0.24' },
  nodes: [
    { privateIp: '192.168.0.25', instanceId: 'i-bp67acfmxazb4p0001' },
    { privateIp: '192.168.0.26', instanceId: 'i-bp67acfmxazb4p0002' },
  ],
  keepalived: { virtualRouterId: 51 },
};

const errors = (findings: Finding[]) => findings.filter((f) => f.level === 'error');
const shared = (patch: Record<string, unknown>) => ({ ...TWO_HAVIPS, ...patch });
const existing = (patch: Record<string, unknown>) => ({ ...EXISTING, ...patch });
const havip = (k: number, patch: Record<string, unknown>) =>
  shared({ havips: TWO_HAVIPS.havips.map((h, i) => (i === k ? { ...h, ...patch } : h)) });
const node = (i: number, patch: Record<string, unknown>) =>
  existing({ nodes: EXISTING.nodes.map((n, j) => (j === i ? { ...n, ...patch } : n)) });

describe('several HaVips on one member set (havips)', () => {
  test('two HaVips, preemptive, pass with no finding at all', () => {
    expect(validateClusterProps(TWO_HAVIPS, literal)).toEqual([]);
  });

  test('five HaVips pass; a raised haVipsPerInstance allows more', () => {
    const five = Array.from({ length: 5 }, (_, k) => ({ virtualRouterId: 60 + k }));
    expect(errors(validateClusterProps(shared({ havips: five }), literal))).toEqual([]);
    const seven = Array.from({ length: 7 }, (_, k) => ({ virtualRouterId: 60 + k }));
    expect(errors(validateClusterProps(shared({ havips: seven, limits: { haVipsPerInstance: 8 } }), literal))).toEqual([]);
  });

  test.each<[string, unknown, string, string, string]>([
    ['no HaVip', shared({ havips: [] }), 'havips', 'must list at least 1 HaVip', ''],
    [
      'six HaVips',
      shared({ havips: Array.from({ length: 6 }, (_, k) => ({ virtualRouterId: 60 + k })) }),
      'havips',
      'must list at most 5 HaVips: every member is associated with each',
      'Alibaba Cloud HaVip guide, "Quotas": "HaVips per ECS instance"',
    ],
    [
      'three HaVips over a lowered limit',
      shared({ havips: [{ virtualRouterId: 1 }, { virtualRouterId: 2 }, { virtualRouterId: 3 }], limits: { haVipsPerInstance: 2 } }),
      'havips',
      'must list at most 2 HaVips',
      'limits.haVipsPerInstance = 2 (overrides',
    ],
    ['havips not an array', shared({ havips: { virtualRouterId: 1 } }), 'havips', 'must be an array, got object', ''],
    ['with havip too', shared({ havip: { ipAddress: '192.168.0.30' } }), 'havip', 'must not be set with havips', ''],
    ['with keepalived.virtualRouterId', shared({ keepalived: { preempt: true, virtualRouterId: 9 } }), 'keepalived.virtualRouterId', 'must not be set with havips', ''],
    ['with an eip', shared({ eip: { bandwidth: 1 } }), 'eip', 'must not be set with havips', ''],
    ['with ENI members', shared({ networkInterfaces: {} }), 'networkInterfaces', 'must not be set with havips: ENI members carry one HaVip', ''],
    ['router id missing', havip(1, { virtualRouterId: undefined }), 'havips[1].virtualRouterId', 'is required', ''],
    ['router id twice', havip(1, { virtualRouterId: 51 }), 'havips[1].virtualRouterId', 'must differ from havips[0].virtualRouterId', 'each vrrp_instance on an interface needs its own virtual_router_id'],
    ['router id 0', havip(0, { virtualRouterId: 0 }), 'havips[0].virtualRouterId', 'must be an integer from 1 to 255', ''],
    ['router id a token', havip(0, { virtualRouterId: '${TOKEN[1]}' }), 'havips[0].virtualRouterId', 'must be a literal', ''],
    ['unknown key', havip(0, { vrid: 3 }), 'havips[0].vrid', 'is not a known prop', ''],
    ['address twice', havip(1, { ipAddress: '192.168.0.24' }), 'havips[1].ipAddress', 'must differ from havips[0].ipAddress', ''],
    ['address equals a node', havip(1, { ipAddress: '192.168.0.26' }), 'nodes[1].privateIp', 'must differ from havips[1].ipAddress', ''],
    ['address outside the vSwitch', havip(1, { ipAddress: '10.0.0.1' }), 'havips[1].ipAddress', 'must lie inside the vSwitch CIDR block', ''],
    ['address reserved', havip(1, { ipAddress: '192.168.0.255' }), 'havips[1].ipAddress', 'is reserved', ''],
    ['address IPv6', havip(1, { ipAddress: 'fd00::1' }), 'havips[1].ipAddress', 'HaVip supports only IPv4', ''],
    ['name with a newline', havip(1, { name: 'a\nb' }), 'havips[1].name', 'found newline', ''],
    ['priorities of the wrong length', havip(1, { priorities: [1, 2, 3] }), 'havips[1].priorities', 'must give one priority per node (2), got 3', ''],
    ['priorities repeated', havip(1, { priorities: [7, 7] }), 'havips[1].priorities[1]', 'must differ from havips[1].priorities[0]', ''],
    ['priority 255', havip(1, { priorities: [255, 7] }), 'havips[1].priorities[0]', 'must be an integer from 1 to 254', ''],
    ['health check without script', havip(1, { healthCheck: { interval: 2 } }), 'havips[1].healthCheck.script', 'is required', ''],
    ['health check relative', havip(1, { healthCheck: { script: 'curl x' } }), 'havips[1].healthCheck.script', 'must start with an absolute path', ''],
    ['health check marker', havip(1, { healthCheck: { script: '/bin/echo @@HAVIP_IP_ADDRESS_2@@' } }), 'havips[1].healthCheck.script', 'markers the boot script reserves', ''],
  ])('%s', (_name, props, prop, rule, source) => {
    const found = errors(validateClusterProps(props, fakeIsToken));
    expect(found).toContainEqual(expect.objectContaining({ prop, rule: expect.stringContaining(rule), source: expect.stringContaining(source) }));
  });

  test('several HaVips without preempt: a warning, since a VIP that moved never moves back', () => {
    const findings = validateClusterProps(shared({ keepalived: {} }), literal);
    expect(findings).toEqual([
      expect.objectContaining({ level: 'warning', prop: 'keepalived.preempt', rule: 'with 2 HaVips each prefers a different member only with preempt: true' }),
    ]);
    expect(validateClusterProps(shared({ keepalived: {}, havips: [TWO_HAVIPS.havips[0]] }), literal)).toEqual([]);
  });
});

describe('existing instances as members (nodes[].instanceId)', () => {
  test('two existing instances pass with no finding at all', () => {
    expect(validateClusterProps(EXISTING, literal)).toEqual([]);
  });

  test('an instance id token passes with an info', () => {
    expect(validateClusterProps(node(0, { instanceId: '${TOKEN[instance.id]}' }), fakeIsToken)).toEqual([
      expect.objectContaining({ level: 'info', prop: 'nodes[0].instanceId', rule: 'is a token: the instance id check is skipped until apply' }),
    ]);
  });

  test('existing members with several HaVips pass', () => {
    const { instance: _instance, ...sharedProps } = TWO_HAVIPS;
    expect(validateClusterProps({ ...sharedProps, nodes: EXISTING.nodes.map((n, i) => ({ ...n, priority: TWO_HAVIPS.nodes[i].priority })) }, literal)).toEqual([]);
  });

  test.each<[string, unknown, string, string]>([
    ['only some nodes existing', node(1, { instanceId: undefined }), 'nodes[1].instanceId', 'is required: 1 of 2 nodes name an existing instance'],
    ['instance settings too', existing({ instance: GUIDE_PROPS.instance }), 'instance', 'must not be set when the nodes are existing instances'],
    ['instance settings missing without ids', existing({ nodes: [{ privateIp: '192.168.0.25' }, { privateIp: '192.168.0.26' }] }), 'instance', 'is required'],
    ['a name', node(0, { name: 'web-1' }), 'nodes[0].name', 'not allowed with instanceId'],
    ['not an instance id', node(0, { instanceId: 'vsw-123' }), 'nodes[0].instanceId', 'must be an ECS instance id'],
    ['an id with a space', node(0, { instanceId: 'i-12 3' }), 'nodes[0].instanceId', 'no whitespace'],
    ['an id with a newline', node(0, { instanceId: 'i-12\n3' }), 'nodes[0].instanceId', 'found newline'],
    ['an id with a template', node(0, { instanceId: 'i-${x}' }), 'nodes[0].instanceId', 'must not contain "${"'],
    ['an id not a string', node(0, { instanceId: 7 }), 'nodes[0].instanceId', 'must be a string, got number'],
    ['the same instance twice', node(1, { instanceId: 'i-bp67acfmxazb4p0001' }), 'nodes[1].instanceId', 'must differ from nodes[0].instanceId'],
    ['the same token twice', existing({ nodes: EXISTING.nodes.map((n) => ({ ...n, instanceId: '${TOKEN[a]}' })) }), 'nodes[1].instanceId', 'must differ from nodes[0].instanceId'],
    ['an address outside the vSwitch', node(1, { privateIp: '10.1.0.26' }), 'nodes[1].privateIp', 'must lie inside the vSwitch CIDR block'],
    ['an address reserved', node(1, { privateIp: '192.168.0.0' }), 'nodes[1].privateIp', 'is reserved'],
    ['an address twice', node(1, { privateIp: '192.168.0.25' }), 'nodes[1].privateIp', 'must differ from nodes[0].privateIp'],
    ['the HaVip address', node(1, { privateIp: '192.168.0.24' }), 'nodes[1].privateIp', 'must differ from havip.ipAddress'],
    ['an address token', node(1, { privateIp: '${TOKEN[ip]}' }), 'nodes[1].privateIp', 'must be a literal'],
    ['one member', existing({ nodes: [EXISTING.nodes[0]] }), 'nodes', 'at least 2 members'],
    ['user_data delivery', existing({ delivery: 'user-data' }), 'delivery', 'must be cloud-assistant with existing instances'],
    ['a deployment set', existing({ deploymentSet: { id: 'ds-1' } }), 'deploymentSet', 'must not be set with existing instances'],
    ['ENI members', existing({ networkInterfaces: {} }), 'networkInterfaces', 'must not be set with existing instances'],
    ['11 members', existing({ nodes: Array.from({ length: 11 }, (_, i) => ({ privateIp: `192.168.0.${30 + i}`, instanceId: `i-x${i}` })) }), 'nodes', 'at most 10 members'],
  ])('%s', (_name, props, prop, rule) => {
    expect(errors(validateClusterProps(props, fakeIsToken))).toContainEqual(expect.objectContaining({ prop, rule: expect.stringContaining(rule) }));
  });
});
