// ENI members and route entries to the HaVip: what HaVipCluster synthesizes for an HA gateway.
import { spawnSync } from 'child_process';
import { TerraformStack, Testing } from 'cdktf';
import { HaGatewayStack } from '../examples/ha-gateway/main';
import { AlicloudProvider, HaVipCluster, type HaVipClusterProps } from '../lib';
import { ENI_INTERFACE_PLACEHOLDER, ENI_MAC_PLACEHOLDER } from '../lib/eni-script';
import { HAVIP_ADDRESS_PLACEHOLDER } from '../lib/keepalived';
import { checkAgainstSchema } from './support/schema-check';
import { GUIDE_PROPS } from './support/guide-props';
import { ENI_CONFIGURE_TIMEOUT_SECONDS } from '../lib/member-scripts';
import { applySubstitutions, bodyOf, decodeUserData, memberScripts, ref, resourcesOf, synthJson } from './support/synth';

describe('ENI members of an HA gateway (examples/ha-gateway)', () => {
  const stack = new HaGatewayStack(Testing.app(), 'gw');
  const cluster = stack.cluster;
  const doc = synthJson(stack);

  test('fits the provider schema', () => {
    expect(checkAgainstSchema(doc)).toEqual([]);
  });

  test('an ENI per node in the HaVip vSwitch with the node address, the cluster group, source/destination check off', () => {
    expect(cluster.networkInterfaces).toHaveLength(2);
    cluster.networkInterfaces.forEach((eni, i) => {
      expect(bodyOf(doc, eni)).toMatchObject({
        vswitch_id: 'vsw-bp1gwservice0000000001',
        primary_ip_address: ['10.0.0.11', '10.0.0.12'][i],
        security_group_ids: [ref(cluster.securityGroup, 'id')],
        source_dest_check: false,
      });
    });
  });

  test('each ENI attached to its instance; the instance in the management vSwitch with an allocated primary address', () => {
    cluster.instances.forEach((instance, i) => {
      const body = bodyOf(doc, instance)!;
      expect(body.vswitch_id).toBe('vsw-bp1gwmgmt00000000001');
      expect(body.private_ip).toBeUndefined();
      expect(body.source_dest_check).toBeUndefined();
      expect(bodyOf(doc, cluster.networkInterfaceAttachments[i])).toMatchObject({
        instance_id: ref(instance, 'id'),
        network_interface_id: ref(cluster.networkInterfaces[i], 'id'),
      });
    });
  });

  test('the HaVip attached to the ENIs as NetworkInterface, once each ENI is attached to its instance', () => {
    cluster.attachments.forEach((attachment, i) => {
      expect(bodyOf(doc, attachment)).toMatchObject({
        ha_vip_id: ref(cluster.havip, 'id'),
        instance_id: ref(cluster.networkInterfaces[i], 'id'),
        instance_type: 'NetworkInterface',
        depends_on: [`${cluster.networkInterfaceAttachments[i].terraformResourceType}.${cluster.networkInterfaceAttachments[i].friendlyUniqueId}`],
      });
    });
  });

  test('route entries with the HaVip as next hop; forwarded traffic let in from the sources only', () => {
    expect(resourcesOf(doc, 'alicloud_route_entry').map(({ '//': _, ...r }) => r)).toEqual([
      { route_table_id: 'vtb-bp1clients0000000001', destination_cidrblock: '0.0.0.0/0', nexthop_type: 'HaVip', nexthop_id: ref(cluster.havip, 'id'), name: 'egress-default' },
      { route_table_id: 'vtb-bp1clients0000000001', destination_cidrblock: '172.20.0.0/16', nexthop_type: 'HaVip', nexthop_id: ref(cluster.havip, 'id'), name: 'partner' },
    ]);
    const rules = resourcesOf(doc, 'alicloud_security_group_rule');
    expect(rules.filter((r) => r.cidr_ip !== undefined)).toEqual([
      expect.objectContaining({ cidr_ip: '10.0.8.0/22', ip_protocol: 'all', port_range: '-1/-1', type: 'ingress', policy: 'accept' }),
    ]);
  });

  test('0.0.0.0/0 contains the HaVip vSwitch: a warning at synth, naming the loop', () => {
    const warnings = cluster.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining('gateway.routes[0].destinationCidrBlock = "0.0.0.0/0": contains the HaVip\'s vSwitch block 10.0.0.0/24')]);
  });

  test('keepalived runs on the ENI (found at boot) with the ENI address as unicast_src_ip', () => {
    expect(cluster.keepalivedConfigs[0]).toContain(`    interface ${ENI_INTERFACE_PLACEHOLDER}\n`);
    expect(cluster.keepalivedConfigs[0]).toContain('    unicast_src_ip 10.0.0.11\n');
    expect(cluster.keepalivedConfigs[0]).toMatch(/unicast_peer \{\n\s+10\.0\.0\.12\n/);
    expect(cluster.keepalivedConfigs[0]).toMatch(/track_interface \{\n\s+eth0\n/);
  });

  test("each member's configure command gets its ENI's MAC from Terraform, forwards and brings the ENI up before the config test", () => {
    const scripts = memberScripts(doc);
    cluster.members.forEach((member, i) => {
      const eni = cluster.networkInterfaces[i];
      const mine = scripts.find((m) => m.instanceKey === member.instance.friendlyUniqueId)!;
      // user_data stays the static install script: no MAC, no config.
      expect(mine.userData).not.toMatch(/HAVIP_ENI|ip_forward/);
      const configure = mine.configure!;
      expect(configure.substitutions).toEqual([{ placeholder: ENI_MAC_PLACEHOLDER, reference: `${eni.terraformResourceType}.${eni.friendlyUniqueId}.mac` }]);
      const script = applySubstitutions(configure, { [configure.reference!]: `00:16:3e:00:00:0${i + 1}` });
      expect(script).toContain('net.ipv4.ip_forward = 1');
      expect(script).toContain(`\n00:16:3e:00:00:0${i + 1}\nHAVIP_ENI_MAC_END\n`);
      expect(script).toContain(`address=10.0.0.1${i + 1}\nprefix=24\n`);
      expect(script).toContain('echo 2 > "/proc/sys/net/ipv4/conf/$name/rp_filter"');
      const order = ['eni_interface=$(/etc/keepalived/havip-eni.sh 120)', 'systemctl daemon-reload', `sed -i "s/${ENI_INTERFACE_PLACEHOLDER}/$eni_interface/g" "$conf_new"`, 'keepalived --config-test -f "$conf_new"'].map((step) => script.indexOf(step));
      expect(order.every((at) => at >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(spawnSync('sh', ['-n'], { input: script }).status).toBe(0);
    });
  });

  test('the configure invocation waits for the ENI attachment; its timeout covers the wait for the ENI', () => {
    cluster.members.forEach((member, i) => {
      expect(bodyOf(doc, member.configure!)!.depends_on).toEqual([`${cluster.networkInterfaceAttachments[i].terraformResourceType}.${cluster.networkInterfaceAttachments[i].friendlyUniqueId}`]);
      expect(bodyOf(doc, member.configureCommand!)!.timeout).toBe(ENI_CONFIGURE_TIMEOUT_SECONDS);
    });
  });
});

function synth(props: HaVipClusterProps) {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
  const cluster = new HaVipCluster(stack, 'web', props);
  return { cluster, doc: synthJson(stack) };
}

describe('variants', () => {
  const gateway = { routes: [{ routeTableId: 'vtb-1', destinationCidrBlock: '10.99.0.0/24' }], sourceCidrs: ['10.0.1.0/24'] };

  test('ECS members as a gateway: the instance forwards on its primary NIC, no ENI', () => {
    const { cluster, doc } = synth({ ...GUIDE_PROPS, gateway });
    expect(cluster.networkInterfaces).toEqual([]);
    expect(resourcesOf(doc, 'alicloud_ecs_network_interface')).toEqual([]);
    for (const instance of cluster.instances) {
      expect(bodyOf(doc, instance)).toMatchObject({ source_dest_check: false, vswitch_id: GUIDE_PROPS.vswitchId });
      const { configure } = memberScripts(doc).find((m) => m.instanceKey === instance.friendlyUniqueId)!;
      expect(configure!.script).toContain('echo 1 > /proc/sys/net/ipv4/ip_forward');
      expect(configure!.script).not.toContain('havip-eni');
    }
    expect(resourcesOf(doc, 'alicloud_havip_attachment').map((a) => a.instance_type)).toEqual(['EcsInstance', 'EcsInstance']);
    // source_dest_check is ForceNew on alicloud_instance: synth says what adding a gateway later costs.
    const infos = cluster.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => String(m.data));
    expect(infos).toContainEqual(expect.stringContaining('stack/web: gateway = "{...}": turns source/destination check off on the instances'));
    expect(resourcesOf(doc, 'alicloud_route_entry')).toHaveLength(1);
    expect(checkAgainstSchema(doc)).toEqual([]);
  });

  test('ENI members without a gateway, config in user_data: source/destination check left as Alibaba sets it, no forwarding, no routes', () => {
    const { cluster, doc } = synth({ ...GUIDE_PROPS, delivery: 'user-data', keepalived: { ...GUIDE_PROPS.keepalived, interface: undefined }, networkInterfaces: {} });
    expect(bodyOf(doc, cluster.networkInterfaces[0])!.source_dest_check).toBeUndefined();
    expect(bodyOf(doc, cluster.instances[0])!.vswitch_id).toBe(GUIDE_PROPS.vswitchId);
    const { script } = decodeUserData(bodyOf(doc, cluster.instances[0])!.user_data);
    expect(script).not.toContain('ip_forward');
    expect(script).toContain('ExecStartPre=/etc/keepalived/havip-eni.sh 60');
    expect(resourcesOf(doc, 'alicloud_route_entry')).toEqual([]);
    expect(checkAgainstSchema(doc)).toEqual([]);
  });

  test('ENI members and an allocated HaVip address (user_data delivery): Terraform fills in both, the address first', () => {
    const { cluster, doc } = synth({ ...GUIDE_PROPS, delivery: 'user-data', havip: {}, keepalived: { ...GUIDE_PROPS.keepalived, interface: undefined }, networkInterfaces: {} });
    const decoded = decodeUserData(bodyOf(doc, cluster.instances[1])!.user_data);
    expect(decoded.substitutions.map((s) => s.placeholder)).toEqual([HAVIP_ADDRESS_PLACEHOLDER, ENI_MAC_PLACEHOLDER]);
    expect(decoded.substitutions[0].reference).toBe(`${cluster.havip.terraformResourceType}.${cluster.havip.friendlyUniqueId}.ip_address`);
    expect(checkAgainstSchema(doc)).toEqual([]);
  });
});

test('a cluster without ENI members or a gateway never loads their bindings (cold require of the package)', () => {
  const script = `
    const { App, TerraformStack } = require('cdktf');
    const { AlicloudProvider, HaVipCluster } = require('./lib');
    const { GUIDE_PROPS } = require('./test/support/guide-props');
    const stack = new TerraformStack(new App(), 's');
    new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
    new HaVipCluster(stack, 'web', GUIDE_PROPS);
    const loaded = (name) => Object.keys(require.cache).some((f) => f.includes('/alicloud/' + name + '/'));
    console.log(JSON.stringify(['ecs-network-interface', 'ecs-network-interface-attachment', 'route-entry', 'instance'].map(loaded)));`;
  const run = spawnSync(process.execPath, ['-r', './scripts/register.js', '-e', script], { cwd: `${__dirname}/..`, encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual([false, false, false, true]);
}, 60_000);

describe('day 2: adding a gateway to a running cluster', () => {
  const gateway = { routes: [{ routeTableId: 'vtb-1', destinationCidrBlock: '10.99.0.0/24' }], sourceCidrs: ['10.0.1.0/24'] };
  const eniProps: HaVipClusterProps = { ...GUIDE_PROPS, keepalived: { ...GUIDE_PROPS.keepalived, interface: undefined }, networkInterfaces: {} };

  test('ENI members: every instance and ENI stays (source/destination check changes in place); the configure commands carry forwarding', () => {
    const before = synth(eniProps).doc;
    const after = synth({ ...eniProps, gateway }).doc;
    expect(after.resource.alicloud_instance).toEqual(before.resource.alicloud_instance);
    expect(Object.keys(after.resource.alicloud_ecs_network_interface)).toEqual(Object.keys(before.resource.alicloud_ecs_network_interface));
    for (const key of Object.keys(after.resource.alicloud_ecs_network_interface)) {
      const { source_dest_check: was, ...restBefore } = before.resource.alicloud_ecs_network_interface[key];
      const { source_dest_check: now, ...restAfter } = after.resource.alicloud_ecs_network_interface[key];
      expect([was, now]).toEqual([undefined, false]);
      expect(restAfter).toEqual(restBefore);
    }
    expect(memberScripts(after).every((m) => m.configure!.script.includes('net.ipv4.ip_forward = 1'))).toBe(true);
  });

  test('ECS members: the instances change (source_dest_check, ForceNew): the info at synth is what this costs', () => {
    const before = synth(GUIDE_PROPS).doc;
    const after = synth({ ...GUIDE_PROPS, gateway }).doc;
    for (const key of Object.keys(after.resource.alicloud_instance)) {
      expect(after.resource.alicloud_instance[key].source_dest_check).toBe(false);
      expect(before.resource.alicloud_instance[key].source_dest_check).toBeUndefined();
    }
  });
});
