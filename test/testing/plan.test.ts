// Real Terraform plans a stack built from the bindings, offline, with the stand-in provider.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { describeWithTerraform, planOffline, setupJest } from '../../lib/testing';
import { ADDRESS_MARK, BOOT_SCRIPT, havipStack } from './havip-stack';

setupJest();

describeWithTerraform('validate and plan a 7-resource HaVip stack', () => {
  test('the user_data expression is the one the issue names', () => {
    const synthesized = JSON.parse(Testing.synth(havipStack({ ipAddress: '192.168.0.24' })));
    expect(synthesized.resource.alicloud_instance.node.user_data).toBe(
      `\${base64encode(replace(base64decode("${Buffer.from(BOOT_SCRIPT).toString('base64')}"), "${ADDRESS_MARK}", alicloud_havip.x.ip_address))}`,
    );
  });

  test('with a literal HaVip address, Terraform computes user_data in the plan', () => {
    const result = planOffline(havipStack({ ipAddress: '192.168.0.24' }));
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.resourceChanges.map((c) => [c.address, c.actions])).toEqual([
      ['alicloud_eip_address.eip', ['create']],
      ['alicloud_eip_association.eip-to-havip', ['create']],
      ['alicloud_havip.x', ['create']],
      ['alicloud_havip_attachment.attach', ['create']],
      ['alicloud_instance.node', ['create']],
      ['alicloud_security_group.peers', ['create']],
      ['alicloud_security_group_rule.vrrp', ['create']],
    ]);
    const node = result.resourceChanges.find((c) => c.address === 'alicloud_instance.node')!;
    expect(node.afterUnknown.user_data).toBeUndefined();
    expect(Buffer.from(node.after!.user_data as string, 'base64').toString()).toBe(BOOT_SCRIPT.replace(ADDRESS_MARK, '192.168.0.24'));
    // Computed attributes are known after apply; the provider's defaults are planned values.
    expect(node.afterUnknown.id).toBe(true);
    const rule = result.resourceChanges.find((c) => c.address === 'alicloud_security_group_rule.vrrp')!;
    expect(rule.after).toMatchObject({ policy: 'accept', priority: 1, ip_protocol: 'all' });
    expect(rule.afterUnknown.source_security_group_id).toBe(true); // a reference to a group not yet created
    expect(result.terraformVersion).toMatch(/^\d+\.\d+\.\d+/);
    // As root (CI here), Terraform and the provider run with no network at all.
    if (process.getuid?.() === 0) expect(result.networkIsolated).toBe(true);
  }, 60_000);

  test('with an allocated HaVip address, user_data is known only after apply', () => {
    const result = planOffline(havipStack());
    expect(result.ok).toBe(true);
    const node = result.resourceChanges.find((c) => c.address === 'alicloud_instance.node')!;
    expect(node.afterUnknown.user_data).toBe(true);
    expect(node.after!.user_data).toBeUndefined();
    const havip = result.resourceChanges.find((c) => c.address === 'alicloud_havip.x')!;
    expect(havip.afterUnknown.ip_address).toBe(true);
  }, 60_000);

  test('the matcher passes a good stack and fails a bad one with Terraform\'s message', () => {
    expect(havipStack({ ipAddress: '192.168.0.24' })).toPlanOffline({ plan: false });
    const bad = JSON.parse(Testing.synth(havipStack()));
    bad.resource.alicloud_security_group_rule.vrrp.ip_protocol = 'vrrp';
    expect(() => expect(JSON.stringify(bad)).toPlanOffline({ plan: false })).toThrow(
      /terraform validate failed[\s\S]*Error: expected ip_protocol to be one of \[tcp udp icmp icmpv6 gre all\], got vrrp\n  on cdk\.tf\.json line \d+ \(alicloud_security_group_rule\.vrrp\)/,
    );
    expect(JSON.stringify(bad)).not.toPlanOffline({ plan: false });
  }, 60_000);

  test('data sources read as placeholders, so stacks that use them plan; the rules do not judge placeholders', () => {
    const stack = {
      terraform: { required_providers: { alicloud: { source: 'aliyun/alicloud', version: '1.289.0' } } },
      provider: { alicloud: [{ region: 'cn-hangzhou' }] },
      data: {
        alicloud_zones: { default: { available_resource_creation: 'VSwitch' } },
        alicloud_instance_types: { small: { cpu_core_count: 1, memory_size: 1 } },
      },
      resource: {
        alicloud_vswitch: {
          x: { vpc_id: 'vpc-1', cidr_block: '192.168.0.0/24', zone_id: '${data.alicloud_zones.default.zones[0].id}' },
        },
        alicloud_instance: {
          node: {
            image_id: 'aliyun_3_x64_20G_alibase_20221102.vhd',
            instance_type: '${data.alicloud_instance_types.small.instance_types[0].id}',
            vswitch_id: '${alicloud_vswitch.x.id}',
          },
        },
      },
    };
    const result = planOffline(stack);
    expect(result.diagnostics).toEqual([]);
    const vswitch = result.resourceChanges.find((c) => c.address === 'alicloud_vswitch.x')!;
    expect(vswitch.after!.zone_id).toBe('offline-placeholder:alicloud_zones.zones.0.id');
  }, 60_000);

  test('a stack folder from cdktf synth is read where it is and left as it was', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-synth-'));
    try {
      const stackDir = path.join(outdir, 'stacks', 'havip-offline');
      fs.mkdirSync(stackDir, { recursive: true });
      const json = JSON.parse(Testing.synth(havipStack({ ipAddress: '192.168.0.24' })));
      json.terraform.backend = { local: { path: 'terraform.havip-offline.tfstate' } };
      fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), JSON.stringify(json));
      const before = fs.readdirSync(outdir, { recursive: true }).sort();
      const result = planOffline(outdir, { plan: false });
      expect(result.ok).toBe(true);
      expect(fs.readdirSync(outdir, { recursive: true }).sort()).toEqual(before);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);
});
