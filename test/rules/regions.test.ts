import { HAVIP_SUPPORTED_REGIONS, isHaVipSupportedRegion } from '../../lib/rules/regions';

describe('supported regions', () => {
  test('every region the guide names is listed once', () => {
    expect(HAVIP_SUPPORTED_REGIONS).toHaveLength(36);
    expect(new Set(HAVIP_SUPPORTED_REGIONS.map((r) => r.id)).size).toBe(36);
    expect(HAVIP_SUPPORTED_REGIONS.filter((r) => r.cloud === 'finance').map((r) => r.id)).toEqual([
      'cn-shenzhen-finance-1',
      'cn-shanghai-finance-1',
      'cn-beijing-finance-1',
    ]);
    expect(HAVIP_SUPPORTED_REGIONS.filter((r) => r.cloud === 'gov').map((r) => r.id)).toEqual(['cn-north-2-gov-1']);
  });

  test.each(['cn-hangzhou', 'ap-southeast-8', 'cn-zhongwei', 'eu-west-2', 'na-south-1', 'me-central-1', 'cn-wuhan-lr'])('%s is supported', (id) => {
    expect(isHaVipSupportedRegion(id)).toBe(true);
  });

  test.each(['ap-south-1', 'ap-southeast-2', 'CN-HANGZHOU', 'cn-hangzhou ', 'us-east-2', ''])('%j is not', (id) => {
    expect(isHaVipSupportedRegion(id)).toBe(false);
  });
});
