// Ingress rules of the cluster's security group, as alicloud_security_group_rule accepts them.
import { checkIPv4Cidr } from './address-rules';
import { checkText } from './strings';
import { field, type FindingCollector } from './values';

export const IP_PROTOCOLS = ['tcp', 'udp', 'icmp', 'icmpv6', 'gre', 'all'] as const;
export const PROTOCOL_SOURCE = 'alicloud provider 1.289.0: alicloud_security_group_rule.ip_protocol (case-sensitive)';
export const PORT = { min: 1, max: 65535, source: 'alicloud_security_group_rule.port_range: tcp/udp ports 1..65535' } as const;
export const PORT_SOURCE = 'alicloud_security_group_rule.port_range: tcp/udp need a port range, other protocols -1/-1';
export const SOURCE_CIDR_SOURCE = 'alicloud_security_group_rule.cidr_ip: an IPv4 CIDR block';
export const OPEN_TO_WORLD_SOURCE = 'secure by default: 0.0.0.0/0 opens the port to the whole internet';
export const DESCRIPTION_SOURCE = 'AuthorizeSecurityGroup API: Description, 1 to 512 characters';
export const DUPLICATE_SOURCE = 'AuthorizeSecurityGroup API: a rule identical to an existing one fails (InvalidPermission.Duplicate)';
const INGRESS_KEYS = ['protocol', 'port', 'fromPort', 'toPort', 'sourceCidr', 'description'] as const;

export function isIpProtocol(value: unknown): value is (typeof IP_PROTOCOLS)[number] {
  return typeof value === 'string' && (IP_PROTOCOLS as readonly string[]).includes(value);
}

/** The `ingress` props. */
export function checkIngress(c: FindingCollector, value: unknown): void {
  if (value === undefined) return;
  const list = c.array('ingress', value, 'HaVipClusterProps.ingress');
  if (!list) return;
  const seen = new Map<string, number>();
  list.forEach((entry, i) => {
    const key = checkIngressRule(c, `ingress[${i}]`, entry);
    if (key === undefined) return;
    const other = seen.get(key);
    if (other !== undefined) c.error(`ingress[${i}]`, entry, `must not repeat ingress[${other}]`, DUPLICATE_SOURCE);
    else seen.set(key, i);
  });
}

/** One ingress rule; returns a key identifying it when every part is a valid literal. */
export function checkIngressRule(c: FindingCollector, prop: string, value: unknown): string | undefined {
  const r = c.object(prop, value, 'IngressRule', INGRESS_KEYS);
  if (!r) return undefined;
  const protocol = field(r, 'protocol');
  const ports = { port: field(r, 'port'), fromPort: field(r, 'fromPort'), toPort: field(r, 'toPort') };
  let ok = true;

  if (!c.required(`${prop}.protocol`, protocol, PROTOCOL_SOURCE)) {
    ok = false;
  } else if (!isIpProtocol(protocol)) {
    const hint = typeof protocol === 'string' && isIpProtocol(protocol.toLowerCase()) ? ` (write "${protocol.toLowerCase()}")` : '';
    c.error(`${prop}.protocol`, protocol, `must be one of ${IP_PROTOCOLS.join(', ')}${hint}`, PROTOCOL_SOURCE);
    ok = false;
  }

  let range: string | undefined;
  if (protocol === 'tcp' || protocol === 'udp') {
    range = checkPorts(c, prop, ports);
    ok &&= range !== undefined;
  } else if (isIpProtocol(protocol)) {
    for (const [key, port] of Object.entries(ports)) {
      if (port !== undefined) {
        c.error(`${prop}.${key}`, port, `must not be set for protocol ${protocol}: only tcp and udp have ports`, PORT_SOURCE);
        ok = false;
      }
    }
    range = '-1/-1';
  }

  const cidrValue = field(r, 'sourceCidr');
  let cidr: string | undefined;
  if (!c.required(`${prop}.sourceCidr`, cidrValue, SOURCE_CIDR_SOURCE)) {
    ok = false;
  } else {
    const parsed = checkIPv4Cidr(c, `${prop}.sourceCidr`, cidrValue, SOURCE_CIDR_SOURCE, 'the CIDR checks');
    if (parsed) {
      cidr = `${parsed.network}/${parsed.prefix}`;
      if (parsed.prefix === 0) {
        c.warning(`${prop}.sourceCidr`, cidrValue, `opens ${protocol} ${range ?? "ports"} to the whole internet`, OPEN_TO_WORLD_SOURCE);
      }
    } else {
      ok = false;
    }
  }

  if (field(r, 'description') !== undefined) {
    ok = checkText(c, `${prop}.description`, field(r, 'description'), { source: DESCRIPTION_SOURCE, maxChars: 512, noUrlPrefix: true }) !== undefined && ok;
  }
  return ok && cidr !== undefined ? `${protocol} ${range} ${cidr}` : undefined;
}

/** tcp/udp ports: `port`, or `fromPort` (and optionally `toPort`), integers 1..65535, from <= to. */
function checkPorts(c: FindingCollector, prop: string, ports: { port: unknown; fromPort: unknown; toPort: unknown }): string | undefined {
  const { port, fromPort, toPort } = ports;
  const literalOrToken = { ...PORT, tokenOk: true };
  if (port !== undefined) {
    if (fromPort !== undefined || toPort !== undefined) {
      c.error(`${prop}.port`, port, 'use either port or fromPort/toPort, not both', PORT_SOURCE);
      return undefined;
    }
    const p = c.integer(`${prop}.port`, port, literalOrToken);
    return p === undefined ? undefined : `${p}/${p}`;
  }
  if (fromPort === undefined) {
    c.error(`${prop}.port`, port, 'is required for tcp and udp (or give fromPort and toPort)', PORT_SOURCE);
    return undefined;
  }
  const from = c.integer(`${prop}.fromPort`, fromPort, literalOrToken);
  const to = toPort === undefined ? from : c.integer(`${prop}.toPort`, toPort, literalOrToken);
  if (from === undefined || to === undefined) return undefined;
  if (from > to) {
    c.error(`${prop}.toPort`, to, `must not be below fromPort (${from})`, PORT_SOURCE);
    return undefined;
  }
  return `${from}/${to}`;
}
