// The regions where the HaVip guide says HaVip is supported ("Supported regions"), as region ids.
// The guide names regions; each id below is checked against Alibaba's region/endpoint tables:
//   [vpc]  VPC API endpoints, https://help.aliyun.com/en/vpc/developer-reference/api-vpc-2016-04-28-endpoint
//   [ipam] VpcIpam API endpoints, https://alibabacloud.com/help/en/vpc/developer-reference/api-vpcipam-2023-02-28-endpoint
//   [live] ApsaraVideo Live API endpoints, https://help.aliyun.com/en/live/developer-reference/api-live-2016-11-01-endpoint
//   [list] Region list, https://alibabacloud.com/help/doc-detail/72379.htm ("Region list of Alibaba Finance Cloud")
//   [sdk]  Alibaba Cloud SDK endpoint tables (public SDK sources: na-south-1 Mexico, eu-west-2 Paris,
//          cn-beijing-finance-1; not in the English docs pages we could read)

export const REGION_SOURCE = 'Alibaba Cloud HaVip guide, "Supported regions"';

export interface SupportedRegion {
  /** The region id, as the provider's `region`. */
  readonly id: string;
  /** The guide's name. */
  readonly name: string;
  readonly cloud: 'public' | 'finance' | 'gov';
  /** Where the id was checked. */
  readonly idSource: 'vpc' | 'ipam' | 'live' | 'list' | 'sdk';
}

export const HAVIP_SUPPORTED_REGIONS: readonly SupportedRegion[] = [
  { id: 'cn-hangzhou', name: 'China (Hangzhou)', cloud: 'public', idSource: 'vpc' },
  { id: 'cn-shanghai', name: 'China (Shanghai)', cloud: 'public', idSource: 'vpc' },
  { id: 'cn-nanjing', name: 'China (Nanjing - Local Region, decommissioning)', cloud: 'public', idSource: 'vpc' },
  { id: 'cn-qingdao', name: 'China (Qingdao)', cloud: 'public', idSource: 'vpc' },
  { id: 'cn-beijing', name: 'China (Beijing)', cloud: 'public', idSource: 'vpc' },
  { id: 'cn-zhangjiakou', name: 'China (Zhangjiakou)', cloud: 'public', idSource: 'vpc' },
  { id: 'cn-huhehaote', name: 'China (Hohhot)', cloud: 'public', idSource: 'vpc' },
  { id: 'cn-wulanchabu', name: 'China (Ulanqab)', cloud: 'public', idSource: 'vpc' },
  { id: 'cn-shenzhen', name: 'China (Shenzhen)', cloud: 'public', idSource: 'vpc' },
  { id: 'cn-heyuan', name: 'China (Heyuan)', cloud: 'public', idSource: 'vpc' },
  { id: 'cn-guangzhou', name: 'China (Guangzhou)', cloud: 'public', idSource: 'vpc' },
  { id: 'cn-chengdu', name: 'China (Chengdu)', cloud: 'public', idSource: 'ipam' },
  { id: 'cn-zhongwei', name: 'China (Zhongwei)', cloud: 'public', idSource: 'vpc' },
  { id: 'cn-hongkong', name: 'China (Hong Kong)', cloud: 'public', idSource: 'ipam' },
  { id: 'cn-wuhan-lr', name: 'China (Wuhan - Local Region)', cloud: 'public', idSource: 'ipam' },
  { id: 'cn-fuzhou', name: 'China (Fuzhou - Local Region, decommissioning)', cloud: 'public', idSource: 'vpc' },
  { id: 'ap-northeast-1', name: 'Japan (Tokyo)', cloud: 'public', idSource: 'vpc' },
  { id: 'ap-northeast-2', name: 'South Korea (Seoul)', cloud: 'public', idSource: 'vpc' },
  { id: 'ap-southeast-1', name: 'Singapore', cloud: 'public', idSource: 'vpc' },
  { id: 'ap-southeast-3', name: 'Malaysia (Kuala Lumpur)', cloud: 'public', idSource: 'vpc' },
  { id: 'ap-southeast-5', name: 'Indonesia (Jakarta)', cloud: 'public', idSource: 'vpc' },
  { id: 'ap-southeast-6', name: 'Philippines (Manila)', cloud: 'public', idSource: 'vpc' },
  { id: 'ap-southeast-7', name: 'Thailand (Bangkok)', cloud: 'public', idSource: 'vpc' },
  { id: 'ap-southeast-8', name: 'Malaysia (Johor)', cloud: 'public', idSource: 'vpc' },
  { id: 'eu-central-1', name: 'Germany (Frankfurt)', cloud: 'public', idSource: 'ipam' },
  { id: 'eu-west-1', name: 'UK (London)', cloud: 'public', idSource: 'ipam' },
  { id: 'eu-west-2', name: 'France (Paris)', cloud: 'public', idSource: 'sdk' },
  { id: 'us-west-1', name: 'US (Silicon Valley)', cloud: 'public', idSource: 'ipam' },
  { id: 'us-east-1', name: 'US (Virginia)', cloud: 'public', idSource: 'ipam' },
  { id: 'na-south-1', name: 'Mexico', cloud: 'public', idSource: 'sdk' },
  { id: 'me-east-1', name: 'UAE (Dubai)', cloud: 'public', idSource: 'ipam' },
  { id: 'me-central-1', name: 'Saudi Arabia (Riyadh, partner region)', cloud: 'public', idSource: 'live' },
  { id: 'cn-shenzhen-finance-1', name: 'China (Shenzhen) Finance', cloud: 'finance', idSource: 'sdk' },
  { id: 'cn-shanghai-finance-1', name: 'China (Shanghai) Finance', cloud: 'finance', idSource: 'list' },
  { id: 'cn-beijing-finance-1', name: 'China (Beijing) Finance (invitation-only beta)', cloud: 'finance', idSource: 'sdk' },
  { id: 'cn-north-2-gov-1', name: 'China (Beijing) Government Cloud 1', cloud: 'gov', idSource: 'live' },
];

export function isHaVipSupportedRegion(region: string): boolean {
  return HAVIP_SUPPORTED_REGIONS.some((r) => r.id === region);
}
