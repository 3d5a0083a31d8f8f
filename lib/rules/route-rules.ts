// Route entries whose next hop is the HaVip (an HA gateway), as Alibaba accepts them. No cdktf import.
import * as ipaddr from 'ipaddr.js';
import { checkIPv4Cidr, parseIPv4Cidr } from './address-rules';
import { error, type Finding, type PathFinding } from './finding';
import { limitSource, type HaVipLimits } from './limits';
import { checkResourceId, checkText } from './strings';
import { field, type FindingCollector } from './values';

export const CREATE_ROUTE_ENTRY_SOURCE = 'VPC CreateRouteEntry API, usage notes';
export const DESTINATION_SOURCE = `${CREATE_ROUTE_ENTRY_SOURCE}: DestinationCidrBlock, an IPv4 CIDR block`;
export const DISTINCT_DESTINATION_SOURCE = `${CREATE_ROUTE_ENTRY_SOURCE}: the destination CIDR blocks of route entries in the same route table must be unique`;
export const INSIDE_VSWITCH_SOURCE = `${CREATE_ROUTE_ENTRY_SOURCE}: the destination cannot be the same as or a subset of the CIDR block of a vSwitch in the VPC`;
export const CONTAINS_VSWITCH_SOURCE =
  'a route that contains the HaVip\'s vSwitch block sends the members\' own traffic beyond their vSwitch back to the HaVip when its route table serves that vSwitch';
export const ROUTE_NAME_SOURCE = 'CreateRouteEntry API: RouteEntryName, 1 to 128 characters, not starting with http:// or https://';
export const ROUTE_DESCRIPTION_SOURCE = 'CreateRouteEntry API: Description, 1 to 256 characters, not starting with http:// or https://';
export const SOURCE_CIDRS_SOURCE = 'HaVipClusterProps.gateway.sourceCidrs: the clients whose traffic the members forward (security group ingress)';
export const OPEN_FORWARDING_SOURCE = 'secure by default: 0.0.0.0/0 lets any source send traffic through the members';

/** Destinations Alibaba refuses, or that cannot carry unicast traffic to an HaVip, each with its source. */
export const REFUSED_DESTINATIONS: readonly { readonly block: string; readonly reason: string; readonly source: string }[] = [
  {
    block: '100.64.0.0/10',
    reason: 'Alibaba Cloud reserves it (shared address space, RFC 6598: cloud services, the metadata service)',
    source: `${CREATE_ROUTE_ENTRY_SOURCE}: the destination cannot be 100.64.0.0/10 or a subset of it`,
  },
  {
    block: '224.0.0.0/4',
    reason: 'multicast (RFC 5771); an HaVip carries only unicast',
    source: 'Alibaba Cloud HaVip guide, "Quotas": HaVips support only unicast communication; RFC 5771',
  },
  {
    block: '240.0.0.0/4',
    reason: 'reserved, not routable (RFC 1112; 255.255.255.255 is broadcast, RFC 919)',
    source: 'RFC 1112 section 4; Alibaba Cloud HaVip guide, "Quotas": no broadcast',
  },
  { block: '127.0.0.0/8', reason: 'loopback, never leaves a host (RFC 1122)', source: 'RFC 1122 section 3.2.1.3' },
  { block: '169.254.0.0/16', reason: 'link-local, never routed (RFC 3927)', source: 'RFC 3927 section 2.6' },
  { block: '0.0.0.0/8', reason: '"this network", never a destination (RFC 1122)', source: 'RFC 1122 section 3.2.1.3' },
];

const GATEWAY_KEYS = ['routes', 'sourceCidrs'] as const;
const ROUTE_KEYS = ['routeTableId', 'destinationCidrBlock', 'name', 'description'] as const;

type Cidr = { network: string; prefix: number };

function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.prefix <= inner.prefix && ipaddr.IPv4.parse(inner.network).match(ipaddr.IPv4.parse(outer.network), outer.prefix);
}

