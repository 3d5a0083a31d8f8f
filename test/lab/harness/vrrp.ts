// VRRP timing (RFC 3768 as keepalived 2.2.7 implements it) and the few facts the lab reads back from
// the keepalived.conf a node's boot wrote. Reading, never rendering: the config is the synthesized one.

/** Skew_Time = (256 - Priority) / 256 s (keepalived 2.2.7 does not scale it by advert_int for VRRPv2). */
export function skewTime(priority: number): number {
  return (256 - priority) / 256;
}

/** Master_Down_Interval = 3 x Advertisement_Interval + Skew_Time, in seconds. */
export function masterDownInterval(advertInt: number, priority: number): number {
  return 3 * advertInt + skewTime(priority);
}

/** The correctness bound the lab asserts on every failover: Master_Down_Interval + 1 s. */
export function failoverBound(advertInt: number, priority: number): number {
  return masterDownInterval(advertInt, priority) + 1;
}

export interface HealthCheckFacts {
  readonly interval: number;
  readonly timeout: number;
  readonly fall: number;
  readonly rise: number;
  readonly weight: number;
}

/** What the lab needs to know of one node's keepalived.conf. */
export interface VrrpFacts {
  readonly state: string;
  readonly nopreempt: boolean;
  readonly interface: string;
  readonly virtualRouterId: number;
  readonly priority: number;
  readonly advertInt: number;
  readonly authPass?: string;
  readonly virtualIpAddress: string;
  readonly healthCheck?: HealthCheckFacts;
}

/** Reads the facts from a keepalived.conf; throws when a required keyword is missing. */
export function readVrrpFacts(conf: string): VrrpFacts {
  const word = (keyword: string): string | undefined => new RegExp(`^\\s*${keyword}\\s+(\\S+)\\s*$`, 'm').exec(conf)?.[1];
  const required = (keyword: string): string => {
    const value = word(keyword);
    if (value === undefined) throw new Error(`keepalived.conf has no ${keyword}:\n${conf}`);
    return value;
  };
  const vipBlock = /virtual_ipaddress\s*\{\s*(\S+)/.exec(conf);
  if (!vipBlock) throw new Error(`keepalived.conf has no virtual_ipaddress:\n${conf}`);
  const script = /vrrp_script\s+\S+\s*\{([^}]*)\}/.exec(conf)?.[1];
  const scriptNumber = (keyword: string, fallback: number): number => {
    const value = script && new RegExp(`^\\s*${keyword}\\s+(-?\\d+)`, 'm').exec(script)?.[1];
    return value ? Number(value) : fallback;
  };
  return {
    state: required('state'),
    nopreempt: /^\s*nopreempt\s*$/m.test(conf),
    interface: required('interface'),
    virtualRouterId: Number(required('virtual_router_id')),
    priority: Number(required('priority')),
    advertInt: Number(word('advert_int') ?? '1'),
    authPass: word('auth_pass'),
    virtualIpAddress: vipBlock[1],
    // keepalived's own defaults for keywords a vrrp_script leaves out (keepalived.conf(5)).
    healthCheck: script === undefined
      ? undefined
      : { interval: scriptNumber('interval', 1), timeout: scriptNumber('timeout', 0), fall: scriptNumber('fall', 1), rise: scriptNumber('rise', 1), weight: scriptNumber('weight', 0) },
  };
}
