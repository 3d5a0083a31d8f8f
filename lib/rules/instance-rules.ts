// The ECS settings shared by every node.
import { checkInstanceNamePrefix, checkResourceId, checkText } from './strings';
import { field, isPlainObject, type FindingCollector } from './values';

const PROVIDER = 'alicloud provider 1.289.0';
export const INSTANCE_CHARGE_TYPES = ['PrePaid', 'PostPaid'] as const;
export const SPOT_STRATEGIES = ['NoSpot', 'SpotAsPriceGo', 'SpotWithPriceLimit'] as const;
export const SYSTEM_DISK_CATEGORIES = [
  'all',
  'cloud',
  'ephemeral_ssd',
  'cloud_essd',
  'cloud_efficiency',
  'cloud_ssd',
  'local_disk',
  'cloud_auto',
  'cloud_essd_entry',
] as const;
export const SYSTEM_DISK_SIZE = { min: 1, max: 65536, source: `${PROVIDER}: alicloud_instance.system_disk_size (GiB)` } as const;
export const TAG_SOURCE = 'ECS tags: key 1 to 128 characters, not starting with aliyun, acs:, http:// or https://; value up to 128 characters';
const INSTANCE_KEYS = [
  'instanceType',
  'imageId',
  'systemDiskCategory',
  'systemDiskSize',
  'instanceChargeType',
  'spotStrategy',
  'spotPriceLimit',
  'keyName',
  'tags',
  'namePrefix',
  'securityGroupIds',
] as const;

function checkEnum(c: FindingCollector, prop: string, value: unknown, allowed: readonly string[], source: string): string | undefined {
  if (value === undefined || c.tokenHandled(prop, value, 'the allowed-values check', source)) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    c.error(prop, value, `must be one of ${allowed.join(', ')}`, source);
    return undefined;
  }
  return value;
}

/** The `instance` props; `nodeCount` bounds the default names `<namePrefix>-<n>`. */
export function checkInstance(c: FindingCollector, value: unknown, nodeCount: number, defaultNamePrefix?: string): void {
  const o = c.object('instance', value, 'InstanceOptions', INSTANCE_KEYS);
  if (!o) return;
  const get = (key: string) => field(o, key);
  for (const key of ['instanceType', 'imageId']) {
    const source = `${PROVIDER}: alicloud_instance.${key === 'imageId' ? 'image_id' : 'instance_type'}`;
    if (c.required(`instance.${key}`, get(key), source)) checkResourceId(c, `instance.${key}`, get(key), source);
  }
  checkEnum(c, 'instance.systemDiskCategory', get('systemDiskCategory'), SYSTEM_DISK_CATEGORIES, `${PROVIDER}: alicloud_instance.system_disk_category`);
  if (get('systemDiskSize') !== undefined) c.integer('instance.systemDiskSize', get('systemDiskSize'), { ...SYSTEM_DISK_SIZE, tokenOk: true });
  const charge = checkEnum(c, 'instance.instanceChargeType', get('instanceChargeType'), INSTANCE_CHARGE_TYPES, `${PROVIDER}: alicloud_instance.instance_charge_type`);
  const spot = checkEnum(c, 'instance.spotStrategy', get('spotStrategy'), SPOT_STRATEGIES, `${PROVIDER}: alicloud_instance.spot_strategy`);
  if (charge === 'PrePaid' && spot !== undefined && spot !== 'NoSpot') {
    c.error('instance.spotStrategy', spot, 'only applies to PostPaid instances', `${PROVIDER}: alicloud_instance.spot_strategy`);
  }
  const limit = get('spotPriceLimit');
  if (limit !== undefined && !c.tokenHandled('instance.spotPriceLimit', limit, 'the price check', 'alicloud_instance.spot_price_limit')) {
    if (typeof limit !== 'number' || !Number.isFinite(limit) || limit <= 0) {
      c.error('instance.spotPriceLimit', limit, 'must be a positive number (price per hour)', `${PROVIDER}: alicloud_instance.spot_price_limit`);
    } else if (get('spotStrategy') !== 'SpotWithPriceLimit') {
      c.error('instance.spotPriceLimit', limit, 'only applies with spotStrategy SpotWithPriceLimit', `${PROVIDER}: alicloud_instance.spot_price_limit`);
    }
  }
  if (get('keyName') !== undefined) {
    checkText(c, 'instance.keyName', get('keyName'), { source: 'ECS key pair names: 2 to 128 characters', minChars: 2, maxChars: 128 });
  }
  if (get('namePrefix') !== undefined) checkInstanceNamePrefix(c, 'instance.namePrefix', get('namePrefix'), nodeCount);
  else if (defaultNamePrefix !== undefined) checkInstanceNamePrefix(c, 'instance.namePrefix (default: the construct id)', defaultNamePrefix, nodeCount);
  if (get('securityGroupIds') !== undefined) {
    const ids = c.array('instance.securityGroupIds', get('securityGroupIds'), 'alicloud_instance.security_groups');
    ids?.forEach((id, i) => checkResourceId(c, `instance.securityGroupIds[${i}]`, id, 'alicloud_instance.security_groups'));
  }
  const tags = get('tags');
  if (tags !== undefined) {
    if (c.token(tags) || !isPlainObject(tags)) {
      c.error('instance.tags', tags, 'must be a literal object of string keys and values', TAG_SOURCE);
    } else {
      for (const key of Object.keys(tags)) {
        if (checkText(c, `instance.tags[${JSON.stringify(key)}]`, key, { source: TAG_SOURCE, maxChars: 128, noUrlPrefix: true }) !== undefined) {
          if (/^(aliyun|acs:)/i.test(key)) c.error(`instance.tags[${JSON.stringify(key)}]`, key, 'must not start with aliyun or acs:', TAG_SOURCE);
        }
        const v = field(tags, key);
        checkText(c, `instance.tags[${JSON.stringify(key)}]`, v, { source: TAG_SOURCE, minChars: 0, maxChars: 128, noUrlPrefix: true });
      }
    }
  }
}
