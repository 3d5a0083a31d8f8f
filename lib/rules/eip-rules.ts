// The optional EIP of the HaVip.
import { error, type Finding } from './finding';
import { limitSource, type HaVipLimits } from './limits';
import { checkResourceId, checkText } from './strings';
import { field, type FindingCollector } from './values';

export const EIP_ISPS = [
  'BGP',
  'BGP_PRO',
  'ChinaTelecom',
  'ChinaUnicom',
  'ChinaMobile',
  'ChinaTelecom_L2',
  'ChinaUnicom_L2',
  'ChinaMobile_L2',
  'BGP_FinanceCloud',
  'BGP_International',
] as const;
export const EIP_PAYMENT_TYPES = ['Subscription', 'PayAsYouGo', 'PrePaid', 'PostPaid'] as const;
export const EIP_BANDWIDTH = { min: 1, max: 10000, source: 'AllocateEipAddress API: Bandwidth in Mbit/s (the API lowers the maximum by billing method)' } as const;
const EIP_KEYS = ['allocationId', 'bandwidth', 'isp', 'name', 'paymentType'] as const;
const NEW_EIP_KEYS = ['bandwidth', 'isp', 'name', 'paymentType'] as const;

/** At most eipsPerHaVip EIPs on one HaVip. */
export function checkEipCount(prop: string, count: number, limits: HaVipLimits): Finding[] {
  return count > limits.eipsPerHaVip
    ? [error(prop, count, `must associate at most ${limits.eipsPerHaVip} EIP(s) with the HaVip`, limitSource('eipsPerHaVip', limits))]
    : [];
}

export function checkEip(c: FindingCollector, value: unknown, limits: HaVipLimits): void {
  if (value === undefined) return;
  const e = c.object('eip', value, 'EipOptions', EIP_KEYS);
  if (!e) return;
  c.findings.push(...checkEipCount('eip', 1, limits));
  const allocationId = field(e, 'allocationId');
  if (allocationId !== undefined) {
    checkResourceId(c, 'eip.allocationId', allocationId, 'alicloud_eip_association.allocation_id');
    for (const key of NEW_EIP_KEYS) {
      if (field(e, key) !== undefined) {
        c.error(`eip.${key}`, field(e, key), 'must not be set with allocationId: it configures a new EIP', 'EipOptions: allocationId associates an existing EIP');
      }
    }
    return;
  }
  if (field(e, 'bandwidth') !== undefined) c.integer('eip.bandwidth', field(e, 'bandwidth'), { ...EIP_BANDWIDTH, tokenOk: true });
  const isp = field(e, 'isp');
  if (isp !== undefined && !c.tokenHandled('eip.isp', isp, 'the isp check', 'alicloud_eip_address.isp')) {
    if (!(EIP_ISPS as readonly unknown[]).includes(isp)) c.error('eip.isp', isp, `must be one of ${EIP_ISPS.join(', ')}`, 'alicloud provider 1.289.0: alicloud_eip_address.isp');
  }
  const payment = field(e, 'paymentType');
  if (payment !== undefined && !c.tokenHandled('eip.paymentType', payment, 'the paymentType check', 'alicloud_eip_address.payment_type')) {
    if (!(EIP_PAYMENT_TYPES as readonly unknown[]).includes(payment)) {
      c.error('eip.paymentType', payment, `must be one of ${EIP_PAYMENT_TYPES.join(', ')}`, 'alicloud provider 1.289.0: alicloud_eip_address.payment_type');
    }
  }
  if (field(e, 'name') !== undefined) {
    checkText(c, 'eip.name', field(e, 'name'), { source: 'AllocateEipAddress API: Name, 1 to 128 characters', maxChars: 128, noUrlPrefix: true });
  }
}
