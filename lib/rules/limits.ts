// Alibaba Cloud's HaVip quotas. Alibaba's pages disagree on some of them, so each is a named
// constant with its source; users whose quotas were raised override them with `limits`.
import { error, type Finding } from './finding';
import { describeType, isPlainObject } from './values';

/** Raised quotas (HaVipClusterProps.limits): each one given replaces its default in HaVipLimits. */
export interface HaVipLimitOverrides {
  /** @default 10 (DEFAULT_HAVIP_LIMITS) */
  readonly membersPerHaVip?: number;
  /** @default 5 */
  readonly haVipsPerInstance?: number;
  /** @default 1 */
  readonly eipsPerHaVip?: number;
  /** @default 50 */
  readonly haVipsPerVpc?: number;
  /** @default 50 */
  readonly haVipsPerAccount?: number;
}

/** Quotas that bound an HaVip cluster. */
export interface HaVipLimits {
  /** ECS instances (or ENIs) per HaVip. */
  readonly membersPerHaVip: number;
  /** HaVips one ECS instance may be associated with. */
  readonly haVipsPerInstance: number;
  /** EIPs per HaVip. */
  readonly eipsPerHaVip: number;
  /** HaVips per VPC. */
  readonly haVipsPerVpc: number;
  /** HaVips per account (checked per app). */
  readonly haVipsPerAccount: number;
  /** Route entries whose next hop is an HaVip, per route table (checked per app). */
  readonly routeEntriesPerRouteTable: number;
}

/** Where the defaults come from. */
export const HAVIP_GUIDE_SOURCE = 'Alibaba Cloud HaVip guide, "Quotas"';

/**
 * The HaVip guide's quotas. Other pages disagree: the English AssociateHaVip API page says at most
 * 2 ECS instances per HaVip; the ROS docs say 5 HaVips per VPC and 2 instances per HaVip.
 */
export const DEFAULT_HAVIP_LIMITS: HaVipLimits = {
  membersPerHaVip: 10,
  haVipsPerInstance: 5,
  eipsPerHaVip: 1,
  haVipsPerVpc: 50,
  haVipsPerAccount: 50,
  routeEntriesPerRouteTable: 5,
};

/** The source of each default, as quoted in messages. */
export const HAVIP_LIMIT_SOURCES: { readonly [K in keyof HaVipLimits]: string } = {
  membersPerHaVip: `${HAVIP_GUIDE_SOURCE}: "ECS instances or ENIs per HaVip"`,
  haVipsPerInstance: `${HAVIP_GUIDE_SOURCE}: "HaVips per ECS instance"`,
  eipsPerHaVip: `${HAVIP_GUIDE_SOURCE}: "EIPs per HaVip"`,
  haVipsPerVpc: `${HAVIP_GUIDE_SOURCE}: "HaVips per VPC"`,
  haVipsPerAccount: `${HAVIP_GUIDE_SOURCE}: "HaVips per account"`,
  routeEntriesPerRouteTable: `${HAVIP_GUIDE_SOURCE}: vpc_quota_havip_custom_route_entry, "Entries whose destination is an HaVip in a route table" (adjustable)`,
};

/** Why `limits` must be literal: the quotas are counted at synth time. */
export const LIMITS_LITERAL_REASON = 'quotas are counted at synth time';

/** Fewer than two members is no high availability. */
export const MIN_MEMBERS_PER_HAVIP = 2;
export const MIN_MEMBERS_SOURCE = 'VRRP needs a peer: fewer than 2 members is no high availability';

/** The source quoted for a limit: the guide's, or the user's override. */
export function limitSource(key: keyof HaVipLimits, limits: HaVipLimits): string {
  return limits[key] === DEFAULT_HAVIP_LIMITS[key]
    ? HAVIP_LIMIT_SOURCES[key]
    : `limits.${key} = ${limits[key]} (overrides ${HAVIP_LIMIT_SOURCES[key]}: ${DEFAULT_HAVIP_LIMITS[key]})`;
}

/**
 * `overrides` merged over DEFAULT_HAVIP_LIMITS. An override that is not a positive integer (or an
 * unknown key) is reported as an error finding and the default is kept for the other checks.
 */
export function resolveLimits(
  overrides: unknown,
  prop = 'limits',
  isToken: (value: unknown) => boolean = () => false,
): { limits: HaVipLimits; findings: Finding[] } {
  const findings: Finding[] = [];
  const token = (value: unknown) => {
    try {
      return isToken(value);
    } catch {
      return false;
    }
  };
  if (overrides === undefined) return { limits: DEFAULT_HAVIP_LIMITS, findings };
  if (token(overrides)) {
    findings.push(error(prop, overrides, `must be a literal object, not a token: ${LIMITS_LITERAL_REASON}`, 'HaVipClusterProps.limits'));
    return { limits: DEFAULT_HAVIP_LIMITS, findings };
  }
  if (!isPlainObject(overrides)) {
    findings.push(error(prop, overrides, `must be an object, got ${describeType(overrides)}`, 'HaVipClusterProps.limits'));
    return { limits: DEFAULT_HAVIP_LIMITS, findings };
  }
  const limits: Record<string, number> = { ...DEFAULT_HAVIP_LIMITS };
  for (const key of Object.keys(overrides)) {
    const value = overrides[key];
    if (!Object.prototype.hasOwnProperty.call(DEFAULT_HAVIP_LIMITS, key)) {
      findings.push(
        error(`${prop}.${key}`, value, `is not a known limit (${Object.keys(DEFAULT_HAVIP_LIMITS).join(', ')})`, 'HaVipLimits'),
      );
    } else if (value === undefined) {
      continue;
    } else if (token(value)) {
      findings.push(error(`${prop}.${key}`, value, `must be a literal, not a token: ${LIMITS_LITERAL_REASON}`, HAVIP_LIMIT_SOURCES[key as keyof HaVipLimits]));
    } else if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      findings.push(error(`${prop}.${key}`, value, 'must be a positive integer (a raised quota)', HAVIP_LIMIT_SOURCES[key as keyof HaVipLimits]));
    } else if (key === 'membersPerHaVip' && value < MIN_MEMBERS_PER_HAVIP) {
      findings.push(error(`${prop}.${key}`, value, `must be at least ${MIN_MEMBERS_PER_HAVIP}`, MIN_MEMBERS_SOURCE));
    } else {
      limits[key] = value;
    }
  }
  return { limits: limits as unknown as HaVipLimits, findings };
}
