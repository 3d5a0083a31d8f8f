// App-wide rules: quotas that span clusters (per VPC, per account, per instance), virtual_router_id
// uniqueness per VPC, members per HaVip across attachments, and the provider's region. Pure counting:
// the Aspect in havip-app-checks.ts collects the input from the construct tree.
import { error, info, type PathFinding } from './finding';
import { limitSource, type HaVipLimits } from './limits';
import { checkMemberTypes, SAME_VSWITCH_SOURCE, type HaVipMemberType } from './member-rules';
import { HAVIP_SUPPORTED_REGIONS, isHaVipSupportedRegion, REGION_SOURCE } from './regions';

export const VRID_PER_VPC_SOURCE =
  'Alibaba Cloud HaVip guide: "Different primary/secondary clusters in the same VPC must have different virtual_router_id values"';

/** One HaVip of the app: a cluster's, or a raw `alicloud_havip` resource. */
export interface AppHaVip {
  /** The construct path (the cluster's, or the resource's). */
  readonly path: string;
  /** Whether it belongs to a HaVipCluster (only clusters have a virtual_router_id). */
  readonly cluster: boolean;
  /** Identifies the VPC (a literal id or a reference), when it can be told. */
  readonly vpcKey?: string;
  /** The VPC as shown in messages. */
  readonly vpcLabel?: string;
  /** The cluster's virtual_router_id, when a literal. */
  readonly virtualRouterId?: number;
  /** How many HaVips the construct stands for (a resource with `count`). @default 1 */
  readonly count?: number;
}

/** One `alicloud_havip_attachment` of the app. */
export interface AppAttachment {
  readonly path: string;
  /** Identifies the HaVip (literal id or reference), when it can be told. */
  readonly haVipKey?: string;
  /** Identifies the member (literal id or reference), when it can be told. */
  readonly instanceKey?: string;
  readonly instanceLabel?: string;
  readonly type: HaVipMemberType;
  /** The member's vSwitch, when it can be told (a member created in the app). */
  readonly memberVswitch?: VswitchIdentity;
  /** The HaVip's vSwitch, when it can be told. */
  readonly haVipVswitch?: VswitchIdentity;
}

/**
 * A vSwitch as far as synth time can tell: two literal ids, or two alicloud_vswitch resources of the
 * app, differ exactly when their keys differ. Other references (variables, data sources) may hold
 * the same id, so they are never compared.
 */
export interface VswitchIdentity {
  readonly key: string;
  readonly label: string;
  readonly kind: 'literal' | 'resource' | 'other';
}

function differentVswitches(a: VswitchIdentity, b: VswitchIdentity): boolean {
  return a.kind !== 'other' && a.kind === b.kind && a.key !== b.key;
}

/** The region of an alicloud provider an HaVip uses. */
export interface AppRegion {
  readonly path: string;
  /** The literal region, undefined when not set. */
  readonly region?: string;
  /** Whether the region is an unresolved token. */
  readonly token: boolean;
}

/** A vSwitch given together with its VPC: by a cluster (vswitchId, vpcId) or an alicloud_vswitch. */
export interface AppVswitchVpc {
  readonly path: string;
  /** The prop or attribute that names the VPC. */
  readonly prop: string;
  readonly vswitch: VswitchIdentity;
  readonly vpc: VswitchIdentity;
}

/** A literal private address the app gives a member or an HaVip, in its vSwitch. */
export interface AppAddress {
  readonly path: string;
  /** The attribute, e.g. `private_ip`. */
  readonly prop: string;
  readonly address: string;
  readonly vswitch: VswitchIdentity;
  /** What holds the address, for messages: `an ECS instance`, `the HaVip`. */
  readonly holder: string;
}

export interface AppInput {
  readonly haVips: readonly AppHaVip[];
  readonly attachments: readonly AppAttachment[];
  readonly regions: readonly AppRegion[];
  /** Every vSwitch given with its VPC. @default none */
  readonly vswitchVpcs?: readonly AppVswitchVpc[];
  /** Every literal address of a member or an HaVip. @default none */
  readonly addresses?: readonly AppAddress[];
}

export const VSWITCH_VPC_SOURCE = 'CreateVSwitch API: a vSwitch is created in exactly one VPC (VpcId)';
export const ADDRESS_IN_VSWITCH_SOURCE =
  'Alibaba Cloud VPC: a private IP address belongs to one ENI or HaVip of its vSwitch (InvalidPrivateIpAddress.Duplicated)';

/** Union-find over VPC keys: VPCs given for one vSwitch are one VPC. */
function vpcUnion(vswitchVpcs: readonly AppVswitchVpc[]): (vpcKey: string) => string {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    return root;
  };
  for (const [, group] of groupBy(vswitchVpcs, (v) => v.vswitch.key)) {
    const first = find(group[0].vpc.key);
    for (const v of group.slice(1)) {
      const root = find(v.vpc.key);
      if (root !== first) parent.set(root, first);
    }
  }
  return find;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

