// The ECS settings shared by every node.
import { error, type Finding } from './finding';
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
/**
 * System disk sizes by category (GiB), RunInstances API, SystemDisk.Size: basic disks (cloud) 20 to
 * 500; ESSD at PL1, the default performance level (cloud_essd) 20 to 2048; ESSD AutoPL (cloud_auto)
 * 1 to 2048; ESSD Entry (cloud_essd_entry) 10 to 2048; other categories 20 to 2048. The provider's
 * default category is cloud_efficiency. The image may need more; Alibaba checks that at apply time.
 */
export const SYSTEM_DISK_SIZE_BY_CATEGORY: Readonly<Record<string, { readonly min: number; readonly max: number }>> = {
  cloud: { min: 20, max: 500 },
  cloud_essd: { min: 20, max: 2048 },
  cloud_auto: { min: 1, max: 2048 },
  cloud_essd_entry: { min: 10, max: 2048 },
};
export const DEFAULT_SYSTEM_DISK_SIZE = { min: 20, max: 2048 } as const;
export const SYSTEM_DISK_SIZE_SOURCE = 'RunInstances API: SystemDisk.Size (GiB) by SystemDisk.Category';
export const TAG_SOURCE = 'ECS tags: key 1 to 128 characters, not starting with aliyun, acs:, http:// or https://; value up to 128 characters';
/** RunInstances API: Tag.N, N from 1 to 20. */
export const MAX_TAGS = 20;
export const TAG_COUNT_SOURCE = 'RunInstances API: Tag.N (at most 20 tags per instance)';
/**
 * ECS limits: an instance (its primary ENI) belongs to at most 5 security groups by default; the
 * cluster adds its own group, so at most 4 more.
 */
export const MAX_SECURITY_GROUPS_PER_INSTANCE = 5;
export const SECURITY_GROUPS_SOURCE = 'ECS limits: "Security groups to which an ECS instance can belong": 5 (the cluster adds its own)';
/** The provider refuses any other instance type (validations.json: alicloud_instance.instance_type `^ecs\..*`). */
export const INSTANCE_TYPE_PATTERN = /^ecs\./;
export const INSTANCE_TYPE_SOURCE = `${PROVIDER}: alicloud_instance.instance_type, "prefix must be 'ecs.'"`;
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
    if (c.required(`instance.${key}`, get(key), source)) {
      const id = checkResourceId(c, `instance.${key}`, get(key), source);
      if (key === 'instanceType' && id !== undefined && !INSTANCE_TYPE_PATTERN.test(id)) {
        c.error('instance.instanceType', id, 'must start with "ecs.", e.g. ecs.g7.large', INSTANCE_TYPE_SOURCE);
      }
    }
  }
  const category = checkEnum(c, 'instance.systemDiskCategory', get('systemDiskCategory'), SYSTEM_DISK_CATEGORIES, `${PROVIDER}: alicloud_instance.system_disk_category`);
  if (get('systemDiskSize') !== undefined) {
    const size = c.integer('instance.systemDiskSize', get('systemDiskSize'), { ...SYSTEM_DISK_SIZE, tokenOk: true });
    const known = get('systemDiskCategory') === undefined ? 'cloud_efficiency' : category;
    if (size !== undefined && known !== undefined) {
      const range = SYSTEM_DISK_SIZE_BY_CATEGORY[known] ?? DEFAULT_SYSTEM_DISK_SIZE;
      if (size < range.min || size > range.max) {
        c.error('instance.systemDiskSize', size, `must be from ${range.min} to ${range.max} GiB for a ${known} system disk`, SYSTEM_DISK_SIZE_SOURCE);
      }
    }
  }
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
    if (ids && ids.length + 1 > MAX_SECURITY_GROUPS_PER_INSTANCE) {
      c.error('instance.securityGroupIds', ids.length, `must list at most ${MAX_SECURITY_GROUPS_PER_INSTANCE - 1} groups: with the cluster's own that makes ${ids.length + 1}, at most ${MAX_SECURITY_GROUPS_PER_INSTANCE} per instance`, SECURITY_GROUPS_SOURCE);
    }
  }
  const tags = get('tags');
  if (tags !== undefined) {
    if (c.token(tags)) {
      c.error('instance.tags', tags, 'must be a literal object, not a token: its keys are checked at synth time', TAG_SOURCE);
    } else if (!isPlainObject(tags)) {
      c.error('instance.tags', tags, 'must be a literal object of string keys and values', TAG_SOURCE);
    } else {
      const count = Object.keys(tags).length;
      if (count > MAX_TAGS) c.error('instance.tags', count, `must have at most ${MAX_TAGS} tags, got ${count}`, TAG_COUNT_SOURCE);
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

/**
 * RunInstances API, UserData: Base64-encoded, at most 32 KB of raw data. (Alibaba's older user-data
 * guide for Windows instances said 16 KB; the API reference says 32 KB.)
 */
export const MAX_USER_DATA_BYTES = 32 * 1024;
export const USER_DATA_SOURCE = 'RunInstances API: UserData, at most 32 KB before Base64 encoding';

/** Each node's boot script (user_data before Base64) fits the API's limit. */
export function checkUserDataSize(scripts: readonly string[]): Finding[] {
  return scripts.flatMap((script, i) => {
    const bytes = Buffer.byteLength(script, 'utf8');
    return bytes > MAX_USER_DATA_BYTES
      ? [error(`nodes[${i}] user_data`, bytes, `must be at most ${MAX_USER_DATA_BYTES} bytes, got ${bytes}: fewer members, tracked interfaces or a shorter health check`, USER_DATA_SOURCE)]
      : [];
  });
}
