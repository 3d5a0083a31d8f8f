import * as fs from 'node:fs';
import * as path from 'node:path';
import { Fn, TerraformIterator, TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { DataAlicloudZones } from '../../lib/gen/providers/alicloud/data-alicloud-zones';
import { EipAddress } from '../../lib/gen/providers/alicloud/eip-address';
import { EipAssociation } from '../../lib/gen/providers/alicloud/eip-association';
import { Havip, type HavipConfig } from '../../lib/gen/providers/alicloud/havip';
import { HavipAttachment } from '../../lib/gen/providers/alicloud/havip-attachment';
import { Instance, type InstanceDataDisks } from '../../lib/gen/providers/alicloud/instance';
import { AlicloudProvider } from '../../lib/gen/providers/alicloud/provider';
import { SecurityGroup } from '../../lib/gen/providers/alicloud/security-group';
import { SecurityGroupRule } from '../../lib/gen/providers/alicloud/security-group-rule';
import { Vpc } from '../../lib/gen/providers/alicloud/vpc';
import { Vswitch } from '../../lib/gen/providers/alicloud/vswitch';
import {
  checkAgainstSchema,
  DEFAULT_SCHEMA_FILE,
  loadDefaultSchema,
  type ProviderSchemaJson,
  referencesIn,
  type SchemaProblem,
} from './schema-check';

const tinySchema = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'schema-check', 'tiny.schema.json'), 'utf8'),
) as ProviderSchemaJson;

/** [kind, path] of every problem, the part the tests pin exactly. */
const found = (problems: SchemaProblem[]) => problems.map((p) => [p.kind, p.path]);
const check = (stack: TerraformStack) => found(checkAgainstSchema(Testing.synth(stack)));

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
  return stack;
}

/** A small HaVip service, every resource wired to the others by reference. */
function validStack(): TerraformStack {
  const stack = newStack();
  const password = new TerraformVariable(stack, 'password', { type: 'string', sensitive: true });
  const zones = new DataAlicloudZones(stack, 'zones', { availableResourceCreation: 'VSwitch' });
  const vpc = new Vpc(stack, 'vpc', { vpcName: 'havip', cidrBlock: '192.168.0.0/16' });
  const vswitch = new Vswitch(stack, 'vsw', { vpcId: vpc.id, cidrBlock: '192.168.0.0/24', zoneId: zones.zones.get(0).id });
  const havip = new Havip(stack, 'havip', { vswitchId: vswitch.id, haVipName: 'web', ipAddress: '192.168.0.24' });
  const group = new SecurityGroup(stack, 'sg', { vpcId: vpc.id, securityGroupName: 'web' });
  new SecurityGroupRule(stack, 'peers', {
    type: 'ingress',
    ipProtocol: 'all',
    portRange: '-1/-1',
    priority: 1,
    securityGroupId: group.id,
    sourceSecurityGroupId: group.id,
  });
  let previous: HavipAttachment | undefined;
  ['primary', 'backup'].forEach((name, i) => {
    const node = new Instance(stack, name, {
      instanceName: name,
      instanceType: 'ecs.e-c1m1.large',
      imageId: 'aliyun_3_x64_20G_alibase_20221102.vhd',
      vswitchId: vswitch.id,
      securityGroups: [group.id],
      privateIp: `192.168.0.${25 + i}`,
      password: password.stringValue,
      systemDiskCategory: 'cloud_essd',
      systemDiskSize: 40,
      dataDisks: [{ size: 20, category: 'cloud_essd' }],
      tags: { role: name },
      userData: Fn.base64encode(Fn.replace(Fn.base64decode('IyEvYmluL3NoCmVjaG8gQEBWSVBAQAo='), '@@VIP@@', havip.ipAddress)),
    });
    previous = new HavipAttachment(stack, `${name}-attachment`, {
      haVipId: havip.id,
      instanceId: node.id,
      instanceType: 'EcsInstance',
      dependsOn: previous ? [previous] : undefined,
    });
  });
  const eip = new EipAddress(stack, 'eip', { addressName: 'web', bandwidth: '5', internetChargeType: 'PayByTraffic' });
  new EipAssociation(stack, 'eip-association', { allocationId: eip.id, instanceId: havip.id, instanceType: 'HaVip' });
  new TerraformOutput(stack, 'public_ip', { value: eip.ipAddress });
  return stack;
}

