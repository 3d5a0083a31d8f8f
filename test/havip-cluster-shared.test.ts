// HaVipCluster with several HaVips on one member set, and with existing instances as members.
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AlicloudProvider, HaVipCluster, HaVipClusterProps, Instance } from '../lib';
import { renderConfigureScript } from '../lib/member-scripts';
import { havipAddressPlaceholder } from '../lib/keepalived-conf';
import { checkAgainstSchema } from './support/schema-check';
import { validationErrorOf } from './support/errors';
import { keepalivedConfigTest, testWithKeepalived } from './support/keepalived-config-test';
import { ref, resourcesOf, synthJson } from './support/synth';

const INSTANCE = { instanceType: 'ecs.e-c1m1.large', imageId: 'aliyun_3_x64_20G_alibase_20221102.vhd' };
const CURL = '/usr/bin/curl -fsS -o /dev/null http://127.0.0.1:8000/';

/** Two HaVips on two members, each preferring one: the active-active pair. */
export const TWO_HAVIP_PROPS: HaVipClusterProps = {
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
  instance: INSTANCE,
  keepalived: { preempt: true, authPass: 'k33p4liv', healthCheck: { script: CURL } },
};

/** Two existing instances carrying the guide's HaVip. */
export const EXISTING_PROPS: HaVipClusterProps = {
  vpcId: 'vpc-1',
  vswitchId: 'vsw-1',
  vswitchCidrBlock: '192.168.0.0/24',
  havip: { ipAddress: '192.168.0.24' },
  nodes: [
    { privateIp: '192.168.0.25', priority: 150, instanceId: 'i-bp67acfmxazb4p0001' },
    { privateIp: '192.168.0.26', priority: 50, instanceId: 'i-bp67acfmxazb4p0002' },
  ],
  keepalived: { virtualRouterId: 61 },
  ingress: [{ protocol: 'tcp', port: 8000, sourceCidr: '192.168.0.0/24' }],
};

function build(...clusters: [string, HaVipClusterProps][]) {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
  const built = clusters.map(([id, props]) => new HaVipCluster(stack, id, props));
  return { stack, clusters: built };
}

function decode(content: unknown): string {
  return Buffer.from(String(content), 'base64').toString('utf8');
}

