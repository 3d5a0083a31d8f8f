// Rules for member sets the cluster does not create or does not own alone: existing ECS instances
// as members (`nodes[].instanceId`) and several HaVips on one member set (`havips`).
import { checkIPv4Address } from './address-rules';
import { checkHealthCheck, PRIORITY, VIRTUAL_ROUTER_ID, LITERAL_REASON } from './keepalived-rules';
import { limitSource, type HaVipLimits } from './limits';
import { checkText, checkResourceId } from './strings';
import { field, type FindingCollector } from './values';

export const SHARED_HAVIP_KEYS = ['ipAddress', 'name', 'description', 'virtualRouterId', 'priorities', 'healthCheck'] as const;
export const HAVIPS_SOURCE = 'HaVipClusterProps.havips: one vrrp_instance per HaVip on the same members';
export const DISTINCT_VRID_SOURCE =
  'keepalived.conf(5): each vrrp_instance on an interface needs its own virtual_router_id; Alibaba Cloud HaVip guide: different clusters in one VPC use different virtual_router_id values';
export const PREFER_DIFFERENT_SOURCE =
  'keepalived: without preempt a VIP that moved never moves back, so after one failover one member holds every HaVip';
export const INSTANCE_ID_SOURCE = 'ECS DescribeInstances API: InstanceId, e.g. i-bp67acfmxazb4p****';
export const EXISTING_MEMBERS_SOURCE =
  'HaVipClusterProps.nodes[].instanceId: with existing instances the cluster creates none, so every node names one';
export const HAVIP_NAME_SOURCE = 'CreateHaVip API: Name, 1 to 128 characters, not starting with http:// or https://';
export const HAVIP_DESCRIPTION_SOURCE = 'alicloud provider 1.289.0: alicloud_havip.description, 2 to 256 characters';

/** ECS instance ids: `i-` and letters and digits (Alibaba's ids are lower-case; 2..64 in all). */
const INSTANCE_ID = /^i-[A-Za-z0-9]{1,62}$/;

/** An address of the cluster, for the distinct and in-vSwitch checks. */
export interface PropAddress {
  readonly prop: string;
  readonly address: string;
}

/**
 * `havips`: 1..haVipsPerInstance HaVips (every member is associated with each), each with a literal
 * router id, distinct; priorities (when given) one per node, 1..254, distinct; a health check of its
 * own (checked like keepalived.healthCheck). Returns the literal addresses for the address checks.
 */
export function checkHaVips(
  c: FindingCollector,
  value: unknown,
  options: { readonly nodeCount: number; readonly limits: HaVipLimits; readonly preempt: boolean },
): PropAddress[] {
  const addresses: PropAddress[] = [];
  const list = c.array('havips', value, HAVIPS_SOURCE);
  if (!list) return addresses;
  if (list.length < 1) {
    c.error('havips', list.length, 'must list at least 1 HaVip (or leave havips out and use havip)', HAVIPS_SOURCE);
  } else if (list.length > options.limits.haVipsPerInstance) {
    c.error('havips', list.length, `must list at most ${options.limits.haVipsPerInstance} HaVips: every member is associated with each`, limitSource('haVipsPerInstance', options.limits));
  }
  if (list.length > 1 && !options.preempt) {
    c.warning('keepalived.preempt', false, `with ${list.length} HaVips each prefers a different member only with preempt: true`, PREFER_DIFFERENT_SOURCE);
  }
  const vrids = new Map<number, number>();
  list.forEach((entry, k) => {
    const prop = `havips[${k}]`;
    const h = c.object(prop, entry, 'SharedHaVipOptions', SHARED_HAVIP_KEYS);
    if (!h) return;
    addresses.push(...checkHaVipOptions(c, prop, h));
    if (c.required(`${prop}.virtualRouterId`, field(h, 'virtualRouterId'), VIRTUAL_ROUTER_ID.source)) {
      const vrid = c.integer(`${prop}.virtualRouterId`, field(h, 'virtualRouterId'), { ...VIRTUAL_ROUTER_ID, literalReason: LITERAL_REASON });
      if (vrid !== undefined) {
        const other = vrids.get(vrid);
        if (other !== undefined) c.error(`${prop}.virtualRouterId`, vrid, `must differ from havips[${other}].virtualRouterId`, DISTINCT_VRID_SOURCE);
        else vrids.set(vrid, k);
      }
    }
    if (field(h, 'priorities') !== undefined) checkHaVipPriorities(c, `${prop}.priorities`, field(h, 'priorities'), options.nodeCount);
    if (field(h, 'healthCheck') !== undefined) checkHealthCheck(c, `${prop}.healthCheck`, field(h, 'healthCheck'), options.preempt);
  });
  return addresses;
}

