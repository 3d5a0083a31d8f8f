// Alibaba Cloud's HaVip quotas. Alibaba's pages disagree on some of them, so each is a named
// constant with its source; users whose quotas were raised override them with `limits`.

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
};

/** Fewer than two members is no high availability. */
export const MIN_MEMBERS_PER_HAVIP = 2;
