// Members of an HaVip: how many, of which type, in which vSwitch.
import { error, type Finding } from './finding';
import { MIN_MEMBERS_PER_HAVIP, MIN_MEMBERS_SOURCE, limitSource, type HaVipLimits } from './limits';

export const MEMBER_TYPE_SOURCE =
  'Alibaba Cloud HaVip guide, "Quotas": an HaVip cannot be associated with ECS instances and ENIs at the same time';
export const SAME_VSWITCH_SOURCE =
  'Alibaba Cloud HaVip guide, "Quotas": an HaVip is associated only with ECS instances or ENIs in the same vSwitch';

/** The member type of `alicloud_havip_attachment.instance_type`. */
export type HaVipMemberType = 'EcsInstance' | 'NetworkInterface';

/** A member as the rules see it. */
export interface HaVipMember {
  /** The prop that declares it, e.g. `nodes[0]`. */
  readonly prop: string;
  readonly type: HaVipMemberType;
  /** The member's vSwitch id when known as a literal (members given by id). */
  readonly vswitchId?: string;
}

/** 2..membersPerHaVip members. */
export function checkMemberCount(prop: string, count: number, limits: HaVipLimits): Finding[] {
  if (count < MIN_MEMBERS_PER_HAVIP) {
    return [error(prop, count, `must list at least ${MIN_MEMBERS_PER_HAVIP} members, got ${count}`, MIN_MEMBERS_SOURCE)];
  }
  if (count > limits.membersPerHaVip) {
    return [
      error(prop, count, `must list at most ${limits.membersPerHaVip} members, got ${count}`, limitSource('membersPerHaVip', limits)),
    ];
  }
  return [];
}

/** One member type per HaVip: every member has the type of the first. */
export function checkMemberTypes(members: readonly HaVipMember[]): Finding[] {
  const first = members[0];
  if (!first) return [];
  return members
    .filter((m) => m.type !== first.type)
    .map((m) =>
      error(`${m.prop}`, m.type, `must be a ${first.type} like ${first.prop}: one member type per HaVip`, MEMBER_TYPE_SOURCE),
    );
}

/**
 * Every member whose vSwitch is a known literal is in the HaVip's vSwitch (when that is a literal too).
 * Members we create are in it by construction.
 */
export function checkMembersInVswitch(havipVswitchId: string | undefined, members: readonly HaVipMember[]): Finding[] {
  if (havipVswitchId === undefined) return [];
  return members
    .filter((m) => m.vswitchId !== undefined && m.vswitchId !== havipVswitchId)
    .map((m) => error(`${m.prop}.vswitchId`, m.vswitchId, `must be the HaVip's vSwitch ${havipVswitchId}`, SAME_VSWITCH_SOURCE));
}
