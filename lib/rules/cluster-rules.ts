// Every per-cluster rule, run over the props as given (typed or plain JavaScript).
import type { HaVipClusterProps } from '../havip-cluster-props';
import { checkAddressInVswitch, checkIPv4Address, checkIPv4Cidr, MAX_VSWITCH_PREFIX, MIN_VSWITCH_PREFIX, VSWITCH_MASK_SOURCE } from './address-rules';
import { checkDelivery } from './delivery-rules';
import { checkEip } from './eip-rules';
import type { Finding } from './finding';
import { checkInstance } from './instance-rules';
import { checkKeepalived, checkPriorities, LITERAL_REASON } from './keepalived-rules';
import { resolveLimits, type HaVipLimits } from './limits';
import { checkMemberCount } from './member-rules';
import { checkGateway } from './route-rules';
import { checkIngress } from './security-group-rules';
import {
  checkExistingMembers,
  checkHaVipOptions,
  checkHaVips,
  EXISTING_MEMBERS_SOURCE,
  HAVIP_DESCRIPTION_SOURCE,
  HAVIP_NAME_SOURCE,
  HAVIPS_SOURCE,
} from './shared-member-rules';
import { checkInstanceName, checkResourceId } from './strings';
import { checkDerived, type ClusterContext, type DerivedStrings } from './derived-rules';
import { isInside, snapshotPlainData } from './plain-data';
import { field, FindingCollector, isPlainObject } from './values';

const PROPS_KEYS = ['vpcId', 'vswitchId', 'vswitchCidrBlock', 'havip', 'havips', 'nodes', 'instance', 'keepalived', 'ingress', 'eip', 'networkInterfaces', 'gateway', 'limits', 'delivery', 'deploymentSet'] as const;
const ENI_KEYS = ['instanceVswitchId'] as const;
export const ENI_CIDR_SOURCE = 'HaVipClusterProps.networkInterfaces: the boot configures the ENI\'s address with the vSwitch\'s mask';
const HAVIP_KEYS = ['ipAddress', 'name', 'description'] as const;
const NODE_KEYS = ['privateIp', 'priority', 'name', 'instanceId'] as const;
export const DISTINCT_ADDRESS_SOURCE = 'one address per member: the HaVip address and every node address are distinct';
export { HAVIP_DESCRIPTION_SOURCE, HAVIP_NAME_SOURCE };

export interface ValidateOptions {
  /** The instance name prefix used when `instance.namePrefix` is not given (the construct id). */
  readonly defaultNamePrefix?: string;
}

/**
 * Runs every per-cluster rule and returns all findings: errors, warnings and infos. Never throws:
 * wrong types, missing fields and tokens become findings. `isToken` tells unresolved tokens apart
 * (the construct passes cdktf's `Token.isUnresolved`), so this module needs no cdktf.
 */
export function validateClusterProps(
  props: HaVipClusterProps | unknown,
  isToken: (value: unknown) => boolean,
  options: ValidateOptions = {},
): Finding[] {
  return [...readClusterProps(props, isToken, { id: options.defaultNamePrefix }).findings];
}

/** What HaVipCluster builds from: the props read once, and every finding about them. */
export interface ClusterSnapshot {
  /** The props as read, frozen plain data: build only from this, and only when there is no error. */
  readonly props: HaVipClusterProps;
  /** `limits` merged over DEFAULT_HAVIP_LIMITS. */
  readonly limits: HaVipLimits;
  /** The names and descriptions of the cluster's resources. */
  readonly derived: DerivedStrings;
  /** Every finding: errors, warnings and infos. */
  readonly findings: Finding[];
}

/**
 * Reads every prop exactly once into a frozen plain-data snapshot (snapshotPlainData: a Map, a Date,
 * a class instance, a proxy or a hole is an error), runs every per-cluster rule on the snapshot, and
 * checks the construct ids and the strings derived from the props. Pure: no cdktf.
 */
export function readClusterProps(raw: unknown, isToken: (value: unknown) => boolean, context: ClusterContext = {}): ClusterSnapshot {
  const snapshot = snapshotPlainData(raw, { isToken, mapProps: ['instance.tags'] });
  const outside = (f: Finding) => !snapshot.rejected.some((r) => isInside(f.prop, r));
  const findings = [...snapshot.findings, ...checkClusterProps(snapshot.value, isToken, { defaultNamePrefix: context.id }).filter(outside)];
  const c = new FindingCollector(isToken);
  const failed = (prop: string) => snapshot.rejected.some((r) => isInside(prop, r)) || findings.some((f) => f.level === 'error' && isInside(f.prop, prop));
  const derived = checkDerived(c, snapshot.value, context, failed);
  findings.push(...c.findings);
  const p = isPlainObject(snapshot.value) ? snapshot.value : {};
  const { limits } = resolveLimits(field(p, 'limits'), 'limits', isToken);
  return { props: snapshot.value as HaVipClusterProps, limits, derived, findings };
}