const text = (c: Cidr) => `${c.network}/${c.prefix}`;

/**
 * The refused block a destination is or lies inside, if any. As CreateRouteEntry words it ("cannot
 * be 100.64.0.0/10 or a subset of it"), a block that contains a refused one (0.0.0.0/0) is accepted.
 */
export function refusedDestination(destination: Cidr): (typeof REFUSED_DESTINATIONS)[number] | undefined {
  return REFUSED_DESTINATIONS.find((refused) => contains(parseIPv4Cidr(refused.block) as Cidr, destination));
}

/**
 * The `gateway` props: route entries with the HaVip as next hop and the sources whose traffic the
 * members forward. Per cluster: destinations well-formed, not refused, not inside the HaVip's
 * vSwitch block (error) nor containing it (warning), distinct per route table, at most
 * `limits.routeEntriesPerRouteTable` per table (the app-wide count is checkRoutesPerTable).
 */
export function checkGateway(c: FindingCollector, value: unknown, vswitchCidr: Cidr | undefined, limits: HaVipLimits): void {
  if (value === undefined) return;
  const g = c.object('gateway', value, 'GatewayOptions', GATEWAY_KEYS);
  if (!g) return;

  if (c.required('gateway.routes', field(g, 'routes'), 'GatewayOptions.routes')) {
    const routes = c.array('gateway.routes', field(g, 'routes'), 'GatewayOptions.routes');
    if (routes && routes.length === 0) {
      c.error('gateway.routes', routes, 'must list at least one route entry', 'GatewayOptions.routes');
    }
    const perTable = new Map<string, { count: number; destinations: Map<string, number> }>();
    routes?.forEach((route, i) => {
      const prop = `gateway.routes[${i}]`;
      const r = c.object(prop, route, 'HaVipRoute', ROUTE_KEYS);
      if (!r) return;
      let table: string | undefined;
      if (c.required(`${prop}.routeTableId`, field(r, 'routeTableId'), 'HaVipRoute.routeTableId')) {
        const id = checkResourceId(c, `${prop}.routeTableId`, field(r, 'routeTableId'), 'alicloud_route_entry.route_table_id');
        // A token names its table by the reference it stands for; two equal tokens are one table.
        table = typeof id === 'string' ? id : undefined;
      }
      let destination: Cidr | undefined;
      if (c.required(`${prop}.destinationCidrBlock`, field(r, 'destinationCidrBlock'), DESTINATION_SOURCE)) {
        destination = checkIPv4Cidr(c, `${prop}.destinationCidrBlock`, field(r, 'destinationCidrBlock'), DESTINATION_SOURCE, 'the destination checks');
      }
      if (destination) checkDestination(c, `${prop}.destinationCidrBlock`, destination, vswitchCidr);
      if (field(r, 'name') !== undefined) {
        checkText(c, `${prop}.name`, field(r, 'name'), { source: ROUTE_NAME_SOURCE, maxChars: 128, noUrlPrefix: true });
      }
      if (field(r, 'description') !== undefined) {
        checkText(c, `${prop}.description`, field(r, 'description'), { source: ROUTE_DESCRIPTION_SOURCE, maxChars: 256, noUrlPrefix: true });
      }

      if (table === undefined) return;
      const entry = perTable.get(table) ?? { count: 0, destinations: new Map<string, number>() };
      perTable.set(table, entry);
      entry.count += 1;
      if (entry.count === limits.routeEntriesPerRouteTable + 1) {
        c.error(
          `${prop}.routeTableId`,
          table,
          `must have at most ${limits.routeEntriesPerRouteTable} route entries whose next hop is an HaVip, this is entry ${entry.count}`,
          limitSource('routeEntriesPerRouteTable', limits),
        );
      }
      if (destination) {
        const other = entry.destinations.get(text(destination));
        if (other !== undefined) {
          c.error(`${prop}.destinationCidrBlock`, text(destination), `must differ from gateway.routes[${other}] in route table ${table}`, DISTINCT_DESTINATION_SOURCE);
        } else {
          entry.destinations.set(text(destination), i);
        }
      }
    });
  }

  if (c.required('gateway.sourceCidrs', field(g, 'sourceCidrs'), SOURCE_CIDRS_SOURCE)) {
    const sources = c.array('gateway.sourceCidrs', field(g, 'sourceCidrs'), SOURCE_CIDRS_SOURCE);
    if (sources && sources.length === 0) {
      c.error('gateway.sourceCidrs', sources, 'must list at least one CIDR block: without one the security group drops the forwarded traffic', SOURCE_CIDRS_SOURCE);
    }
    const seen = new Map<string, number>();
    sources?.forEach((source, i) => {
      const prop = `gateway.sourceCidrs[${i}]`;
      const cidr = checkIPv4Cidr(c, prop, source, SOURCE_CIDRS_SOURCE, 'the CIDR checks');
      if (!cidr) return;
      if (cidr.prefix === 0) c.warning(prop, text(cidr), 'lets every address send traffic through the members', OPEN_FORWARDING_SOURCE);
      const other = seen.get(text(cidr));
      if (other !== undefined) c.error(prop, text(cidr), `must not repeat gateway.sourceCidrs[${other}]`, SOURCE_CIDRS_SOURCE);
      else seen.set(text(cidr), i);
    });
  }
}