describe('a valid stack', () => {
  test('passes with zero problems, as a string, as an object and through the matcher', () => {
    const json = Testing.synth(validStack());
    expect(json).toContain('alicloud_havip.havip.ip_address'); // the references the check walks are there
    expect(json).toContain('"depends_on"');
    expect(checkAgainstSchema(json)).toEqual([]);
    expect(checkAgainstSchema(JSON.parse(json))).toEqual([]);
    expect(json).toMatchProviderSchema();
  });

  test('passes as the full cdk.tf.json, whose "//" metadata keys are ignored', () => {
    const stack = validStack();
    const outdir = Testing.fullSynth(stack);
    const file = fs.readFileSync(path.join(outdir, 'stacks', 'test', 'cdk.tf.json'), 'utf8');
    const doc = JSON.parse(file);
    expect(doc['//']).toBeDefined();
    expect(doc.resource.alicloud_havip.havip['//']).toBeDefined();
    expect(checkAgainstSchema(file)).toEqual([]);
  });

  test('meta-arguments are not attributes', () => {
    const stack = newStack();
    const havip = new Havip(stack, 'h', { vswitchId: 'vsw-1', lifecycle: { ignoreChanges: ['description'] } });
    havip.addOverride('count', 2);
    const node = new Instance(stack, 'i', { dependsOn: [havip] });
    node.addOverride('provisioner', [{ 'local-exec': { command: 'true' } }]);
    node.addOverride('connection', { host: 'x' });
    const names = TerraformIterator.fromList(['a', 'b']);
    new Instance(stack, 'each', { forEach: names, instanceName: names.value });
    expect(check(stack)).toEqual([]);
  });
});

describe('the pinned schema', () => {
  test('is loaded from the repository once', () => {
    expect(DEFAULT_SCHEMA_FILE).toBe(path.resolve(__dirname, '../../provider/alicloud-1.289.0.schema.json'));
    expect(loadDefaultSchema()).toBe(loadDefaultSchema());
  });

  test('alicloud_instance requires nothing: image_id and instance_type are optional (a launch template may give them)', () => {
    expect(checkAgainstSchema({ resource: { alicloud_instance: { i: {} } } })).toEqual([]);
  });

  test.each([
    ['alicloud_havip', ['vswitch_id']],
    ['alicloud_havip_attachment', ['instance_id']], // ha_vip_id is optional+computed, not required
    ['alicloud_eip_association', ['allocation_id', 'instance_id']],
    ['alicloud_security_group_rule', ['ip_protocol', 'security_group_id', 'type']],
    ['alicloud_security_group', []],
    ['alicloud_eip_address', []],
  ])('%s with no arguments misses exactly %j', (type, required) => {
    const problems = checkAgainstSchema({ resource: { [type]: { x: {} } } });
    expect(found(problems)).toEqual(required.map((name) => ['missing-required', `resource.${type}.x.${name}`]));
  });
});