/** An HaVip's address, name and description (`havip`, `havips[k]`); returns its literal address. */
export function checkHaVipOptions(c: FindingCollector, prop: string, h: Record<string, unknown>): PropAddress[] {
  const addresses: PropAddress[] = [];
  if (field(h, 'ipAddress') !== undefined) {
    const address = checkIPv4Address(c, `${prop}.ipAddress`, field(h, 'ipAddress'));
    if (address !== undefined) addresses.push({ prop: `${prop}.ipAddress`, address });
  }
  if (field(h, 'name') !== undefined) {
    checkText(c, `${prop}.name`, field(h, 'name'), { source: HAVIP_NAME_SOURCE, maxChars: 128, noUrlPrefix: true });
  }
  if (field(h, 'description') !== undefined) {
    checkText(c, `${prop}.description`, field(h, 'description'), { source: HAVIP_DESCRIPTION_SOURCE, minChars: 2, maxChars: 256, noUrlPrefix: true });
  }
  return addresses;
}

function checkHaVipPriorities(c: FindingCollector, prop: string, value: unknown, nodeCount: number): void {
  const list = c.array(prop, value, PRIORITY.source);
  if (!list) return;
  if (list.length !== nodeCount) {
    c.error(prop, list.length, `must give one priority per node (${nodeCount}), got ${list.length}`, PRIORITY.source);
    return;
  }
  const seen = new Map<number, number>();
  list.forEach((raw, i) => {
    const priority = c.integer(`${prop}[${i}]`, raw, { ...PRIORITY, literalReason: LITERAL_REASON });
    if (priority === undefined) return;
    const other = seen.get(priority);
    if (other !== undefined) c.error(`${prop}[${i}]`, priority, `must differ from ${prop}[${other}]: priorities must be distinct so one member wins`, PRIORITY.source);
    else seen.set(priority, i);
  });
}

/**
 * Existing instances as members: either every node has an `instanceId` or none; a literal id looks
 * like an ECS instance id, a token is fine (an info); no instance twice; `nodes[].name` names an
 * instance the cluster would create, so not with an id. Returns whether the members are existing
 * instances.
 */
export function checkExistingMembers(c: FindingCollector, nodes: readonly unknown[]): boolean {
  const ids = nodes.map((n) => (typeof n === 'object' && n !== null ? field(n as Record<string, unknown>, 'instanceId') : undefined));
  const given = ids.filter((id) => id !== undefined).length;
  if (given === 0) return false;
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    const prop = `nodes[${i}].instanceId`;
    if (id === undefined) {
      c.error(prop, id, `is required: ${given} of ${nodes.length} nodes name an existing instance, and the cluster either creates every member or none`, EXISTING_MEMBERS_SOURCE);
      return;
    }
    const node = nodes[i] as Record<string, unknown>;
    if (field(node, 'name') !== undefined) {
      c.error(`nodes[${i}].name`, field(node, 'name'), 'names an instance the cluster creates: not allowed with instanceId (the instance keeps its name)', EXISTING_MEMBERS_SOURCE);
    }
    if (c.token(id)) {
      c.info(prop, id, 'is a token: the instance id check is skipped until apply', INSTANCE_ID_SOURCE);
    } else {
      const text = checkResourceId(c, prop, id, INSTANCE_ID_SOURCE);
      if (text === undefined) return;
      if (!INSTANCE_ID.test(text)) {
        c.error(prop, text, 'must be an ECS instance id: "i-" and letters or digits', INSTANCE_ID_SOURCE);
        return;
      }
    }
    const key = String(id);
    const other = seen.get(key);
    if (other !== undefined) c.error(prop, id, `must differ from nodes[${other}].instanceId: one member per instance`, EXISTING_MEMBERS_SOURCE);
    else seen.set(key, i);
  });
  return true;
}
