import { Testing } from 'cdktf';
import { HaVipCluster, HaVipClusterProps } from '../lib';
import { CLUSTER_CASES, GUIDE_PROPS, clusterStack } from './support/cluster-cases';
import { HAVIP_ADDRESS_PLACEHOLDER } from '../lib/keepalived';
import { SeedStack } from '../examples/seed/main';
import { ThreeNodeEipStack } from '../examples/three-node-eip/main';
import { checkAgainstSchema } from './support/schema-check';
import { bodyOf, decodeUserData, memberScripts, ref, resourcesOf, SynthDoc, synthJson, withDecodedUserData } from './support/synth';
import { renderConfigureScript, renderInstallScript, renderSettleScript, renderStartScript } from '../lib/member-scripts';

function synthCluster(props: HaVipClusterProps): { doc: SynthDoc; cluster: HaVipCluster } {
  const { stack, cluster } = clusterStack(props);
  return { doc: synthJson(stack), cluster };
}

describe('the guide example', () => {
  const { doc, cluster } = synthCluster(GUIDE_PROPS);

  test('one HaVip in the vSwitch, with address, non-deprecated name and description', () => {
    const havips = resourcesOf(doc, 'alicloud_havip');
    expect(havips).toEqual([
      {
        vswitch_id: 'vsw-bp1yexample',
        ip_address: '192.168.0.24',
        ha_vip_name: 'test_havip_name',
        description: 'guide',
      },
    ]);
    expect(cluster.havipIpAddress).toBe('192.168.0.24');
  });

  test('one instance per node with its address, the shared settings and the static install script as user_data', () => {
    const instances = resourcesOf(doc, 'alicloud_instance');
    expect(instances).toHaveLength(2);
    instances.forEach((instance, i) => {
      expect(instance).toMatchObject({
        instance_name: `web-${i + 1}`,
        vswitch_id: 'vsw-bp1yexample',
        private_ip: GUIDE_PROPS.nodes[i].privateIp,
        instance_type: 'ecs.e-c1m1.large',
        image_id: 'aliyun_3_x64_20G_alibase_20221102.vhd',
        system_disk_category: 'cloud_essd',
        instance_charge_type: 'PostPaid',
        spot_strategy: 'SpotWithPriceLimit',
        security_groups: [ref(cluster.securityGroup, 'id')],
      });
      // Encoded at synth time: plain base64, no Terraform interpolation inside, the same for every member.
      expect(instance.user_data).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(decodeUserData(instance.user_data).script).toBe(renderInstallScript());
    });
  });

  test("each member's configure command carries its own config; start and settle are shared", () => {
    const members = memberScripts(doc);
    expect(members).toHaveLength(2);
    members.forEach((member, i) => {
      expect(member.configure!.placeholder).toBeUndefined();
      expect(member.configure!.script).toBe(renderConfigureScript({ keepalivedConfig: cluster.keepalivedConfigs[i], scriptUser: 'root' }));
      // 3 x 1 s + (256 - 10)/256 s, plus one second, rounded up.
      expect(member.start).toBe(renderStartScript(5));
      expect(member.settle).toBe(renderSettleScript(5));
    });
    expect(cluster.members.map((m) => m.node.id)).toEqual(['member-192-168-0-25', 'member-192-168-0-26']);
    expect(cluster.instances).toEqual(cluster.members.map((m) => m.instance));
    expect(cluster.attachments).toEqual(cluster.members.map((m) => m.attachment));
  });

  test('each node runs its own config: itself as source, the other as peer, both BACKUP + nopreempt', () => {
    const [first, second] = cluster.keepalivedConfigs;
    expect(first).toMatch(/unicast_src_ip 192\.168\.0\.25\n/);
    expect(first).toMatch(/unicast_peer \{\n\s+192\.168\.0\.26\n\s+\}/);
    expect(second).toMatch(/unicast_src_ip 192\.168\.0\.26\n/);
    expect(second).toMatch(/unicast_peer \{\n\s+192\.168\.0\.25\n\s+\}/);
    for (const config of cluster.keepalivedConfigs) {
      expect(config).toMatch(/state BACKUP\n/);
      expect(config).toMatch(/nopreempt\n/);
      expect(config).toMatch(/virtual_router_id 51\n/);
      expect(config).toMatch(/virtual_ipaddress \{\n\s+192\.168\.0\.24\n/);
      expect(config).not.toMatch(/vrrp_strict|track_interface|authentication/);
    }
    expect(first).toMatch(/priority 100\n/);
    expect(second).toMatch(/priority 10\n/);
  });

  test('one attachment per node, by ha_vip_id, as EcsInstance', () => {
    const attachments = resourcesOf(doc, 'alicloud_havip_attachment');
    expect(attachments).toHaveLength(2);
    cluster.attachments.forEach((attachment, i) => {
      expect(bodyOf(doc, attachment)).toEqual({
        ha_vip_id: ref(cluster.havip, 'id'),
        instance_id: ref(cluster.instances[i], 'id'),
        instance_type: 'EcsInstance',
      });
    });
  });

  test('a security group in the VPC: all protocols among members, plus the ingress rule, nothing from the internet', () => {
    const groups = resourcesOf(doc, 'alicloud_security_group');
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ vpc_id: 'vpc-bp1kexample' });
    const rules = resourcesOf(doc, 'alicloud_security_group_rule');
    const groupRef = ref(cluster.securityGroup, 'id');
    expect(rules).toEqual(expect.arrayContaining([
      expect.objectContaining({
        security_group_id: groupRef,
        type: 'ingress',
        ip_protocol: 'all',
        port_range: '-1/-1',
        source_security_group_id: groupRef,
        policy: 'accept',
      }),
      expect.objectContaining({
        security_group_id: groupRef,
        type: 'ingress',
        ip_protocol: 'tcp',
        port_range: '8000/8000',
        cidr_ip: '192.168.0.0/24',
        policy: 'accept',
      }),
    ]));
    expect(rules).toHaveLength(2);
    expect(rules.find((r) => r.ip_protocol === 'all')).not.toHaveProperty('cidr_ip');
    expect(JSON.stringify(doc)).not.toContain('0.0.0.0/0');
  });

  test('no EIP unless asked', () => {
    expect(doc.resource.alicloud_eip_address).toBeUndefined();
    expect(doc.resource.alicloud_eip_association).toBeUndefined();
    expect(cluster.eipAddress).toBeUndefined();
    expect(cluster.eipAssociation).toBeUndefined();
  });

  test('pins the alicloud provider to 1.289 and later 1.x', () => {
    expect(doc.terraform.required_providers.alicloud).toEqual({ source: 'aliyun/alicloud', version: '~> 1.289' });
  });

  test('fits the provider schema', () => {
    expect(checkAgainstSchema(doc)).toEqual([]);
  });
});