describe('unknown attributes and types', () => {
  test('an argument the resource does not have', () => {
    const stack = newStack();
    new Instance(stack, 'node1', { imageId: 'img' }).addOverride('user_dta', 'x');
    expect(check(stack)).toEqual([['unknown-attribute', 'resource.alicloud_instance.node1.user_dta']]);
  });

  test('an argument inside a nested block, the provider block and a data source', () => {
    const stack = newStack();
    new Instance(stack, 'i', { cpuOptions: { coreCount: 2 } }).addOverride('cpu_options.cores', 2);
    new DataAlicloudZones(stack, 'z', {}).addOverride('region', 'x');
    const west = new AlicloudProvider(stack, 'west', { alias: 'west', region: 'cn-shanghai' });
    west.addOverride('regin', 'cn-beijing');
    expect(check(stack)).toEqual([
      ['unknown-attribute', 'data.alicloud_zones.z.region'],
      ['unknown-attribute', 'provider.alicloud[1].regin'],
      ['unknown-attribute', 'resource.alicloud_instance.i.cpu_options.cores'],
    ]);
  });

  test('a dynamic block for a block type that does not exist, and an unknown argument in its content', () => {
    const doc = {
      resource: {
        alicloud_instance: {
          i: { dynamic: { disks: { for_each: '${var.l}', content: {} }, data_disks: { for_each: '${var.l}', content: { size: 1, sise: 2 } } } },
        },
      },
      variable: { l: {} },
    };
    expect(found(checkAgainstSchema(doc))).toEqual([
      ['unknown-attribute', 'resource.alicloud_instance.i.dynamic.data_disks.content.sise'],
      ['unknown-attribute', 'resource.alicloud_instance.i.dynamic.disks'],
    ]);
  });

  test('a resource or data source type the provider does not have; other providers are not checked', () => {
    const doc = {
      resource: { alicloud_havipp: { h: { vswitch_id: 'v' } }, random_id: { r: { byte_length: 4 } } },
      data: { alicloud_zone: { z: {} } },
    };
    expect(found(checkAgainstSchema(doc))).toEqual([
      ['unknown-type', 'data.alicloud_zone.z'],
      ['unknown-type', 'resource.alicloud_havipp.h'],
    ]);
  });
});

describe('missing required attributes', () => {
  test('a required argument', () => {
    const stack = newStack();
    new Havip(stack, 'web', { haVipName: 'web' } as HavipConfig);
    expect(check(stack)).toEqual([['missing-required', 'resource.alicloud_havip.web.vswitch_id']]);
  });

  test('a required argument set to null, and one inside a nested block', () => {
    const stack = newStack();
    new Havip(stack, 'web', { vswitchId: 'v' }).addOverride('vswitch_id', null);
    new Instance(stack, 'i', { dataDisks: [{ category: 'cloud_essd' } as InstanceDataDisks] });
    new AlicloudProvider(stack, 'role', { alias: 'role', assumeRole: { sessionName: 's' } as never });
    expect(check(stack)).toEqual([
      ['missing-required', 'provider.alicloud[1].assume_role.role_arn'],
      ['missing-required', 'resource.alicloud_havip.web.vswitch_id'],
      ['missing-required', 'resource.alicloud_instance.i.data_disks[0].size'],
    ]);
  });

  test('a required block (min_items 1), unless a dynamic block makes it', () => {
    const problems = checkAgainstSchema(
      { resource: { tiny_thing: { a: { name: 'a' }, b: { name: 'b', dynamic: { rule: { for_each: '${[1]}', content: { port: 1 } } } } } } },
      tinySchema,
    );
    expect(found(problems)).toEqual([['missing-required', 'resource.tiny_thing.a.rule']]);
  });
});

