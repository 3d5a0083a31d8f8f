import { Unknown } from '../../lib/testing/cty';
import { checkConfig } from '../../lib/testing/provider-checks';
import { loadProviderFacts } from '../../lib/testing/schema';
import { isPlaceholder } from '../../lib/testing/stand-in-provider';

const facts = loadProviderFacts();
const rule = (config: Record<string, unknown>, options = {}) =>
  checkConfig(facts.resources.alicloud_security_group_rule!, { ...baseRule, ...config } as never, options);
const baseRule = {
  type: 'ingress',
  ip_protocol: 'all',
  port_range: '-1/-1',
  security_group_id: 'sg-1',
  source_security_group_id: 'sg-1',
  cidr_ip: null,
  ipv6_cidr_ip: null,
  prefix_list_id: null,
  priority: null,
};
const NOTE = '[NOTE] set env variable TF_SKIP_RESOURCE_SCHEMA_VALIDATION to true can skip the error and get a warning';

describe('provider-side checks from validations.json', () => {
  test('a valid peer rule has no findings', () => {
    expect(rule({})).toEqual([]);
  });

  test('an enum value the provider forbids is an error at its path, in the provider words', () => {
    expect(rule({ ip_protocol: 'vrrp' })).toEqual([
      {
        severity: 'error',
        summary: 'expected ip_protocol to be one of [tcp udp icmp icmpv6 gre all], got vrrp',
        detail: NOTE,
        path: ['ip_protocol'],
      },
    ]);
  });

  test('enum values are case-sensitive unless the provider says otherwise', () => {
    expect(rule({ ip_protocol: 'ALL' })).toHaveLength(1);
    const provider = (account_type: string) => checkConfig(facts.provider, { account_type });
    expect(provider('domestic')).toEqual([]); // ignore_case: true
    expect(provider('Galactic')[0]!.summary).toBe('expected account_type to be one of [Domestic International], got Galactic');
  });

  test('int ranges', () => {
    expect(rule({ priority: 100 })).toEqual([]);
    expect(rule({ priority: 0 })[0]!.summary).toBe('expected priority to be in the range (1 - 100), got 0');
  });

  test('int_in_slice and any-of validators', () => {
    const eip = (period: number) => checkConfig(facts.resources.alicloud_eip_address!, { period });
    expect(eip(12)).toEqual([]);
    expect(eip(10)[0]!.summary).toBe('expected period to be one of [0 1 2 3 4 5 6 7 8 9 12 24 36], got 10');
    const instance = (period: number) =>
      checkConfig(facts.resources.alicloud_instance!, { period, image_id: 'i', instance_type: 'ecs.t1' });
    expect(instance(9)).toEqual([]);
    expect(instance(48)).toEqual([]);
    expect(instance(10).map((d) => d.summary)).toEqual([
      'expected period to be in the range (1 - 9), got 10',
      'expected period to be one of [12 24 36 48 60], got 10',
    ]);
  });

  test('regexes with the provider message, and byte lengths', () => {
    const havip = (description: string) => checkConfig(facts.resources.alicloud_havip!, { vswitch_id: 'v', description });
    expect(havip('ok')).toEqual([]);
    expect(havip('x')[0]!.summary).toBe(
      'invalid value for description (The description of the HaVip instance. The length is 2 to 256 characters.)',
    );
    const instanceName = (instance_name: string) =>
      checkConfig(facts.resources.alicloud_instance!, { instance_name, image_id: 'i', instance_type: 'ecs.t1' });
    expect(instanceName('é')).toEqual([]); // two bytes in UTF-8
    expect(instanceName('x')[0]!.summary).toBe('expected length of instance_name to be in the range (2 - 128), got x');
    expect(
      checkConfig(facts.resources.alicloud_instance!, { image_id: 'i', instance_type: 'n1.small' })[0]!.summary,
    ).toBe("invalid value for instance_type (prefix must be 'ecs.')");
  });

  test('validators of map elements are not applied, as in the SDK (v1) the provider is built on', () => {
    const tags = { Owner: 'me', Reserved: 'aliyun-reserved' };
    expect(checkConfig(facts.resources.alicloud_instance!, { image_id: 'i', instance_type: 'ecs.t1', tags })).toEqual([]);
  });

  test('ConflictsWith, ExactlyOneOf and AtLeastOneOf', () => {
    expect(rule({ cidr_ip: '10.0.0.0/8' })).toEqual([
      expect.objectContaining({ summary: '"source_security_group_id": conflicts with cidr_ip', path: ['source_security_group_id'] }),
    ]);
    expect(rule({ source_security_group_id: null })).toEqual([
      expect.objectContaining({
        summary: '"cidr_ip": one of `cidr_ip,ipv6_cidr_ip,prefix_list_id,source_security_group_id` must be specified',
        path: ['cidr_ip'],
      }),
    ]);
    const attachment = (config: Record<string, unknown>) =>
      checkConfig(facts.resources.alicloud_havip_attachment!, { instance_id: 'i', ha_vip_id: null, havip_id: null, ...config });
    expect(attachment({ ha_vip_id: 'havip-1' })).toEqual([]);
    expect(attachment({})[0]!.summary).toBe('"ha_vip_id": one of `ha_vip_id,havip_id` must be specified');
    expect(attachment({ ha_vip_id: 'a', havip_id: 'b' }).map((d) => d.summary)).toEqual([
      '"ha_vip_id": only one of `ha_vip_id,havip_id` can be specified, but `ha_vip_id,havip_id` were specified.',
      "\"havip_id\": [DEPRECATED] Field 'havip_id' has been deprecated since provider version 1.211.0. New field 'ha_vip_id' instead.",
    ]);
  });

  test('deprecated attributes are warnings; removed ones are errors', () => {
    expect(checkConfig(facts.resources.alicloud_havip!, { vswitch_id: 'v', havip_name: 'n' })).toEqual([
      {
        severity: 'warning',
        summary:
          "\"havip_name\": [DEPRECATED] Field 'havip_name' has been deprecated from provider version 1.205.0. New field 'ha_vip_name' instead.",
        path: ['havip_name'],
      },
    ]);
    expect(checkConfig(facts.resources.alicloud_instance!, { image_id: 'i', instance_type: 'ecs.t1', subnet_id: 'vsw-1' })).toEqual([
      expect.objectContaining({ severity: 'error', summary: `"subnet_id": [REMOVED] Field 'subnet_id' has been removed from version 1.210.0` }),
    ]);
  });

  test('nested block attributes are checked per element, with the list index in the path', () => {
    const disks = [{ category: 'cloud_essd' }, { category: 'floppy' }];
    const found = checkConfig(facts.resources.alicloud_instance!, { image_id: 'i', instance_type: 'ecs.t1', data_disks: disks });
    expect(found).toEqual([expect.objectContaining({ path: ['data_disks', 1, 'category'] })]);
    expect(found[0]!.summary).toMatch(/^expected data_disks\.1\.category to be one of \[all cloud /);
  });

  test('unknown values are not judged yet; an unknown alternative counts as given', () => {
    expect(rule({ ip_protocol: Unknown.value, priority: Unknown.value })).toEqual([]);
    expect(rule({ source_security_group_id: Unknown.value, cidr_ip: '10.0.0.0/8' })).toEqual([]);
    expect(rule({ source_security_group_id: null, prefix_list_id: Unknown.value })).toEqual([]);
  });

  test('data source placeholders are treated as unknown', () => {
    const found = checkConfig(
      facts.resources.alicloud_instance!,
      { image_id: 'i', instance_type: 'offline-placeholder:alicloud_instance_types.ids.0' },
      { isPlaceholder },
    );
    expect(found).toEqual([]);
  });

  test('TF_SKIP_RESOURCE_SCHEMA_VALIDATION turns value errors into warnings, as the provider does', () => {
    expect(rule({ ip_protocol: 'vrrp' }, { skipSchemaValidation: true })).toEqual([
      { severity: 'warning', summary: 'expected ip_protocol to be one of [tcp udp icmp icmpv6 gre all], got vrrp', path: ['ip_protocol'] },
    ]);
    expect(rule({ cidr_ip: '10.0.0.0/8' }, { skipSchemaValidation: true })[0]!.severity).toBe('error');
  });
});
