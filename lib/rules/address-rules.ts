// IPv4 address and CIDR rules, with ipaddr.js doing the parsing and the math.
import * as ipaddr from 'ipaddr.js';
import type { FindingCollector } from './values';

export const IPV4_ONLY_SOURCE = 'Alibaba Cloud HaVip guide: "HaVip supports only IPv4"';
export const RESERVED_ADDRESS_SOURCE =
  'CreateVSwitchCidrReservation API: the first and the last three addresses of a vSwitch CIDR block are reserved';
export const IN_VSWITCH_SOURCE =
  'Alibaba Cloud HaVip guide: an HaVip is a private IP of one vSwitch, associated only with members in that vSwitch';
export const VSWITCH_MASK_SOURCE = 'CreateVSwitch API: CidrBlock mask length 16 to 29';
export const MIN_VSWITCH_PREFIX = 16;
export const MAX_VSWITCH_PREFIX = 29;

/** Whether `text` is a dotted-quad IPv4 address (no shorthand, no leading zeros). */
export function isIPv4Address(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/** Whether `text` is an IPv6 address (for a clearer message than "not IPv4"). */
export function isIPv6Address(text: string): boolean {
  return ipaddr.IPv6.isValid(text);
}

export type CidrProblem = 'not-cidr' | 'ipv6' | 'not-canonical';

/** Parses an IPv4 CIDR block, `a.b.c.d/n`, whose address is the network address. */
export function parseIPv4Cidr(text: string): { network: string; prefix: number } | CidrProblem {
  const slash = text.indexOf('/');
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (slash < 0 || !/^(?:[0-9]|[12][0-9]|3[0-2])$/.test(prefixText) || !isIPv4Address(address)) {
    return slash >= 0 && isIPv6Address(address) ? 'ipv6' : 'not-cidr';
  }
  const network = ipaddr.IPv4.networkAddressFromCIDR(text).toString();
  return network === address ? { network, prefix: Number(prefixText) } : 'not-canonical';
}

function toNumber(address: string): number {
  return ipaddr.IPv4.parse(address).toByteArray().reduce((n, byte) => n * 256 + byte, 0);
}

function fromNumber(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** The reserved addresses of a vSwitch block: its first address and its last three. */
export function reservedAddresses(cidr: { network: string; prefix: number }): string[] {
  const first = toNumber(cidr.network);
  const last = first + 2 ** (32 - cidr.prefix) - 1;
  return [first, last - 2, last - 1, last].map(fromNumber);
}

export function isInCidr(address: string, cidr: { network: string; prefix: number }): boolean {
  return ipaddr.IPv4.parse(address).match(ipaddr.IPv4.parse(cidr.network), cidr.prefix);
}

/**
 * A CIDR prop (`vswitchCidrBlock`, `ingress[].sourceCidr`): an IPv4 block written with its network
 * address. Returns the parsed block when it is a valid literal.
 */
export function checkIPv4Cidr(
  c: FindingCollector,
  prop: string,
  value: unknown,
  source: string,
  skipped: string,
): { network: string; prefix: number } | undefined {
  if (c.tokenHandled(prop, value, skipped, source)) return undefined;
  const text = c.string(prop, value, source);
  if (text === undefined) return undefined;
  const parsed = parseIPv4Cidr(text);
  if (parsed === 'ipv6') {
    c.error(prop, text, 'must be an IPv4 CIDR block: IPv6 is not supported here', source);
  } else if (parsed === 'not-cidr') {
    c.error(prop, text, 'must be an IPv4 CIDR block like 192.168.0.0/24', source);
  } else if (parsed === 'not-canonical') {
    const network = ipaddr.IPv4.networkAddressFromCIDR(text).toString();
    c.error(prop, text, `must start at its network address: did you mean ${network}/${text.split('/')[1]}?`, source);
  } else {
    return parsed;
  }
  return undefined;
}

/** A single IPv4 address prop; tokens are an info when `literalReason` is undefined, else an error. */
export function checkIPv4Address(
  c: FindingCollector,
  prop: string,
  value: unknown,
  literalReason?: string,
): string | undefined {
  if (c.tokenHandled(prop, value, 'the address checks', IPV4_ONLY_SOURCE, literalReason)) return undefined;
  const text = c.string(prop, value, IPV4_ONLY_SOURCE);
  if (text === undefined) return undefined;
  if (!isIPv4Address(text)) {
    const rule = isIPv6Address(text)
      ? 'must be an IPv4 address: HaVip supports only IPv4'
      : 'must be an IPv4 address like 192.168.0.24';
    c.error(prop, text, rule, IPV4_ONLY_SOURCE);
    return undefined;
  }
  return text;
}

/** Address `address` (prop `prop`) lies inside the vSwitch block and is not one of its reserved addresses. */
export function checkAddressInVswitch(
  c: FindingCollector,
  prop: string,
  address: string,
  cidr: { network: string; prefix: number },
): void {
  const block = `${cidr.network}/${cidr.prefix}`;
  if (!isInCidr(address, cidr)) {
    c.error(prop, address, `must lie inside the vSwitch CIDR block ${block}`, IN_VSWITCH_SOURCE);
  } else if (reservedAddresses(cidr).includes(address)) {
    c.error(
      prop,
      address,
      `is reserved in ${block}: the first address and the last three (${reservedAddresses(cidr).join(', ')}) cannot be used`,
      RESERVED_ADDRESS_SOURCE,
    );
  }
}