describe('type mismatches', () => {
  test('primitives: only the conversions Terraform makes', () => {
    const stack = newStack();
    const ok = new Instance(stack, 'ok', {});
    ok.addOverride('system_disk_size', '40'); // number from a number string
    ok.addOverride('deletion_protection', 'true'); // bool from "true"
    ok.addOverride('force_delete', '0'); // bool from "0"
    ok.addOverride('instance_name', 12); // string from a number
    ok.addOverride('description', false); // string from a bool
    ok.addOverride('period', '1.5e1');
    const bad = new Instance(stack, 'bad', {});
    bad.addOverride('system_disk_size', 'abc');
    bad.addOverride('period', '');
    bad.addOverride('deletion_protection', 'yes');
    bad.addOverride('force_delete', 1); // Terraform has no number-to-bool conversion
    bad.addOverride('spot_price_limit', true); // nor bool-to-number
    bad.addOverride('user_data', { script: 'x' });
    bad.addOverride('instance_name', ['a']);
    expect(check(stack)).toEqual([
      ['type-mismatch', 'resource.alicloud_instance.bad.deletion_protection'],
      ['type-mismatch', 'resource.alicloud_instance.bad.force_delete'],
      ['type-mismatch', 'resource.alicloud_instance.bad.instance_name'],
      ['type-mismatch', 'resource.alicloud_instance.bad.period'],
      ['type-mismatch', 'resource.alicloud_instance.bad.spot_price_limit'],
      ['type-mismatch', 'resource.alicloud_instance.bad.system_disk_size'],
      ['type-mismatch', 'resource.alicloud_instance.bad.user_data'],
    ]);
  });

  test('collections, with their elements checked', () => {
    const stack = newStack();
    const node = new Instance(stack, 'i', { securityGroups: ['sg-1'], tags: { a: 'b' } });
    node.addOverride('security_groups', 'sg-1');
    node.addOverride('tags', ['a']);
    node.addOverride('volume_tags', { a: { b: 'c' } });
    node.addOverride('ipv6_addresses', ['::1', ['::2']]);
    expect(check(stack)).toEqual([
      ['type-mismatch', 'resource.alicloud_instance.i.ipv6_addresses[1]'],
      ['type-mismatch', 'resource.alicloud_instance.i.security_groups'],
      ['type-mismatch', 'resource.alicloud_instance.i.tags'],
      ['type-mismatch', 'resource.alicloud_instance.i.volume_tags.a'],
    ]);
  });

  test('a ${...} expression may stand for any type, a list or a single element', () => {
    const stack = newStack();
    const node = new Instance(stack, 'i', {});
    node.addOverride('security_groups', '${split(",", "a,b")}');
    node.addOverride('system_disk_size', '${1 + 1}');
    node.addOverride('tags', '${tomap({})}');
    node.addOverride('ipv6_addresses', ['${"::1"}']);
    node.addOverride('deletion_protection', 'x-${true}');
    expect(check(stack)).toEqual([]);
  });

  test('an escaped $${ is a literal, not an expression', () => {
    const stack = newStack();
    new Instance(stack, 'i', {}).addOverride('system_disk_size', '$${size}');
    expect(check(stack)).toEqual([['type-mismatch', 'resource.alicloud_instance.i.system_disk_size']]);
  });

  test('objects and tuples', () => {
    const schema = tinySchema;
    const base = { name: 'x', rule: { port: 1 } };
    const problems = checkAgainstSchema(
      {
        resource: {
          tiny_thing: {
            ok: { ...base, owner: { name: 'a', age: '3' }, labels: { a: '1' }, pair: ['a', 'true'] },
            bad: { ...base, owner: { name: 'a', aeg: 3 }, labels: { a: 'one' }, pair: ['a'] },
          },
        },
      },
      schema,
    );
    expect(found(problems)).toEqual([
      ['type-mismatch', 'resource.tiny_thing.bad.labels.a'],
      ['type-mismatch', 'resource.tiny_thing.bad.owner.aeg'],
      ['type-mismatch', 'resource.tiny_thing.bad.owner.age'],
      ['type-mismatch', 'resource.tiny_thing.bad.pair'],
    ]);
  });

  test('cdktf writes max_items=1 list/set blocks as one object, which Terraform JSON accepts', () => {
    const stack = newStack();
    new Instance(stack, 'i', { cpuOptions: { coreCount: 2 }, imageOptions: { loginAsNonRoot: true }, dataDisks: [{ size: 20 }] });
    const doc = JSON.parse(Testing.synth(stack));
    expect(doc.resource.alicloud_instance.i.cpu_options).toEqual({ core_count: 2 });
    expect(doc.resource.alicloud_instance.i.image_options).toEqual({ login_as_non_root: true });
    expect(doc.resource.alicloud_instance.i.data_disks).toEqual([{ size: 20 }]);
    expect(checkAgainstSchema(doc)).toEqual([]);
  });

  test('blocks of the wrong shape or count', () => {
    const stack = newStack();
    const node = new Instance(stack, 'i', {});
    node.addOverride('cpu_options', 'two cores'); // a block is never a string, not even an expression
    node.addOverride('image_options', [{ login_as_non_root: true }, { login_as_non_root: false }]); // max_items 1
    node.addOverride('data_disks', Array.from({ length: 17 }, () => ({ size: 20 }))); // max_items 16
    node.addOverride('network_interfaces', [{ vswitch_id: 'v' }, 'eni']);
    node.addOverride('timeouts', [{ create: '5m' }, { create: '6m' }]); // a single block
    node.addOverride('maintenance_time', '${tolist([])}');
    expect(check(stack)).toEqual([
      ['type-mismatch', 'resource.alicloud_instance.i.cpu_options'],
      ['type-mismatch', 'resource.alicloud_instance.i.data_disks'],
      ['type-mismatch', 'resource.alicloud_instance.i.image_options'],
      ['type-mismatch', 'resource.alicloud_instance.i.maintenance_time'],
      ['type-mismatch', 'resource.alicloud_instance.i.network_interfaces[1]'],
      ['type-mismatch', 'resource.alicloud_instance.i.timeouts'],
    ]);
  });

  test('blocks with min_items and map nesting', () => {
    const base = { name: 'x' };
    const problems = checkAgainstSchema(
      {
        resource: {
          tiny_thing: {
            ok: { ...base, rule: [{ port: 1 }, { port: '2' }], listener: { http: { port: 80 }, https: [{ port: 443 }] } },
            bad: { ...base, rule: [], listener: [{ port: 80 }] },
            many: { ...base, rule: [{ port: 1 }, { port: 2 }, { port: 3 }], listener: { http: { port: 'eighty' } } },
          },
        },
      },
      tinySchema,
    );
    expect(found(problems)).toEqual([
      ['type-mismatch', 'resource.tiny_thing.bad.listener'],
      ['type-mismatch', 'resource.tiny_thing.bad.rule'],
      ['type-mismatch', 'resource.tiny_thing.many.listener.http.port'],
      ['type-mismatch', 'resource.tiny_thing.many.rule'],
    ]);
  });
});