/** Every app-wide finding, each with the construct path it is about. */
export function checkAppWide(input: AppInput, limits: HaVipLimits): PathFinding[] {
  const findings: PathFinding[] = [];
  const at = (path: string, f: ReturnType<typeof error>) => findings.push({ ...f, path });
  const count = (h: AppHaVip) => h.count ?? 1;

  // HaVips per account: the app is all we can see of the account.
  const total = input.haVips.reduce((n, h) => n + count(h), 0);
  if (total > limits.haVipsPerAccount) {
    let running = 0;
    const over = input.haVips.find((h) => (running += count(h)) > limits.haVipsPerAccount) ?? input.haVips[0];
    at(
      over.path,
      error('havip', total, `makes ${total} HaVips in this app; at most ${limits.haVipsPerAccount} per account`, limitSource('haVipsPerAccount', limits)),
    );
  }

  // One vSwitch, one VPC: two VPCs that can be told apart given for one vSwitch are an error; VPCs
  // that cannot be told apart (references) are the same VPC for the per-VPC checks below.
  const vswitchVpcs = input.vswitchVpcs ?? [];
  for (const [, group] of groupBy(vswitchVpcs, (v) => v.vswitch.key)) {
    const first = group[0];
    for (const v of group.slice(1)) {
      if (differentVswitches(v.vpc, first.vpc)) {
        at(v.path, error(v.prop, v.vpc.label, `must be the VPC of vSwitch ${v.vswitch.label}, which ${first.path} puts in VPC ${first.vpc.label}`, VSWITCH_VPC_SOURCE));
      }
    }
  }
  const vpcOf = vpcUnion(vswitchVpcs);

  // One address, one holder per vSwitch: members and HaVips of every cluster and raw resource.
  for (const [, group] of groupBy(input.addresses ?? [], (a) => `${a.vswitch.key}|${a.address}`)) {
    const first = group[0];
    for (const a of group.slice(1)) {
      at(a.path, error(a.prop, a.address, `is also the address of ${first.path} (${first.holder}) in vSwitch ${a.vswitch.label}`, ADDRESS_IN_VSWITCH_SOURCE));
    }
  }

  // HaVips per VPC, and virtual_router_id unique per VPC.
  for (const [, haVips] of groupBy(input.haVips, (h) => (h.vpcKey === undefined ? undefined : vpcOf(h.vpcKey)))) {
    const inVpc = haVips.reduce((n, h) => n + count(h), 0);
    const vpc = haVips[0].vpcLabel ?? haVips[0].vpcKey;
    if (inVpc > limits.haVipsPerVpc) {
      let running = 0;
      const over = haVips.find((h) => (running += count(h)) > limits.haVipsPerVpc) ?? haVips[0];
      at(over.path, error('vpcId', vpc, `has ${inVpc} HaVips in this app; at most ${limits.haVipsPerVpc} per VPC`, limitSource('haVipsPerVpc', limits)));
    }
    const byVrid = new Map<number, AppHaVip>();
    for (const h of haVips) {
      if (!h.cluster || h.virtualRouterId === undefined) continue;
      const other = byVrid.get(h.virtualRouterId);
      if (other) {
        at(
          h.path,
          error('keepalived.virtualRouterId', h.virtualRouterId, `must differ from ${other.path}, a cluster in the same VPC ${vpc}`, VRID_PER_VPC_SOURCE),
        );
      } else {
        byVrid.set(h.virtualRouterId, h);
      }
    }
  }
  for (const h of input.haVips) {
    if (h.cluster && h.vpcKey === undefined) {
      at(h.path, info('vpcId', h.vpcLabel, "is a token whose VPC cannot be told at synth time: the per-VPC checks (virtual_router_id uniqueness, HaVips per VPC) skip it", VRID_PER_VPC_SOURCE));
    }
  }

  // Members per HaVip and one member type, over every attachment of the app.
  for (const [, attachments] of groupBy(input.attachments, (a) => a.haVipKey)) {
    const members = groupBy(attachments, (a) => a.instanceKey ?? a.path);
    if (members.size > limits.membersPerHaVip) {
      const over = attachments[attachments.length - 1];
      at(over.path, error('haVipId', over.haVipKey, `attaches ${members.size} members to one HaVip; at most ${limits.membersPerHaVip}`, limitSource('membersPerHaVip', limits)));
    }
    for (const f of checkMemberTypes(attachments.map((a) => ({ prop: a.path, type: a.type })))) {
      at(f.prop, { ...f, prop: 'instanceType' });
    }
    for (const a of attachments) {
      if (a.memberVswitch && a.haVipVswitch && differentVswitches(a.memberVswitch, a.haVipVswitch)) {
        at(a.path, error('instanceId', a.instanceLabel ?? a.instanceKey, `is in vSwitch ${a.memberVswitch.label}, not in the HaVip's vSwitch ${a.haVipVswitch.label}`, SAME_VSWITCH_SOURCE));
      }
    }
  }

  // HaVips per ECS instance.
  for (const [, attachments] of groupBy(input.attachments, (a) => (a.type === 'EcsInstance' ? a.instanceKey : undefined))) {
    const haVips = new Set(attachments.map((a) => a.haVipKey ?? a.path));
    if (haVips.size > limits.haVipsPerInstance) {
      const over = attachments[attachments.length - 1];
      at(
        over.path,
        error('instanceId', over.instanceLabel ?? over.instanceKey, `is a member of ${haVips.size} HaVips; at most ${limits.haVipsPerInstance} per ECS instance`, limitSource('haVipsPerInstance', limits)),
      );
    }
  }

  // The region of every provider an HaVip uses.
  for (const r of input.regions) {
    if (r.token) {
      at(r.path, info('region', undefined, 'is a token: the supported-region check is skipped', REGION_SOURCE));
    } else if (r.region === undefined) {
      at(r.path, info('region', undefined, 'is not set (the provider reads ALICLOUD_REGION at apply time): the supported-region check is skipped', REGION_SOURCE));
    } else if (!isHaVipSupportedRegion(r.region)) {
      at(r.path, error('region', r.region, `must be a region where HaVip is supported (${HAVIP_SUPPORTED_REGIONS.map((s) => s.id).join(', ')})`, REGION_SOURCE));
    }
  }
  return findings;
}