function checkDestination(c: FindingCollector, prop: string, destination: Cidr, vswitchCidr: Cidr | undefined): void {
  const refused = refusedDestination(destination);
  if (refused) {
    c.error(prop, text(destination), `must not be or lie inside ${refused.block}: ${refused.reason}`, refused.source);
    return;
  }
  if (!vswitchCidr) return;
  if (contains(vswitchCidr, destination)) {
    c.error(prop, text(destination), `must not be or lie inside the HaVip's vSwitch block ${text(vswitchCidr)}`, INSIDE_VSWITCH_SOURCE);
  } else if (contains(destination, vswitchCidr)) {
    c.warning(
      prop,
      text(destination),
      `contains the HaVip's vSwitch block ${text(vswitchCidr)}: its route table must not be the one of that vSwitch, or the members' own traffic loops back to the HaVip`,
      CONTAINS_VSWITCH_SOURCE,
    );
  }
}

/** A route entry of the app whose next hop is an HaVip, for the app-wide count. */
export interface AppRouteEntry {
  /** Construct path of the alicloud_route_entry. */
  readonly path: string;
  /** Identifies the route table: a literal id or the reference a token stands for. */
  readonly tableKey: string;
  /** What to show for the table in a message. */
  readonly tableLabel: string;
}

/**
 * At most `limits.routeEntriesPerRouteTable` route entries with an HaVip next hop per route table,
 * across the app: one error per table over the limit, on its first entry beyond the limit.
 */
export function checkRoutesPerTable(entries: readonly AppRouteEntry[], limits: HaVipLimits): PathFinding[] {
  const byTable = new Map<string, AppRouteEntry[]>();
  for (const entry of entries) byTable.set(entry.tableKey, [...(byTable.get(entry.tableKey) ?? []), entry]);
  const findings: PathFinding[] = [];
  for (const list of byTable.values()) {
    if (list.length <= limits.routeEntriesPerRouteTable) continue;
    const finding: Finding = error(
      'route_table_id',
      list[0].tableLabel,
      `has ${list.length} route entries whose next hop is an HaVip in this app (${list.map((e) => e.path).join(', ')}), at most ${limits.routeEntriesPerRouteTable}`,
      limitSource('routeEntriesPerRouteTable', limits),
    );
    findings.push({ ...finding, path: list[limits.routeEntriesPerRouteTable].path });
  }
  return findings;
}