describe('deprecated attributes and blocks', () => {
  test('the deprecated names of havip, havip_attachment, instance and the provider', () => {
    const stack = newStack();
    new AlicloudProvider(stack, 'old', { alias: 'old', fc: 'endpoint' });
    const havip = new Havip(stack, 'h', { vswitchId: 'v', havipName: 'web' });
    new HavipAttachment(stack, 'a', { havipId: havip.id, instanceId: 'i-1' });
    new Instance(stack, 'i', { allocatePublicIp: true, roleName: 'r', internetMaxBandwidthIn: 10 });
    expect(check(stack)).toEqual([
      ['deprecated', 'provider.alicloud[1].fc'],
      ['deprecated', 'resource.alicloud_havip.h.havip_name'],
      ['deprecated', 'resource.alicloud_havip_attachment.a.havip_id'],
      ['deprecated', 'resource.alicloud_instance.i.allocate_public_ip'],
      ['deprecated', 'resource.alicloud_instance.i.internet_max_bandwidth_in'],
      ['deprecated', 'resource.alicloud_instance.i.role_name'],
    ]);
  });

  test('a deprecated block', () => {
    const problems = checkAgainstSchema({ resource: { tiny_thing: { t: { name: 'x', rule: { port: 1 }, legacy: { flag: true } } } } }, tinySchema);
    expect(found(problems)).toEqual([['deprecated', 'resource.tiny_thing.t.legacy']]);
  });
});