/** Every per-cluster rule, on props already read into plain data. */
function checkClusterProps(
  props: unknown,
  isToken: (value: unknown) => boolean,
  options: ValidateOptions = {},
): Finding[] {
  const c = new FindingCollector(isToken);
  const p = c.object('props', props, 'HaVipClusterProps', PROPS_KEYS, '');
  if (!p) return c.findings;
  const get = (key: string) => field(p, key);

  const { limits, findings: limitFindings } = resolveLimits(get('limits'), 'limits', isToken);
  c.findings.push(...limitFindings);

  for (const key of ['vpcId', 'vswitchId']) {
    const source = `HaVipClusterProps.${key}`;
    if (c.required(key, get(key), source)) checkResourceId(c, key, get(key), source);
  }

  let cidr: { network: string; prefix: number } | undefined;
  if (get('vswitchCidrBlock') !== undefined) {
    cidr = checkIPv4Cidr(c, 'vswitchCidrBlock', get('vswitchCidrBlock'), VSWITCH_MASK_SOURCE, 'the address checks against the vSwitch');
    if (cidr && (cidr.prefix < MIN_VSWITCH_PREFIX || cidr.prefix > MAX_VSWITCH_PREFIX)) {
      c.error('vswitchCidrBlock', get('vswitchCidrBlock'), `must have a mask length from ${MIN_VSWITCH_PREFIX} to ${MAX_VSWITCH_PREFIX}`, VSWITCH_MASK_SOURCE);
      cidr = undefined;
    }
  }

  // The addresses: every literal one is IPv4, inside the vSwitch when its block is known, distinct.
  const addresses: { prop: string; address: string }[] = [];
  const sharedHaVips = get('havips') !== undefined;
  if (get('havip') !== undefined) {
    const h = c.object('havip', get('havip'), 'HaVipOptions', HAVIP_KEYS);
    if (h) addresses.push(...checkHaVipOptions(c, 'havip', h));
    if (sharedHaVips) c.error('havip', get('havip'), 'must not be set with havips: list every HaVip in havips', HAVIPS_SOURCE);
  }

  let nodeCount = 0;
  let existingMembers = false;
  if (c.required('nodes', get('nodes'), 'HaVipClusterProps.nodes')) {
    const nodes = c.array('nodes', get('nodes'), 'HaVipClusterProps.nodes');
    if (nodes) {
      nodeCount = nodes.length;
      existingMembers = checkExistingMembers(c, nodes);
      c.findings.push(...checkMemberCount('nodes', nodes.length, limits));
      const priorities: unknown[] = [];
      nodes.forEach((value, i) => {
        const prop = `nodes[${i}]`;
        const n = c.object(prop, value, 'ClusterNode', NODE_KEYS);
        priorities.push(n ? field(n, 'priority') : undefined);
        if (!n) return;
        if (c.required(`${prop}.privateIp`, field(n, 'privateIp'), 'ClusterNode.privateIp')) {
          const address = checkIPv4Address(c, `${prop}.privateIp`, field(n, 'privateIp'), `${LITERAL_REASON} (unicast_src_ip, unicast_peer)`);
          if (address !== undefined) addresses.push({ prop: `${prop}.privateIp`, address });
        }
        if (field(n, 'name') !== undefined && !existingMembers) checkInstanceName(c, `${prop}.name`, field(n, 'name'));
      });
      checkPriorities(c, priorities);
    }
  }

  if (existingMembers) {
    if (get('instance') !== undefined) {
      c.error('instance', get('instance'), 'must not be set when the nodes are existing instances (nodes[].instanceId): the cluster creates none', EXISTING_MEMBERS_SOURCE);
    }
  } else if (c.required('instance', get('instance'), 'HaVipClusterProps.instance')) {
    checkInstance(c, get('instance'), nodeCount, options.defaultNamePrefix);
  }
  let preempt = false;
  if (c.required('keepalived', get('keepalived'), 'HaVipClusterProps.keepalived')) {
    preempt = checkKeepalived(c, get('keepalived'), { sharedHaVips, eniMembers: get('networkInterfaces') !== undefined }).preempt;
  }
  if (sharedHaVips) {
    addresses.unshift(...checkHaVips(c, get('havips'), { nodeCount, limits, preempt }));
    if (get('eip') !== undefined) {
      c.error('eip', get('eip'), 'must not be set with havips: associate an EIP with one of cluster.havips yourself (alicloud_eip_association, instance_type HaVip)', HAVIPS_SOURCE);
    }
  }
  if (cidr) {
    for (const { prop, address } of addresses) checkAddressInVswitch(c, prop, address, cidr);
  }
  const firstUse = new Map<string, string>();
  for (const { prop, address } of addresses) {
    const other = firstUse.get(address);
    if (other === undefined) firstUse.set(address, prop);
    else c.error(prop, address, `must differ from ${other}`, DISTINCT_ADDRESS_SOURCE);
  }
  if (get('networkInterfaces') !== undefined) {
    // ENI members are created with their instances, one HaVip each (not combined with issue 16's set-ups yet).
    if (existingMembers) c.error('networkInterfaces', get('networkInterfaces'), 'must not be set with existing instances (nodes[].instanceId): ENI members are created with the cluster\'s own instances', EXISTING_MEMBERS_SOURCE);
    if (sharedHaVips) c.error('networkInterfaces', get('networkInterfaces'), 'must not be set with havips: ENI members carry one HaVip', HAVIPS_SOURCE);
    const n = c.object('networkInterfaces', get('networkInterfaces'), 'NetworkInterfaceOptions', ENI_KEYS);
    if (n && field(n, 'instanceVswitchId') !== undefined) {
      checkResourceId(c, 'networkInterfaces.instanceVswitchId', field(n, 'instanceVswitchId'), 'alicloud_instance.vswitch_id');
    }
    if (get('vswitchCidrBlock') === undefined) {
      c.error('vswitchCidrBlock', undefined, 'is required with networkInterfaces: the ENI\'s address is configured with its mask when the image has not', ENI_CIDR_SOURCE);
    } else if (c.token(get('vswitchCidrBlock'))) {
      c.error('vswitchCidrBlock', get('vswitchCidrBlock'), 'must be a literal with networkInterfaces: its mask is written into the boot script', ENI_CIDR_SOURCE);
    }
  }
  checkGateway(c, get('gateway'), cidr, limits);
  checkIngress(c, get('ingress'));
  checkEip(c, get('eip'), limits);
  checkDelivery(c, p, nodeCount, existingMembers);
  return c.findings;
}