test('default priorities are 100, 90, 80 in node order', () => {
  const { cluster } = synthCluster(CLUSTER_CASES['default priorities']);
  expect(cluster.keepalivedConfigs.map((c) => /priority (\d+)/.exec(c)?.[1])).toEqual(['100', '90', '80']);
});

test('preempt: true makes the highest priority MASTER and drops nopreempt', () => {
  const { cluster } = synthCluster(CLUSTER_CASES.preempt);
  expect(cluster.keepalivedConfigs[0]).toMatch(/state BACKUP\n/);
  expect(cluster.keepalivedConfigs[1]).toMatch(/state MASTER\n/);
  for (const config of cluster.keepalivedConfigs) expect(config).not.toContain('nopreempt');
});

test('extra security groups join the cluster group on every instance', () => {
  const { doc, cluster } = synthCluster(CLUSTER_CASES['extra security groups']);
  for (const instance of resourcesOf(doc, 'alicloud_instance')) {
    expect(instance.security_groups).toEqual([
      ref(cluster.securityGroup, 'id'),
      'sg-extra1',
      'sg-extra2',
    ]);
  }
});

test('ingress port ranges and protocols without ports', () => {
  const { doc } = synthCluster(CLUSTER_CASES['ingress variants']);
  const rules = resourcesOf(doc, 'alicloud_security_group_rule').filter((r) => r.ip_protocol !== 'all');
  expect(rules).toEqual([
    expect.objectContaining({ ip_protocol: 'udp', port_range: '5000/5010', cidr_ip: '10.0.0.0/8', description: 'media' }),
    expect.objectContaining({ ip_protocol: 'icmp', port_range: '-1/-1', cidr_ip: '192.168.0.0/24' }),
  ]);
});