describe('read-only attributes', () => {
  test('an attribute only the provider computes', () => {
    const stack = newStack();
    new Instance(stack, 'i', {}).addOverride('public_ip', '1.2.3.4');
    new Havip(stack, 'h', { vswitchId: 'v' }).addOverride('status', 'Available');
    expect(check(stack)).toEqual([
      ['read-only', 'resource.alicloud_havip.h.status'],
      ['read-only', 'resource.alicloud_instance.i.public_ip'],
    ]);
  });
});

describe('references', () => {
  function stackWithRefs(values: Record<string, string>): TerraformStack {
    const stack = newStack();
    new TerraformVariable(stack, 'password', { type: 'string' });
    new DataAlicloudZones(stack, 'z', {});
    new Havip(stack, 'h', { vswitchId: 'v' }).addOverride('count', 2);
    const node = new Instance(stack, 'i', {});
    for (const [key, value] of Object.entries(values)) node.addOverride(key, value);
    return stack;
  }

  test('references that exist pass: computed attributes, id, counted instances, nested attributes, variables', () => {
    const stack = stackWithRefs({
      description: '${alicloud_havip.h[0].id} ${alicloud_havip.h[1].ip_address} ${alicloud_havip.h.*.status}',
      availability_zone: '${data.alicloud_zones.z.zones[0].id}',
      password: '${var.password}',
      host_name: '${[for z in data.alicloud_zones.z.zones : z.local_name][0]}',
      user_data: '${base64encode(replace(base64decode("QEBYQEA="), "@@X@@", alicloud_havip.h[0].ip_address))}',
      instance_name: '${alicloud_havip.h[count.index].ha_vip_name}',
    });
    expect(check(stack)).toEqual([]);
  });

  test('a missing resource, data source, variable, local or module', () => {
    const stack = stackWithRefs({
      description: '${alicloud_havip.web.id}',
      availability_zone: '${data.alicloud_zones.nope.zones[0].id}',
      password: '${var.pasword}',
      host_name: '${local.name}',
      instance_name: '${module.naming.name}',
      key_name: '${alicloud_vpc.main.id}',
    });
    const problems = checkAgainstSchema(Testing.synth(stack));
    expect(found(problems)).toEqual([
      ['bad-reference', 'resource.alicloud_instance.i.availability_zone'],
      ['bad-reference', 'resource.alicloud_instance.i.description'],
      ['bad-reference', 'resource.alicloud_instance.i.host_name'],
      ['bad-reference', 'resource.alicloud_instance.i.instance_name'],
      ['bad-reference', 'resource.alicloud_instance.i.key_name'],
      ['bad-reference', 'resource.alicloud_instance.i.password'],
    ]);
    expect(problems[0].message).toContain('data.alicloud_zones.nope');
    expect(problems[2].message).toContain('no locals "name"');
  });

  test('an attribute the schema does not have, at the first level and inside nested types', () => {
    const stack = stackWithRefs({
      description: '${alicloud_havip.h[0].ip_adress}',
      availability_zone: '${data.alicloud_zones.z.zones[0].idd}',
      host_name: '${alicloud_havip.h[0].timeouts.creat}',
    });
    const problems = checkAgainstSchema(Testing.synth(stack));
    expect(found(problems)).toEqual([
      ['bad-reference', 'resource.alicloud_instance.i.availability_zone'],
      ['bad-reference', 'resource.alicloud_instance.i.description'],
      ['bad-reference', 'resource.alicloud_instance.i.host_name'],
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('has no attribute "idd"'),
      expect.stringContaining('has no attribute "ip_adress"'),
      expect.stringContaining('has no attribute "creat"'),
    ]);
  });

  test('inside function calls only references count, not string literals', () => {
    const stack = stackWithRefs({
      user_data: '${base64encode(replace(base64decode("alicloud_havip.fake.id"), "@@X@@", alicloud_havip.h[0].ip_addres))}',
    });
    const problems = checkAgainstSchema(Testing.synth(stack));
    expect(found(problems)).toEqual([['bad-reference', 'resource.alicloud_instance.i.user_data']]);
    expect(problems[0].message).toContain('"ip_addres"');
  });

  test('depends_on, outputs, locals, provider configurations and dynamic block iterators', () => {
    const stack = stackWithRefs({ depends_on: ['alicloud_havip.h', 'alicloud_havip.gone'] as never });
    new TerraformOutput(stack, 'out', { value: '${alicloud_instance.i.public_ipp}' });
    const node = new Instance(stack, 'j', {});
    node.addOverride('provider', 'alicloud.west');
    node.addOverride('dynamic', { data_disks: { for_each: '${[1]}', iterator: 'disk', content: { size: '${disk.value}', name: '${disko.value}' } } });
    expect(check(stack)).toEqual([
      ['bad-reference', 'output.out.value'],
      ['bad-reference', 'resource.alicloud_instance.i.depends_on[1]'],
      ['bad-reference', 'resource.alicloud_instance.j.dynamic.data_disks.content.name'],
      ['bad-reference', 'resource.alicloud_instance.j.provider'],
    ]);
  });
});