describe('several HaVips on one member set', () => {
  const { stack, clusters } = build(['gw', TWO_HAVIP_PROPS]);
  const [cluster] = clusters;
  const doc = synthJson(stack);

  test('one alicloud_havip per entry, and every member attached to each', () => {
    expect(cluster.havips.map((h) => doc.resource.alicloud_havip[h.friendlyUniqueId])).toEqual([
      { vswitch_id: 'vsw-1', ip_address: '192.168.0.24', ha_vip_name: 'web' },
      { vswitch_id: 'vsw-1', ip_address: '192.168.0.23', ha_vip_name: 'api' },
    ]);
    expect(cluster.havips).toHaveLength(2);
    expect(cluster.havipIpAddresses).toEqual(['192.168.0.24', '192.168.0.23']);
    expect(cluster.virtualRouterIds).toEqual([51, 52]);
    const attachments = resourcesOf(doc, 'alicloud_havip_attachment');
    expect(attachments).toHaveLength(4);
    for (const member of cluster.members) {
      expect(member.attachments.map((a) => doc.resource.alicloud_havip_attachment[a.friendlyUniqueId].ha_vip_id)).toEqual(cluster.havips.map((h) => ref(h, 'id')));
    }
    expect(attachments.map((a) => [a.ha_vip_id, a.instance_id])).toEqual(
      expect.arrayContaining(
        cluster.instances.flatMap((instance) => cluster.havips.map((havip) => [ref(havip, 'id'), ref(instance, 'id')])),
      ),
    );
  });

  test("each member's configure command delivers one keepalived.conf with both instances, one shared check", () => {
    cluster.members.forEach((member, i) => {
      const content = decode(doc.resource.alicloud_ecs_command[member.configureCommand!.friendlyUniqueId].command_content);
      expect(content).toBe(
        // Settle: priorities 150 and 50 at advert 1 s: ceil(3 + 206/256 + 1) = 5 s.
        renderConfigureScript({ keepalivedConfig: cluster.keepalivedConfigs[i], healthChecks: [{ path: '/etc/keepalived/havip-health-check.sh', command: CURL }], scriptUser: 'root' }, 5),
      );
      expect(cluster.keepalivedConfigs[i].match(/^vrrp_instance /gm)).toEqual(['vrrp_instance ', 'vrrp_instance ']);
      expect(cluster.keepalivedConfigs[i].match(/^vrrp_script /gm)).toHaveLength(1);
    });
    // Member 1 is MASTER of the first HaVip, member 2 of the second.
    expect(cluster.keepalivedConfigs[0]).toMatch(/vrrp_instance VI_1 \{\n    state MASTER\n[\s\S]*vrrp_instance VI_2 \{\n    state BACKUP\n/);
    expect(cluster.keepalivedConfigs[1]).toMatch(/vrrp_instance VI_1 \{\n    state BACKUP\n[\s\S]*vrrp_instance VI_2 \{\n    state MASTER\n/);
  });

  test('fits the provider schema', () => {
    expect(checkAgainstSchema(JSON.stringify(doc))).toEqual([]);
  });

  testWithKeepalived('every member config passes real keepalived --config-test', () => {
    for (const config of cluster.keepalivedConfigs) expect(keepalivedConfigTest(config)).toEqual({ exitCode: 0, output: expect.any(String) });
  });

  test('allocated addresses reach the configure command through one replace() per HaVip, from the HaVip resources', () => {
    const { stack: allocated, clusters: [c] } = build(['gw', { ...TWO_HAVIP_PROPS, havips: [{ virtualRouterId: 51 }, { virtualRouterId: 52 }] }]);
    const d = synthJson(allocated);
    const content = String(d.resource.alicloud_ecs_command[c.members[0].configureCommand!.friendlyUniqueId].command_content);
    const match = /^\$\{base64encode\(replace\(replace\(base64decode\("([A-Za-z0-9+/=]+)"\), "(@@[A-Z_0-9]+@@)", ([\w.-]+)\), "(@@[A-Z_0-9]+@@)", ([\w.-]+)\)\)\}$/.exec(content);
    expect(match).not.toBeNull();
    const [, script, first, firstRef, second, secondRef] = match!;
    expect([first, firstRef, second, secondRef]).toEqual([
      havipAddressPlaceholder(0),
      `alicloud_havip.${c.havips[0].friendlyUniqueId}.ip_address`,
      havipAddressPlaceholder(1),
      `alicloud_havip.${c.havips[1].friendlyUniqueId}.ip_address`,
    ]);
    expect(decode(script)).toContain('        @@HAVIP_IP_ADDRESS@@\n');
    expect(decode(script)).toContain('        @@HAVIP_IP_ADDRESS_2@@\n');
    expect(checkAgainstSchema(JSON.stringify(d))).toEqual([]);
  });
});

describe('one HaVip written as havips', () => {
  test('synthesizes exactly what havip + keepalived.virtualRouterId does: moving to havips changes no resource', () => {
    const single: HaVipClusterProps = { ...TWO_HAVIP_PROPS, havips: undefined, havip: { ipAddress: '192.168.0.24', name: 'web' }, keepalived: { ...TWO_HAVIP_PROPS.keepalived, virtualRouterId: 51 } };
    const asList: HaVipClusterProps = { ...TWO_HAVIP_PROPS, havips: [TWO_HAVIP_PROPS.havips![0]] };
    const a = Testing.synth(build(['gw', single]).stack);
    const b = Testing.synth(build(['gw', asList]).stack);
    expect(b).toBe(a);
  });

  test('several HaVips without preempt: a synth warning', () => {
    const { clusters: [c] } = build(['gw', { ...TWO_HAVIP_PROPS, keepalived: { authPass: 'k33p4liv' } }]);
    const warnings = c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining('stack/gw: keepalived.preempt = false: with 2 HaVips each prefers a different member only with preempt: true')]);
  });
});

describe('existing instances as members', () => {
  const { stack, clusters } = build(['web', EXISTING_PROPS]);
  const [cluster] = clusters;
  const doc = synthJson(stack);

  test('creates no instance and no deployment set; attaches the HaVip to the given ids', () => {
    expect(resourcesOf(doc, 'alicloud_instance')).toEqual([]);
    expect(resourcesOf(doc, 'alicloud_ecs_deployment_set')).toEqual([]);
    expect(cluster.instances).toEqual([]);
    expect(resourcesOf(doc, 'alicloud_havip_attachment').map((a) => a.instance_id)).toEqual(['i-bp67acfmxazb4p0001', 'i-bp67acfmxazb4p0002']);
  });

  test('configures and starts keepalived on them through Cloud Assistant: configure then start in priority order, no settle', () => {
    const invocations = doc.resource.alicloud_ecs_invocation;
    const [first, second] = cluster.members;
    expect(first.settle).toBeUndefined();
    expect(invocations[first.configure!.friendlyUniqueId]).toMatchObject({ instance_id: ['i-bp67acfmxazb4p0001'] });
    expect(invocations[first.configure!.friendlyUniqueId].lifecycle).toBeUndefined();
    expect(invocations[second.start!.friendlyUniqueId]).toMatchObject({
      instance_id: ['i-bp67acfmxazb4p0002'],
      depends_on: [
        `alicloud_ecs_invocation.${first.configure!.friendlyUniqueId}`,
        `alicloud_ecs_invocation.${second.configure!.friendlyUniqueId}`,
        `alicloud_ecs_invocation.${first.start!.friendlyUniqueId}`,
      ],
    });
    expect(Object.keys(invocations)).toHaveLength(4);
  });

  test('the configure command installs keepalived when the instance has none, and keeps a foreign keepalived.conf once', () => {
    const content = decode(doc.resource.alicloud_ecs_command[cluster.members[0].configureCommand!.friendlyUniqueId].command_content);
    expect(content).toContain('if ! command -v keepalived >/dev/null 2>&1; then\n    if command -v dnf >/dev/null 2>&1; then\n        dnf install -y keepalived\n');
    expect(content).toContain('    cp -p /etc/keepalived/keepalived.conf /etc/keepalived/keepalived.conf.before-havip\n');
  });

  test('says at synth that it takes keepalived over and which security group rules the user adds', () => {
    const infos = cluster.node.metadata.filter((m) => m.type === '@cdktf/info' && String(m.data).includes('nodes[].instanceId'));
    expect(infos).toHaveLength(1);
    expect(infos[0].data).toContain('takes over keepalived on these instances');
    expect(infos[0].data).toContain("add this cluster's security group to each");
  });

  test('fits the provider schema', () => {
    expect(checkAgainstSchema(JSON.stringify(doc))).toEqual([]);
  });

  test('instance ids may be tokens (another stack\'s instances)', () => {
    const stack2 = new TerraformStack(Testing.app(), 'tokens');
    new AlicloudProvider(stack2, 'alicloud', { region: 'cn-hangzhou' });
    const ids = [new TerraformVariable(stack2, 'a', { type: 'string' }), new TerraformVariable(stack2, 'b', { type: 'string' })];
    const c = new HaVipCluster(stack2, 'web', { ...EXISTING_PROPS, nodes: EXISTING_PROPS.nodes.map((n, i) => ({ ...n, instanceId: ids[i].stringValue })) });
    const d = synthJson(stack2);
    expect(resourcesOf(d, 'alicloud_havip_attachment').map((a) => a.instance_id)).toEqual(['${var.a}', '${var.b}']);
    expect(c.members.every((m) => m.instance === undefined)).toBe(true);
  });
});

describe('app-wide checks count every HaVip of a member set', () => {
  test("one vSwitch: an existing instance of the app in another vSwitch than the HaVip's is an error", () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
    const elsewhere = new Instance(stack, 'elsewhere', { vswitchId: 'vsw-2', instanceType: INSTANCE.instanceType, imageId: INSTANCE.imageId });
    new HaVipCluster(stack, 'web', { ...EXISTING_PROPS, nodes: [{ ...EXISTING_PROPS.nodes[0], instanceId: elsewhere.id }, EXISTING_PROPS.nodes[1]] });
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.message).toContain(`instanceId = "\${alicloud_instance.elsewhere.id}": is in vSwitch vsw-2, not in the HaVip's vSwitch vsw-1`);
  });

  test('router ids: a cluster may not reuse a router id another cluster uses for its second HaVip', () => {
    const { stack } = build(['gw', TWO_HAVIP_PROPS], ['web', { ...EXISTING_PROPS, nodes: EXISTING_PROPS.nodes.map((n, i) => ({ ...n, privateIp: `192.168.0.${45 + i}` })), keepalived: { virtualRouterId: 52 } }]);
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.message).toContain('stack/web: keepalived.virtualRouterId = 52: must differ from stack/gw, a cluster in the same VPC vpc-1');
  });

  test('HaVips per ECS instance: three HaVips on existing instances twice is six on each instance, more than 5', () => {
    const three = { havips: [51, 52, 53].map((v) => ({ virtualRouterId: v })), keepalived: { preempt: true } };
    const other = { havips: [61, 62, 63].map((v) => ({ virtualRouterId: v })), keepalived: { preempt: true } };
    const { havip: _h, ...base } = EXISTING_PROPS;
    const { stack } = build(['a', { ...base, ...three }], ['b', { ...base, ...other }]);
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.message).toContain('instanceId = "i-bp67acfmxazb4p0001": is a member of 6 HaVips; at most 5 per ECS instance');
  });

  test('HaVips per VPC and per account count each HaVip of a member set', () => {
    const { stack } = build(['gw', { ...TWO_HAVIP_PROPS, limits: { haVipsPerVpc: 3 } }], ['gw2', { ...TWO_HAVIP_PROPS, havips: [{ virtualRouterId: 71 }, { virtualRouterId: 72 }], nodes: [{ privateIp: '192.168.0.35' }, { privateIp: '192.168.0.36' }], limits: { haVipsPerVpc: 3 } }]);
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.message).toContain('vpcId = "vpc-1": has 4 HaVips in this app; at most 3 per VPC');
  });
});