describe('an address Alibaba allocates', () => {
  const { doc, cluster } = synthCluster(CLUSTER_CASES['allocated address']);

  test('the HaVip has no ip_address and the cluster exposes a token', () => {
    expect(resourcesOf(doc, 'alicloud_havip')[0]).not.toHaveProperty('ip_address');
    expect(cluster.havipIpAddress).toMatch(/^\$\{TfToken\[/);
  });

  test('the configure commands replace the placeholder with the HaVip address at apply time; user_data never needs it', () => {
    for (const [i, member] of memberScripts(doc).entries()) {
      expect(member.userData).toBe(renderInstallScript());
      const decoded = member.configure!;
      expect(decoded.placeholder).toBe(HAVIP_ADDRESS_PLACEHOLDER);
      expect(`\${${decoded.reference}}`).toBe(ref(cluster.havip, 'ip_address'));
      expect(decoded.script).toContain(cluster.keepalivedConfigs[i]);
      expect(cluster.keepalivedConfigs[i]).toContain(`virtual_ipaddress {\n        ${HAVIP_ADDRESS_PLACEHOLDER}\n`);
      // Nothing else in the script may look like Terraform syntax once decoded.
      expect(decoded.script).not.toMatch(/\$\{|%\{/);
    }
  });

  test('fits the provider schema', () => {
    expect(checkAgainstSchema(doc)).toEqual([]);
  });
});

describe('EIP', () => {
  test('a new EIP associated with the HaVip as HaVip', () => {
    const { doc, cluster } = synthCluster(CLUSTER_CASES['new EIP']);
    expect(resourcesOf(doc, 'alicloud_eip_address')).toEqual([
      { address_name: 'web-eip', bandwidth: '5', isp: 'BGP_PRO', netmode: 'public', payment_type: 'PayAsYouGo' },
    ]);
    expect(resourcesOf(doc, 'alicloud_eip_association')).toEqual([
      {
        allocation_id: ref(cluster.eipAddress!, 'id'),
        instance_id: ref(cluster.havip, 'id'),
        instance_type: 'HaVip',
      },
    ]);
    expect(cluster.eipAddress).toBeDefined();
    expect(checkAgainstSchema(doc)).toEqual([]);
  });

  test('an existing EIP is only associated', () => {
    const { doc, cluster } = synthCluster(CLUSTER_CASES['existing EIP']);
    expect(doc.resource.alicloud_eip_address).toBeUndefined();
    expect(cluster.eipAddress).toBeUndefined();
    expect(resourcesOf(doc, 'alicloud_eip_association')).toEqual([
      { allocation_id: 'eip-bp1existing', instance_id: ref(cluster.havip, 'id'), instance_type: 'HaVip' },
    ]);
  });
});

describe('examples', () => {
  test('seed: the guide example, every bullet of the guide', () => {
    const stack = new SeedStack(Testing.app(), 'havip-seed');
    const doc = synthJson(stack);
    expect(checkAgainstSchema(doc)).toEqual([]);
    expect(doc.provider?.alicloud).toEqual([{ region: 'cn-hangzhou' }]);
    expect(resourcesOf(doc, 'alicloud_instance').map((i) => i.instance_name)).toEqual([
      'test_master_instance_name',
      'test_backup_instance_name',
    ]);
    expect(stack.cluster.keepalivedConfigs.map((c) => /priority (\d+)/.exec(c)?.[1])).toEqual(['100', '10']);
    expect(withDecodedUserData(doc)).toMatchSnapshot();
  });

  test('three-node-eip: allocated address, health check, new EIP', () => {
    const stack = new ThreeNodeEipStack(Testing.app(), 'havip-three-node-eip');
    const doc = synthJson(stack);
    expect(checkAgainstSchema(doc)).toEqual([]);
    expect(resourcesOf(doc, 'alicloud_instance')).toHaveLength(3);
    expect(resourcesOf(doc, 'alicloud_eip_address')).toHaveLength(1);
    expect(resourcesOf(doc, 'alicloud_havip')[0]).not.toHaveProperty('ip_address');
    for (const config of stack.cluster.keepalivedConfigs) {
      expect(config).toContain('vrrp_script');
      expect(config).toContain('track_script');
      expect(config).toContain('enable_script_security');
    }
    expect(withDecodedUserData(doc)).toMatchSnapshot();
  });
});

test('a token prop skips the literal checks with an info that shows what the token stands for', () => {
  const stack = new SeedStack(Testing.app(), 'havip-seed');
  const notes = stack.cluster.node.metadata.map((m) => String(m.data)).filter((note) => note.includes('is a token'));
  expect(notes).toEqual([
    expect.stringContaining('havip-seed/test: vpcId = "${var.vpc_id}": is a token'),
    expect.stringContaining('havip-seed/test: vswitchId = "${var.vswitch_id}": is a token'),
  ]);
  expect(stack.cluster.node.metadata.filter((m) => m.type !== '@cdktf/info')).toEqual([]);
});