describe('referencesIn', () => {
  test.each([
    ['${alicloud_havip.web_havip_1234.id}', [['alicloud_havip', 'web_havip_1234', 'id']]],
    ['${data.alicloud_zones.z.zones[0].id}', [['data', 'alicloud_zones', 'z', 'zones', '[]', 'id']]],
    ['a-${var.x}-${local.y}', [['var', 'x'], ['local', 'y']]],
    ['${base64encode(replace(base64decode("a.b.c"), "@@X@@", alicloud_havip.h.ip_address))}', [['alicloud_havip', 'h', 'ip_address']]],
    ['${"x-${var.inner}"}', [['var', 'inner']]],
    ['${"say \\"var.not\\""}', []],
    ['$${var.escaped}', []],
    ['${alicloud_instance.i.*.id} ${alicloud_instance.i[*].id} ${alicloud_instance.i.0.id}', [
      ['alicloud_instance', 'i', '[]', 'id'],
      ['alicloud_instance', 'i', '[]', 'id'],
      ['alicloud_instance', 'i', '[]', 'id'],
    ]],
    ['${alicloud_instance.i[var.n].id}', [['var', 'n'], ['alicloud_instance', 'i', '[]', 'id']]],
    ['${{ for k, v in var.m : k => upper(v) }}', [['var', 'm']]],
    ['${{ name = var.n, "quoted" = true }}', [['var', 'n']]],
    ['${var.a ? local.b : null}', [['var', 'a'], ['local', 'b']]],
    ['${provider::terraform::encode_tfvars({})}', []],
    ['plain text without expressions', []],
  ])('%s', (text, expected) => {
    expect(referencesIn(text)).toEqual(expected);
  });
});

describe('input', () => {
  test('anything but synthesized JSON is refused, never silently passed', () => {
    const stack = validStack();
    expect(() => checkAgainstSchema(stack)).toThrow(/takes the JSON of a stack.*got a TerraformStack/);
    expect(() => checkAgainstSchema(Testing.fullSynth(stack))).toThrow(/takes the JSON of a stack.*got string ".*"/);
  });
});

describe('the jest matcher', () => {
  test('prints every problem on failure', () => {
    const stack = newStack();
    new Havip(stack, 'web', {} as HavipConfig).addOverride('user_dta', 'x');
    const json = Testing.synth(stack);
    expect(json).not.toMatchProviderSchema();
    expect(() => expect(json).toMatchProviderSchema()).toThrow(
      /found 2:\n.*unknown-attribute at resource\.alicloud_havip\.web\.user_dta: .*\n.*missing-required at resource\.alicloud_havip\.web\.vswitch_id: /,
    );
  });

  test('takes another schema', () => {
    expect({ resource: { tiny_thing: { t: { name: 'x', rule: { port: 1 } } } } }).toMatchProviderSchema(tinySchema);
    expect({ resource: { tiny_thing: { t: { rule: { port: 1 } } } } }).not.toMatchProviderSchema(tinySchema);
  });
});
