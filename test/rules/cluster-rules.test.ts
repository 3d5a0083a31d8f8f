import { validateClusterProps } from '../../lib/rules/cluster-rules';
import type { Finding } from '../../lib/rules/finding';
import { GUIDE_PROPS } from '../support/guide-props';

const literal = () => false;
/** A token stand-in: strings starting with TOKEN: and the number -1.8e289 (as cdktf encodes number tokens). */
const TOKEN_NUMBER = -1.8881545897087626e289;
const fakeIsToken = (v: unknown) => (typeof v === 'string' && v.startsWith('${TOKEN')) || v === TOKEN_NUMBER;

function withProps(patch: Record<string, unknown>): unknown {
  return { ...GUIDE_PROPS, ...patch };
}
function withKeepalived(patch: Record<string, unknown>): unknown {
  return withProps({ keepalived: { ...GUIDE_PROPS.keepalived, ...patch } });
}
function errors(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.level === 'error');
}

describe('validateClusterProps', () => {
  test('the guide example passes with no finding at all', () => {
    expect(validateClusterProps(GUIDE_PROPS, literal)).toEqual([]);
  });

  test('the minimal props of the issue pass', () => {
    const props = {
      vpcId: 'vpc-1',
      vswitchId: 'vsw-1',
      nodes: [{ privateIp: '10.0.0.5' }, { privateIp: '10.0.0.6' }],
      instance: { instanceType: 'ecs.g7.large', imageId: 'img' },
      keepalived: { virtualRouterId: 1 },
    };
    expect(validateClusterProps(props, literal)).toEqual([]);
  });

  test.each<[string, unknown, string, string]>([
    ['props not an object', 42, 'props', 'must be an object, got number'],
    ['props null', null, 'props', 'must be an object, got null'],
    ['unknown top-level prop', withProps({ vswitchCIDR: '1' }), 'vswitchCIDR', 'is not a known prop'],
    ['missing vpcId', withProps({ vpcId: undefined }), 'vpcId', 'is required'],
    ['vpcId with a space', withProps({ vpcId: 'vpc 1' }), 'vpcId', 'no whitespace'],
    ['vswitchId not a string', withProps({ vswitchId: 7 }), 'vswitchId', 'must be a string, got number'],
    ['vswitch CIDR not canonical', withProps({ vswitchCidrBlock: '192.168.0.1/24' }), 'vswitchCidrBlock', 'did you mean 192.168.0.0/24'],
    ['vswitch mask too wide', withProps({ vswitchCidrBlock: '10.0.0.0/8' }), 'vswitchCidrBlock', 'mask length from 16 to 29'],
    ['vswitch CIDR IPv6', withProps({ vswitchCidrBlock: 'fd00::/64' }), 'vswitchCidrBlock', 'IPv6 is not supported'],
    ['HaVip IPv6', withProps({ havip: { ipAddress: 'fd00::1' } }), 'havip.ipAddress', 'HaVip supports only IPv4'],
    ['HaVip outside vSwitch', withProps({ havip: { ipAddress: '192.168.1.24' } }), 'havip.ipAddress', 'must lie inside the vSwitch CIDR block 192.168.0.0/24'],
    ['HaVip on the network address', withProps({ havip: { ipAddress: '192.168.0.0' } }), 'havip.ipAddress', 'is reserved'],
    ['HaVip on .253', withProps({ havip: { ipAddress: '192.168.0.253' } }), 'havip.ipAddress', 'is reserved'],
    ['HaVip equals a node', withProps({ havip: { ipAddress: '192.168.0.25' } }), 'nodes[0].privateIp', 'must differ from havip.ipAddress'],
    ['HaVip unknown key', withProps({ havip: { ip: '1.2.3.4' } }), 'havip.ip', 'is not a known prop'],
    ['HaVip name with newline', withProps({ havip: { name: 'a\nb' } }), 'havip.name', 'found newline (U+000A)'],
    ['HaVip name a URL', withProps({ havip: { name: 'http://x' } }), 'havip.name', 'must not start with http://'],
    ['HaVip description of 1 char', withProps({ havip: { description: 'x' } }), 'havip.description', 'must be 2 to 256 characters'],
    ['nodes missing', withProps({ nodes: undefined }), 'nodes', 'is required'],
    ['nodes not an array', withProps({ nodes: {} }), 'nodes', 'must be an array, got object'],
    ['one node', withProps({ nodes: [{ privateIp: '192.168.0.25' }] }), 'nodes', 'at least 2 members'],
    ['11 nodes', withProps({ nodes: Array.from({ length: 11 }, (_, i) => ({ privateIp: `192.168.0.${30 + i}` })) }), 'nodes', 'at most 10 members'],
    ['node null', withProps({ nodes: [null, { privateIp: '192.168.0.26' }] }), 'nodes[0]', 'must be an object, got null'],
    ['node IP missing', withProps({ nodes: [{}, { privateIp: '192.168.0.26' }] }), 'nodes[0].privateIp', 'is required'],
    ['node IP shorthand', withProps({ nodes: [{ privateIp: '10.1' }, { privateIp: '192.168.0.26' }] }), 'nodes[0].privateIp', 'must be an IPv4 address'],
    ['node IP leading zero', withProps({ nodes: [{ privateIp: '192.168.0.025' }, { privateIp: '192.168.0.26' }] }), 'nodes[0].privateIp', 'must be an IPv4 address'],
    ['node IP token', withProps({ nodes: [{ privateIp: '${TOKEN[1]}' }, { privateIp: '192.168.0.26' }] }), 'nodes[0].privateIp', 'must be a literal'],
    ['nodes share an IP', withProps({ nodes: [{ privateIp: '192.168.0.26' }, { privateIp: '192.168.0.26' }] }), 'nodes[1].privateIp', 'must differ from nodes[0].privateIp'],
    ['node on broadcast', withProps({ nodes: [{ privateIp: '192.168.0.255' }, { privateIp: '192.168.0.26' }] }), 'nodes[0].privateIp', 'is reserved'],
    ['priority 0', withProps({ nodes: [{ privateIp: '192.168.0.25', priority: 0 }, { privateIp: '192.168.0.26' }] }), 'nodes[0].priority', 'from 1 to 254'],
    ['priority 255', withProps({ nodes: [{ privateIp: '192.168.0.25', priority: 255 }, { privateIp: '192.168.0.26' }] }), 'nodes[0].priority', 'from 1 to 254'],
    ['priority 1.5', withProps({ nodes: [{ privateIp: '192.168.0.25', priority: 1.5 }, { privateIp: '192.168.0.26' }] }), 'nodes[0].priority', 'must be an integer'],
    ['priority string', withProps({ nodes: [{ privateIp: '192.168.0.25', priority: '100' }, { privateIp: '192.168.0.26' }] }), 'nodes[0].priority', 'got string'],
    ['priority equals a default', withProps({ nodes: [{ privateIp: '192.168.0.25' }, { privateIp: '192.168.0.26', priority: 100 }] }), 'nodes[1].priority', 'must differ from nodes[0]'],
    ['node name with space', withProps({ nodes: [{ privateIp: '192.168.0.25', name: 'a b' }, { privateIp: '192.168.0.26' }] }), 'nodes[0].name', 'must start with a letter'],
    ['node name of 1 char', withProps({ nodes: [{ privateIp: '192.168.0.25', name: 'a' }, { privateIp: '192.168.0.26' }] }), 'nodes[0].name', '2 to 128 characters'],
    ['node name over 128 bytes', withProps({ nodes: [{ privateIp: '192.168.0.25', name: '中'.repeat(50) }, { privateIp: '192.168.0.26' }] }), 'nodes[0].name', 'at most 128 bytes'],
    ['instance missing', withProps({ instance: undefined }), 'instance', 'is required'],
    ['instanceType missing', withProps({ instance: { imageId: 'x' } }), 'instance.instanceType', 'is required'],
    ['disk category typo', withProps({ instance: { ...GUIDE_PROPS.instance, systemDiskCategory: 'essd' } }), 'instance.systemDiskCategory', 'must be one of'],
    ['charge type lowercase', withProps({ instance: { ...GUIDE_PROPS.instance, instanceChargeType: 'postpaid' } }), 'instance.instanceChargeType', 'must be one of PrePaid, PostPaid'],
    ['spot on PrePaid', withProps({ instance: { ...GUIDE_PROPS.instance, instanceChargeType: 'PrePaid' } }), 'instance.spotStrategy', 'only applies to PostPaid'],
    ['price limit without its strategy', withProps({ instance: { ...GUIDE_PROPS.instance, spotStrategy: 'NoSpot', spotPriceLimit: 0.5 } }), 'instance.spotPriceLimit', 'only applies with spotStrategy SpotWithPriceLimit'],
    ['namePrefix with a quote', withProps({ instance: { ...GUIDE_PROPS.instance, namePrefix: "web'" } }), 'instance.namePrefix', 'must start with a letter'],
    ['tag value with CR', withProps({ instance: { ...GUIDE_PROPS.instance, tags: { env: 'a\rb' } } }), 'instance.tags["env"]', 'carriage return'],
    ['tag key aliyun', withProps({ instance: { ...GUIDE_PROPS.instance, tags: { aliyunx: 'v' } } }), 'instance.tags["aliyunx"]', 'must not start with aliyun'],
    ['security group ids not a list', withProps({ instance: { ...GUIDE_PROPS.instance, securityGroupIds: 'sg-1' } }), 'instance.securityGroupIds', 'must be an array'],
    ['keepalived missing', withProps({ keepalived: undefined }), 'keepalived', 'is required'],
    ['vrid missing', withKeepalived({ virtualRouterId: undefined }), 'keepalived.virtualRouterId', 'is required'],
    ['vrid 256', withKeepalived({ virtualRouterId: 256 }), 'keepalived.virtualRouterId', 'from 1 to 255'],
    ['vrid NaN', withKeepalived({ virtualRouterId: NaN }), 'keepalived.virtualRouterId', 'must be an integer'],
    ['vrid token', withKeepalived({ virtualRouterId: TOKEN_NUMBER }), 'keepalived.virtualRouterId', 'must be a literal'],
    ['advertInt 0', withKeepalived({ advertInt: 0 }), 'keepalived.advertInt', 'from 1 to 255'],
    ['advertInt fraction', withKeepalived({ advertInt: 0.5 }), 'keepalived.advertInt', 'must be an integer'],
    ['preempt a string', withKeepalived({ preempt: 'yes' }), 'keepalived.preempt', 'must be true or false'],
    ['preemptDelay without preempt', withKeepalived({ preemptDelay: 10 }), 'keepalived.preemptDelay', 'only applies with preempt: true'],
    ['preemptDelay 1001', withKeepalived({ preempt: true, preemptDelay: 1001 }), 'keepalived.preemptDelay', 'from 0 to 1000'],
    ['interface too long', withKeepalived({ interface: 'a'.repeat(16) }), 'keepalived.interface', 'must be a network interface name'],
    ['interface ..', withKeepalived({ interface: '..' }), 'keepalived.interface', 'not "." or ".."'],
    ['interface with slash', withKeepalived({ interface: 'eth0/1' }), 'keepalived.interface', 'must be a network interface name'],
    ['authPass empty', withKeepalived({ authPass: '' }), 'keepalived.authPass', 'must not be empty'],
    ['authPass 9 chars', withKeepalived({ authPass: '123456789' }), 'keepalived.authPass', 'uses only the first 8'],
    ['authPass brace', withKeepalived({ authPass: 'ab}c' }), 'keepalived.authPass', 'without whitespace, quotes, braces'],
    ['authPass hash', withKeepalived({ authPass: 'ab#c' }), 'keepalived.authPass', 'without whitespace, quotes, braces'],
    ['authPass NUL', withKeepalived({ authPass: 'a\u0000b' }), 'keepalived.authPass', 'NUL'],
    ['garpMasterDelay -1', withKeepalived({ garpMasterDelay: -1 }), 'keepalived.garpMasterDelay', 'from 0 to 4294'],
    ['garpMasterRefresh 4295', withKeepalived({ garpMasterRefresh: 4295 }), 'keepalived.garpMasterRefresh', 'from 0 to 4294'],
    ['track own interface', withKeepalived({ trackInterfaces: ['eth0'] }), 'keepalived.trackInterfaces[0]', 'must not be the VRRP interface itself'],
    ['track bad name', withKeepalived({ trackInterfaces: ['eth 1'] }), 'keepalived.trackInterfaces[0]', 'must be a network interface name'],
    ['track twice', withKeepalived({ trackInterfaces: ['eth1', 'eth1'] }), 'keepalived.trackInterfaces[1]', 'must not repeat'],
    ['health check without script', withKeepalived({ healthCheck: {} }), 'keepalived.healthCheck.script', 'is required'],
    ['script relative', withKeepalived({ healthCheck: { script: 'curl http://x' } }), 'keepalived.healthCheck.script', 'must start with an absolute path'],
    ['script with newline', withKeepalived({ healthCheck: { script: '/bin/true\nrm -rf /' } }), 'keepalived.healthCheck.script', 'newline'],
    ['script with NUL', withKeepalived({ healthCheck: { script: '/bin/true\u0000' } }), 'keepalived.healthCheck.script', 'NUL'],
    ['script with the heredoc delimiter', withKeepalived({ healthCheck: { script: '/bin/echo HAVIP_HEALTH_CHECK_END' } }), 'keepalived.healthCheck.script', 'markers the boot script reserves'],
    ['script with the address placeholder', withKeepalived({ healthCheck: { script: '/bin/ping -c1 @@HAVIP_IP_ADDRESS@@' } }), 'keepalived.healthCheck.script', 'markers the boot script reserves'],
    ['HaVip name with a Terraform template', withProps({ havip: { name: '${var.x}' } }), 'havip.name', 'Terraform would read a template sequence'],
    ['tag with a Terraform directive', withProps({ instance: { ...GUIDE_PROPS.instance, tags: { a: '%{if true}x%{endif}' } } }), 'instance.tags["a"]', 'Terraform would read a template sequence'],
    ['script too long', withKeepalived({ healthCheck: { script: `/bin/true ${'a'.repeat(1000)}` } }), 'keepalived.healthCheck.script', '1 to 1000 characters'],
    ['interval 0', withKeepalived({ healthCheck: { script: '/bin/true', interval: 0 } }), 'keepalived.healthCheck.interval', 'from 1 to 4294'],
    ['timeout 4295', withKeepalived({ healthCheck: { script: '/bin/true', timeout: 4295 } }), 'keepalived.healthCheck.timeout', 'from 1 to 4294'],
    ['fall 0', withKeepalived({ healthCheck: { script: '/bin/true', fall: 0 } }), 'keepalived.healthCheck.fall', 'from 1 to 2147483647'],
    ['rise -1', withKeepalived({ healthCheck: { script: '/bin/true', rise: -1 } }), 'keepalived.healthCheck.rise', 'from 1 to 2147483647'],
    ['weight 254', withKeepalived({ healthCheck: { script: '/bin/true', weight: 254 } }), 'keepalived.healthCheck.weight', 'from -253 to 253'],
    ['ingress not a list', withProps({ ingress: { protocol: 'tcp' } }), 'ingress', 'must be an array'],
    ['protocol uppercase', withProps({ ingress: [{ protocol: 'TCP', port: 80, sourceCidr: '10.0.0.0/8' }] }), 'ingress[0].protocol', 'write "tcp"'],
    ['protocol vrrp', withProps({ ingress: [{ protocol: 'vrrp', sourceCidr: '10.0.0.0/8' }] }), 'ingress[0].protocol', 'must be one of tcp, udp, icmp, icmpv6, gre, all'],
    ['tcp without port', withProps({ ingress: [{ protocol: 'tcp', sourceCidr: '10.0.0.0/8' }] }), 'ingress[0].port', 'is required for tcp and udp'],
    ['port 0', withProps({ ingress: [{ protocol: 'udp', port: 0, sourceCidr: '10.0.0.0/8' }] }), 'ingress[0].port', 'from 1 to 65535'],
    ['port 65536', withProps({ ingress: [{ protocol: 'tcp', fromPort: 1, toPort: 65536, sourceCidr: '10.0.0.0/8' }] }), 'ingress[0].toPort', 'from 1 to 65535'],
    ['from above to', withProps({ ingress: [{ protocol: 'tcp', fromPort: 90, toPort: 80, sourceCidr: '10.0.0.0/8' }] }), 'ingress[0].toPort', 'must not be below fromPort (90)'],
    ['port and range', withProps({ ingress: [{ protocol: 'tcp', port: 80, fromPort: 80, sourceCidr: '10.0.0.0/8' }] }), 'ingress[0].port', 'either port or fromPort/toPort'],
    ['icmp with port', withProps({ ingress: [{ protocol: 'icmp', port: 8, sourceCidr: '10.0.0.0/8' }] }), 'ingress[0].port', 'only tcp and udp have ports'],
    ['no source', withProps({ ingress: [{ protocol: 'all' }] }), 'ingress[0].sourceCidr', 'is required'],
    ['source not canonical', withProps({ ingress: [{ protocol: 'all', sourceCidr: '192.168.0.1/24' }] }), 'ingress[0].sourceCidr', 'did you mean 192.168.0.0/24'],
    ['source without mask', withProps({ ingress: [{ protocol: 'all', sourceCidr: '192.168.0.1' }] }), 'ingress[0].sourceCidr', 'must be an IPv4 CIDR block'],
    ['duplicate ingress', withProps({ ingress: [{ protocol: 'tcp', port: 80, sourceCidr: '10.0.0.0/8' }, { protocol: 'tcp', fromPort: 80, sourceCidr: '10.0.0.0/8' }] }), 'ingress[1]', 'must not repeat ingress[0]'],
    ['description with newline', withProps({ ingress: [{ protocol: 'all', sourceCidr: '10.0.0.0/8', description: 'a\nb' }] }), 'ingress[0].description', 'newline'],
    ['eip both ways', withProps({ eip: { allocationId: 'eip-1', bandwidth: 5 } }), 'eip.bandwidth', 'must not be set with allocationId'],
    ['eip bandwidth 0', withProps({ eip: { bandwidth: 0 } }), 'eip.bandwidth', 'from 1 to'],
    ['eip isp typo', withProps({ eip: { isp: 'bgp' } }), 'eip.isp', 'must be one of BGP'],
    ['eip payment typo', withProps({ eip: { paymentType: 'Monthly' } }), 'eip.paymentType', 'must be one of'],
    ['limits not an object', withProps({ limits: 5 }), 'limits', 'must be an object'],
    ['limit unknown', withProps({ limits: { havipsPerVpc: 5 } }), 'limits.havipsPerVpc', 'is not a known limit'],
    ['limit zero', withProps({ limits: { haVipsPerVpc: 0 } }), 'limits.haVipsPerVpc', 'must be a positive integer'],
    ['members limit 1', withProps({ limits: { membersPerHaVip: 1 } }), 'limits.membersPerHaVip', 'at least 2'],
  ])('%s', (_name, props, prop, rule) => {
    const found = errors(validateClusterProps(props, fakeIsToken));
    expect(found).toContainEqual(expect.objectContaining({ prop, rule: expect.stringContaining(rule) }));
    for (const f of found) expect(f.source).not.toHaveLength(0);
  });

  test('a raised member limit allows 12 nodes and then flags the default priority 0', () => {
    const nodes = Array.from({ length: 12 }, (_, i) => ({ privateIp: `192.168.0.${30 + i}` }));
    const found = errors(validateClusterProps(withProps({ nodes, limits: { membersPerHaVip: 12 } }), literal));
    expect(found.map((f) => f.prop)).toEqual(['nodes[10].priority', 'nodes[11].priority']);
    expect(found[0].rule).toContain('the default for node 11 would be 0');
    expect(found[0].source).toContain('keepalived.conf(5): priority');
  });

  test('10 nodes with default priorities (100 down to 10) pass', () => {
    const nodes = Array.from({ length: 10 }, (_, i) => ({ privateIp: `192.168.0.${30 + i}` }));
    expect(errors(validateClusterProps(withProps({ nodes }), literal))).toEqual([]);
  });

  test('a member limit above the default names it as an override in the source', () => {
    const nodes = Array.from({ length: 4 }, (_, i) => ({ privateIp: `192.168.0.${30 + i}` }));
    const found = errors(validateClusterProps(withProps({ nodes, limits: { membersPerHaVip: 3 } }), literal));
    expect(found).toEqual([
      expect.objectContaining({ prop: 'nodes', value: 4, source: expect.stringContaining('limits.membersPerHaVip = 3 (overrides') }),
    ]);
  });

  test('a non-zero weight without preempt is a warning, with preempt nothing', () => {
    const weighted = { script: '/bin/true', weight: -20 };
    expect(validateClusterProps(withKeepalived({ healthCheck: weighted }), literal)).toEqual([
      expect.objectContaining({ level: 'warning', prop: 'keepalived.healthCheck.weight', value: -20 }),
    ]);
    expect(validateClusterProps(withKeepalived({ healthCheck: weighted, preempt: true }), literal)).toEqual([]);
  });

  test('a health check command keeps its shell syntax (it runs from a script file)', () => {
    const script = `/bin/sh -c 'curl -fsS "http://127.0.0.1:$PORT/" | grep -q ok' # \${HOME}`;
    expect(validateClusterProps(withKeepalived({ healthCheck: { script } }), literal)).toEqual([]);
  });

  test('0.0.0.0/0 is a warning, not an error', () => {
    const found = validateClusterProps(withProps({ ingress: [{ protocol: 'tcp', port: 443, sourceCidr: '0.0.0.0/0' }] }), literal);
    expect(found).toEqual([
      expect.objectContaining({ level: 'warning', prop: 'ingress[0].sourceCidr', rule: 'opens tcp 443/443 to the whole internet' }),
    ]);
  });

  test('tokens skip literal-only checks with an info and never fail', () => {
    const props = withProps({
      vpcId: '${TOKEN[1]}',
      vswitchId: '${TOKEN[2]}',
      vswitchCidrBlock: '${TOKEN[3]}',
      havip: { ipAddress: '${TOKEN[4]}', name: '${TOKEN[5]}' },
      ingress: [{ protocol: 'tcp', port: TOKEN_NUMBER, sourceCidr: '${TOKEN[6]}' }],
      eip: { bandwidth: TOKEN_NUMBER },
    });
    const found = validateClusterProps(props, fakeIsToken);
    expect(errors(found)).toEqual([]);
    expect(found.map((f) => f.prop).sort()).toEqual(
      ['eip.bandwidth', 'havip.ipAddress', 'havip.name', 'ingress[0].port', 'ingress[0].sourceCidr', 'vpcId', 'vswitchCidrBlock', 'vswitchId'].sort(),
    );
    expect(found.every((f) => f.level === 'info' && f.rule.includes('skipped until apply'))).toBe(true);
  });

  test('a throwing isToken and hostile getters never throw', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    expect(() => validateClusterProps(hostile, () => { throw new Error('x'); })).not.toThrow();
    expect(() => validateClusterProps(withProps({ nodes: [hostile, hostile] }), literal)).not.toThrow();
  });

  test('every rule of several bad props is reported in one run', () => {
    const found = errors(validateClusterProps(withProps({ vpcId: '', nodes: [{ privateIp: 'x' }], keepalived: { virtualRouterId: 0 } }), literal));
    expect(found.map((f) => f.prop)).toEqual(['vpcId', 'nodes', 'nodes[0].privateIp', 'keepalived.virtualRouterId']);
  });

  test('the default name prefix (the construct id) is checked when no namePrefix is given', () => {
    const found = errors(validateClusterProps(GUIDE_PROPS, literal, { defaultNamePrefix: 'my cluster' }));
    expect(found).toEqual([expect.objectContaining({ prop: 'instance.namePrefix (default: the construct id)', value: 'my cluster' })]);
    expect(validateClusterProps(GUIDE_PROPS, literal, { defaultNamePrefix: 'web' })).toEqual([]);
  });
});
