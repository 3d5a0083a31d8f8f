import { DEFAULT_HAVIP_LIMITS } from '../../lib/rules/limits';
import {
  checkGateway,
  checkRoutesPerTable,
  CONTAINS_VSWITCH_SOURCE,
  DISTINCT_DESTINATION_SOURCE,
  INSIDE_VSWITCH_SOURCE,
  REFUSED_DESTINATIONS,
  refusedDestination,
} from '../../lib/rules/route-rules';
import { FindingCollector } from '../../lib/rules/values';

const VSWITCH = { network: '192.168.0.0', prefix: 24 };
const route = (destinationCidrBlock: unknown, routeTableId: unknown = 'vtb-1') => ({ routeTableId, destinationCidrBlock });

function findings(gateway: unknown, limits = DEFAULT_HAVIP_LIMITS) {
  const c = new FindingCollector((v) => typeof v === 'string' && v.startsWith('${TOKEN'));
  checkGateway(c, gateway, VSWITCH, limits);
  return c.findings;
}
const gateway = (...routes: unknown[]) => ({ routes, sourceCidrs: ['10.0.1.0/24'] });

describe('route entries to the HaVip', () => {
  test('a default route and a remote block are fine', () => {
    expect(findings(gateway(route('0.0.0.0/0', 'vtb-clients'), route('10.99.0.0/24')))).toEqual([
      expect.objectContaining({ level: 'warning', prop: 'gateway.routes[0].destinationCidrBlock', source: CONTAINS_VSWITCH_SOURCE }),
    ]);
    expect(findings(gateway(route('10.99.0.0/24')))).toEqual([]);
  });

  test.each([
    ['100.64.0.0/10', '100.64.0.0/10'],
    ['100.100.100.200/32', '100.64.0.0/10'],
    ['224.0.0.0/4', '224.0.0.0/4'],
    ['239.1.1.0/24', '224.0.0.0/4'],
    ['255.255.255.255/32', '240.0.0.0/4'],
    ['127.0.0.0/8', '127.0.0.0/8'],
    ['169.254.169.254/32', '169.254.0.0/16'],
    ['0.0.0.0/8', '0.0.0.0/8'],
  ])('%s overlaps the refused block %s', (destination, block) => {
    const refused = REFUSED_DESTINATIONS.find((r) => r.block === block)!;
    expect(findings(gateway(route(destination)))).toEqual([
      { level: 'error', prop: 'gateway.routes[0].destinationCidrBlock', value: destination, rule: `must not be or lie inside ${block}: ${refused.reason}`, source: refused.source },
    ]);
  });

  test.each([['0.0.0.0', 0], ['96.0.0.0', 4], ['192.0.0.0', 2]])('%s/%s contains a refused block and is accepted (as CreateRouteEntry words it)', (network, prefix) => {
    expect(refusedDestination({ network: network as string, prefix: prefix as number })).toBeUndefined();
  });

  test.each(['192.168.0.0/24', '192.168.0.128/25', '192.168.0.24/32'])('%s is or lies inside the HaVip vSwitch: error', (destination) => {
    expect(findings(gateway(route(destination)))).toEqual([
      expect.objectContaining({ level: 'error', value: destination, source: INSIDE_VSWITCH_SOURCE }),
    ]);
  });

  test('192.168.0.0/16 contains the vSwitch: a warning naming the loop', () => {
    const [finding] = findings(gateway(route('192.168.0.0/16')));
    expect(finding).toMatchObject({ level: 'warning', value: '192.168.0.0/16', source: CONTAINS_VSWITCH_SOURCE });
    expect(finding.rule).toContain('loops back to the HaVip');
  });

  test.each([
    ['10.99.0.1/24', 'must start at its network address: did you mean 10.99.0.0/24?'],
    ['10.99.0.0', 'must be an IPv4 CIDR block like 192.168.0.0/24'],
    ['fd00::/8', 'must be an IPv4 CIDR block: IPv6 is not supported here'],
  ])('malformed destination %s', (destination, rule) => {
    expect(findings(gateway(route(destination)))).toEqual([expect.objectContaining({ level: 'error', rule })]);
  });

  test('destinations distinct per route table; the same block in two tables is fine', () => {
    expect(findings(gateway(route('10.99.0.0/24', 'vtb-1'), route('10.99.0.0/24', 'vtb-2')))).toEqual([]);
    expect(findings(gateway(route('10.99.0.0/24'), route('10.99.0.0/24')))).toEqual([
      {
        level: 'error',
        prop: 'gateway.routes[1].destinationCidrBlock',
        value: '10.99.0.0/24',
        rule: 'must differ from gateway.routes[0] in route table vtb-1',
        source: DISTINCT_DESTINATION_SOURCE,
      },
    ]);
  });

  test('at most 5 per route table, overridable', () => {
    const six = Array.from({ length: 6 }, (_, i) => route(`10.${i}.0.0/16`));
    expect(findings(gateway(...six))).toEqual([
      {
        level: 'error',
        prop: 'gateway.routes[5].routeTableId',
        value: 'vtb-1',
        rule: 'must have at most 5 route entries whose next hop is an HaVip, this is entry 6',
        source: 'Alibaba Cloud HaVip guide, "Quotas": vpc_quota_havip_custom_route_entry, "Entries whose destination is an HaVip in a route table" (adjustable)',
      },
    ]);
    expect(findings(gateway(...six), { ...DEFAULT_HAVIP_LIMITS, routeEntriesPerRouteTable: 6 })).toEqual([]);
  });

  test('sources: required, CIDR blocks, distinct; 0.0.0.0/0 warns', () => {
    expect(findings({ routes: [route('10.99.0.0/24')] })).toEqual([expect.objectContaining({ prop: 'gateway.sourceCidrs', rule: 'is required' })]);
    expect(findings({ routes: [route('10.99.0.0/24')], sourceCidrs: [] })).toEqual([expect.objectContaining({ prop: 'gateway.sourceCidrs', level: 'error' })]);
    expect(findings({ routes: [route('10.99.0.0/24')], sourceCidrs: ['0.0.0.0/0'] })).toEqual([expect.objectContaining({ level: 'warning', prop: 'gateway.sourceCidrs[0]' })]);
    expect(findings({ routes: [route('10.99.0.0/24')], sourceCidrs: ['10.0.1.0/24', '10.0.1.0/24'] })).toEqual([
      expect.objectContaining({ level: 'error', prop: 'gateway.sourceCidrs[1]', rule: 'must not repeat gateway.sourceCidrs[0]' }),
    ]);
  });

  test('unknown keys, no routes, a token route table (skipped, counted app-wide)', () => {
    expect(findings({ ...gateway(route('10.99.0.0/24')), route: [] })).toEqual([expect.objectContaining({ prop: 'gateway.route', level: 'error' })]);
    expect(findings(gateway())).toEqual([expect.objectContaining({ prop: 'gateway.routes', rule: 'must list at least one route entry' })]);
    expect(findings(gateway(route('10.99.0.0/24', '${TOKEN[1]}')))).toEqual([expect.objectContaining({ level: 'info', prop: 'gateway.routes[0].routeTableId' })]);
  });
});

describe('app-wide: route entries with an HaVip next hop per route table', () => {
  const entry = (n: number, tableKey = 'literal:vtb-1') => ({ path: `stack/r${n}`, tableKey, tableLabel: tableKey.replace('literal:', '') });

  test('five are fine, six are one error on the sixth, tables counted apart', () => {
    const five = [1, 2, 3, 4, 5].map((n) => entry(n));
    expect(checkRoutesPerTable([...five, entry(6, 'literal:vtb-2')], DEFAULT_HAVIP_LIMITS)).toEqual([]);
    expect(checkRoutesPerTable([...five, entry(6)], DEFAULT_HAVIP_LIMITS)).toEqual([
      expect.objectContaining({
        level: 'error',
        path: 'stack/r6',
        prop: 'route_table_id',
        value: 'vtb-1',
        rule: 'has 6 route entries whose next hop is an HaVip in this app (stack/r1, stack/r2, stack/r3, stack/r4, stack/r5, stack/r6), at most 5',
      }),
    ]);
  });
});
