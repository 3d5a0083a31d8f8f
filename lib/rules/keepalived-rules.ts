// Keepalived sanity: every value we render into keepalived.conf, checked against what keepalived
// accepts (keepalived.conf(5), and keepalived 2.2.7 --config-test measured on Debian 12).
import { checkText } from './strings';
import { field, type FindingCollector } from './values';

const MAN = 'keepalived.conf(5)';
const MEASURED = 'keepalived 2.2.7 --config-test';

export const VIRTUAL_ROUTER_ID = { min: 1, max: 255, source: `${MAN}: virtual_router_id` } as const;
/** 255 means "address owner" (tracking cannot lower it), so users get 1..254. */
export const PRIORITY = { min: 1, max: 254, source: `${MAN}: priority (255 is reserved for the address owner)` } as const;
/** VRRPv2: whole seconds below 256. */
export const ADVERT_INT = { min: 1, max: 255, source: `${MAN}: advert_int (VRRPv2: whole seconds 1..255)` } as const;
export const PREEMPT_DELAY = { min: 0, max: 1000, source: `${MAN}: preempt_delay (0..1000 s)` } as const;
export const GARP_MASTER_DELAY = { min: 0, max: 4294, source: `${MAN}: garp_master_delay; ${MEASURED}: range [0, 4294]` } as const;
export const GARP_MASTER_REFRESH = {
  min: 0,
  max: 4294,
  source: `${MAN}: garp_master_refresh; bounded like garp_master_delay ([0, 4294] in ${MEASURED})`,
} as const;
export const SCRIPT_INTERVAL = { min: 1, max: 4294, source: `${MAN}: vrrp_script interval; ${MEASURED}: range [1, 4294]` } as const;
export const SCRIPT_TIMEOUT = { min: 1, max: 4294, source: `${MAN}: vrrp_script timeout; ${MEASURED}: range [1, 4294]` } as const;
export const SCRIPT_FALL = { min: 1, max: 2147483647, source: `${MAN}: vrrp_script fall; ${MEASURED}: range [1, 2147483647]` } as const;
export const SCRIPT_RISE = { min: 1, max: 2147483647, source: `${MAN}: vrrp_script rise; ${MEASURED}: range [1, 2147483647]` } as const;
export const SCRIPT_WEIGHT = { min: -253, max: 253, source: `${MAN}: vrrp_script weight -253..253` } as const;
export const AUTH_PASS_MAX_CHARS = 8;
export const AUTH_PASS_SOURCE = `${MAN}: authentication { auth_pass } (only the first 8 characters are used)`;
export const ENI_INTERFACE_SOURCE = 'HaVipClusterProps.networkInterfaces: the VRRP interface is the ENI in the HaVip\'s vSwitch';
export const INTERFACE_SOURCE = 'Linux interface names: at most 15 characters (IFNAMSIZ 16), not "." or ".."';
export const TRACK_OWN_INTERFACE_SOURCE = `${MAN}: track_interface (keepalived ignores its own VRRP interface)`;
/**
 * The command is written to a script file that keepalived runs (`vrrp_script { script "<file>" }`),
 * so its shell syntax is the user's; one line, bounded like a keepalived config line (keepalived reads
 * 1024-byte lines: 2.2.7 split, then crashed on, a 1019-character `script` line).
 */
export const SCRIPT_MAX_CHARS = 1000;
export const SCRIPT_SOURCE = `${MAN}: vrrp_script script (keepalived executes the check; one line of at most 1000 characters)`;
export const WEIGHT_NOPREEMPT_SOURCE =
  'keepalived: in a non-preemptive cluster a priority change cannot move the VIP; weight 0 puts a failing node in FAULT';
export const LITERAL_REASON = 'it is written into keepalived.conf at synth time';

/** Default priorities: 100, 90, 80, ... in node order. */
export const DEFAULT_PRIORITY_START = 100;
export const DEFAULT_PRIORITY_STEP = 10;

export function defaultPriority(index: number): number {
  return DEFAULT_PRIORITY_START - DEFAULT_PRIORITY_STEP * index;
}

/**
 * Interface names: 1..15 of [A-Za-z0-9_.-], not `.` or `..`. Stricter than Linux's dev_valid_name()
 * (net/core/dev.c: not empty, shorter than IFNAMSIZ 16, not "." or "..", no "/", ":" or whitespace),
 * which also takes most punctuation; "%" would make the name a template (dev_alloc_name).
 */
const INTERFACE_NAME = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,15}$/;
/**
 * Names Linux refuses to create: "all" and "default" (include/net/ip.h sysctl_dev_name_is_allowed(),
 * checked by net/ipv4/devinet.c devinet_sysctl_register(): EINVAL, they are /proc/sys/net/ipv4/conf
 * entries), and "lo", the loopback device every member already has, which cannot carry the HaVip.
 */
export const RESERVED_INTERFACE_NAMES = ['lo', 'all', 'default'] as const;
export const RESERVED_INTERFACE_SOURCE =
  'Linux: include/net/ip.h sysctl_dev_name_is_allowed() refuses "all" and "default" (EINVAL); "lo" is the loopback device';

export function isValidInterfaceName(name: string): boolean {
  return INTERFACE_NAME.test(name) && !(RESERVED_INTERFACE_NAMES as readonly string[]).includes(name);
}

/** Characters keepalived's parser treats specially, or the boot script might: never in an auth_pass. */
const AUTH_PASS = /^[\x21-\x7e]+$/;
const KEEPALIVED_SPECIAL = /["'{}#!\\$]/;
/**
 * Markers the boot script relies on: its heredoc delimiters (HAVIP_..._END) and the placeholder that
 * Terraform replaces with an allocated HaVip address (@@HAVIP_...@@). A command containing one would
 * end its heredoc early or be rewritten at apply time.
 */
const BOOT_SCRIPT_MARKER = /HAVIP_\w*END|@@HAVIP_/;
export const BOOT_SCRIPT_MARKER_SOURCE = 'the boot script writes the command with a quoted heredoc; its delimiters and the HaVip address placeholder are reserved';

export const KEEPALIVED_KEYS = [
  'virtualRouterId',
  'advertInt',
  'preempt',
  'preemptDelay',
  'interface',
  'authPass',
  'garpMasterDelay',
  'garpMasterRefresh',
  'trackInterfaces',
  'healthCheck',
] as const;
const HEALTH_CHECK_KEYS = ['script', 'interval', 'timeout', 'fall', 'rise', 'weight'] as const;

const literal = { literalReason: LITERAL_REASON };

export function checkInterfaceName(c: FindingCollector, prop: string, value: unknown): string | undefined {
  const name = checkText(c, prop, value, {
    source: INTERFACE_SOURCE,
    ...literal,
    pattern: {
      regex: INTERFACE_NAME,
      rule: 'must be a network interface name: 1 to 15 letters, digits, "_", "." or "-", not "." or ".."',
    },
  });
  if (name !== undefined && (RESERVED_INTERFACE_NAMES as readonly string[]).includes(name)) {
    const why = name === 'lo' ? 'the loopback device cannot carry the HaVip or fail over' : 'Linux refuses to create an interface of that name';
    c.error(prop, name, `must not be ${RESERVED_INTERFACE_NAMES.map((n) => `"${n}"`).join(', ')}: ${why}`, RESERVED_INTERFACE_SOURCE);
    return undefined;
  }
  return name;
}

export function checkAuthPass(c: FindingCollector, prop: string, value: unknown): void {
  const pass = checkText(c, prop, value, { source: AUTH_PASS_SOURCE, ...literal });
  if (pass === undefined) return;
  if (pass.length > AUTH_PASS_MAX_CHARS) {
    c.error(prop, pass, `must be 1 to ${AUTH_PASS_MAX_CHARS} characters: keepalived silently uses only the first ${AUTH_PASS_MAX_CHARS}`, AUTH_PASS_SOURCE);
  } else if (!AUTH_PASS.test(pass) || KEEPALIVED_SPECIAL.test(pass)) {
    c.error(prop, pass, 'must be printable ASCII without whitespace, quotes, braces, "#", "!", "\\" or "$"', AUTH_PASS_SOURCE);
  }
}

export function checkHealthCheckScript(c: FindingCollector, prop: string, value: unknown): void {
  const script = checkText(c, prop, value, { source: SCRIPT_SOURCE, ...literal, maxChars: SCRIPT_MAX_CHARS, terraformText: false });
  if (script === undefined) return;
  if (!/^\/[^\s/]/.test(script)) {
    c.error(prop, script, 'must start with an absolute path to the program, e.g. /usr/bin/curl: keepalived executes the check', SCRIPT_SOURCE);
  } else if (BOOT_SCRIPT_MARKER.test(script)) {
    c.error(prop, script, 'must not contain HAVIP_..._END or @@HAVIP_, markers the boot script reserves', BOOT_SCRIPT_MARKER_SOURCE);
  }
}

/**
 * The `keepalived` props. `nodeCount` is known for the default-priority check; priorities themselves
 * are checked with the nodes (checkPriorities).
 */
export function checkKeepalived(
  c: FindingCollector,
  value: unknown,
  options: { readonly eniMembers?: boolean } = {},
): { preempt: boolean; interfaceName?: string } {
  const k = c.object('keepalived', value, 'KeepalivedOptions', KEEPALIVED_KEYS);
  if (!k) return { preempt: false };
  const get = (key: string) => field(k, key);

  if (c.required('keepalived.virtualRouterId', get('virtualRouterId'), VIRTUAL_ROUTER_ID.source)) {
    c.integer('keepalived.virtualRouterId', get('virtualRouterId'), { ...VIRTUAL_ROUTER_ID, ...literal });
  }
  if (get('advertInt') !== undefined) c.integer('keepalived.advertInt', get('advertInt'), { ...ADVERT_INT, ...literal });

  let preempt = false;
  if (get('preempt') !== undefined) preempt = c.boolean('keepalived.preempt', get('preempt'), `${MAN}: nopreempt`, LITERAL_REASON) ?? false;
  if (get('preemptDelay') !== undefined) {
    const delay = c.integer('keepalived.preemptDelay', get('preemptDelay'), { ...PREEMPT_DELAY, ...literal });
    if (delay !== undefined && get('preempt') !== true) {
      c.error('keepalived.preemptDelay', delay, 'only applies with preempt: true (a non-preemptive node never takes the VIP back)', PREEMPT_DELAY.source);
    }
  }

  let iface = get('interface') === undefined ? 'eth0' : checkInterfaceName(c, 'keepalived.interface', get('interface'));
  if (options.eniMembers) {
    // The VRRP interface is the ENI's, found by its MAC address at boot: its name is not known here.
    if (get('interface') !== undefined) {
      c.error('keepalived.interface', get('interface'), 'must not be set with networkInterfaces: keepalived runs on the ENI, found by its MAC address at boot', ENI_INTERFACE_SOURCE);
    }
    iface = undefined;
  }
  if (get('authPass') !== undefined) checkAuthPass(c, 'keepalived.authPass', get('authPass'));
  if (get('garpMasterDelay') !== undefined) c.integer('keepalived.garpMasterDelay', get('garpMasterDelay'), { ...GARP_MASTER_DELAY, ...literal });
  if (get('garpMasterRefresh') !== undefined) c.integer('keepalived.garpMasterRefresh', get('garpMasterRefresh'), { ...GARP_MASTER_REFRESH, ...literal });

  if (get('trackInterfaces') !== undefined) {
    const list = c.array('keepalived.trackInterfaces', get('trackInterfaces'), INTERFACE_SOURCE);
    const seen = new Set<string>();
    list?.forEach((entry, i) => {
      const prop = `keepalived.trackInterfaces[${i}]`;
      const name = checkInterfaceName(c, prop, entry);
      if (name === undefined) return;
      if (name === iface) {
        c.error(prop, name, `must not be the VRRP interface itself (${iface}): keepalived ignores it`, TRACK_OWN_INTERFACE_SOURCE);
      } else if (seen.has(name)) {
        c.error(prop, name, 'must not repeat an interface already tracked', TRACK_OWN_INTERFACE_SOURCE);
      }
      seen.add(name);
    });
  }

  if (get('healthCheck') !== undefined) {
    const h = c.object('keepalived.healthCheck', get('healthCheck'), 'HealthCheckOptions', HEALTH_CHECK_KEYS);
    if (h) {
      if (c.required('keepalived.healthCheck.script', field(h, 'script'), SCRIPT_SOURCE)) {
        checkHealthCheckScript(c, 'keepalived.healthCheck.script', field(h, 'script'));
      }
      const ints = { interval: SCRIPT_INTERVAL, timeout: SCRIPT_TIMEOUT, fall: SCRIPT_FALL, rise: SCRIPT_RISE };
      for (const [key, rule] of Object.entries(ints)) {
        if (field(h, key) !== undefined) c.integer(`keepalived.healthCheck.${key}`, field(h, key), { ...rule, ...literal });
      }
      if (field(h, 'weight') !== undefined) {
        const weight = c.integer('keepalived.healthCheck.weight', field(h, 'weight'), { ...SCRIPT_WEIGHT, ...literal });
        if (weight !== undefined && weight !== 0 && !preempt) {
          c.warning(
            'keepalived.healthCheck.weight',
            weight,
            'a non-zero weight cannot move the VIP without preempt: true; use weight 0 so a failing check releases it',
            WEIGHT_NOPREEMPT_SOURCE,
          );
        }
      }
    }
  }
  return { preempt, interfaceName: iface };
}

/**
 * Node priorities: integers 1..254, distinct once the defaults (100, 90, 80, ...) fill the gaps.
 * `priorities[i]` is the raw `nodes[i].priority`.
 */
export function checkPriorities(c: FindingCollector, priorities: readonly unknown[]): void {
  if (priorities.length > PRIORITY.max) {
    c.error('nodes', priorities.length, `must list at most ${PRIORITY.max} members: each needs a distinct priority from ${PRIORITY.min} to ${PRIORITY.max}`, PRIORITY.source);
    return;
  }
  const byPriority = new Map<number, number>();
  priorities.forEach((raw, i) => {
    const prop = `nodes[${i}].priority`;
    let priority: number | undefined;
    if (raw === undefined) {
      priority = defaultPriority(i);
      if (priority < PRIORITY.min) {
        c.error(prop, raw, `has no priority and the default for node ${i + 1} would be ${priority}: set priorities explicitly (1 to 254)`, PRIORITY.source);
        return;
      }
    } else {
      priority = c.integer(prop, raw, { ...PRIORITY, ...literal });
      if (priority === undefined) return;
    }
    const other = byPriority.get(priority);
    if (other !== undefined) {
      const shown = raw === undefined ? `the default ${priority}` : `${priority}`;
      c.error(prop, raw ?? priority, `must differ from nodes[${other}] (${shown}): priorities must be distinct so one node wins the election`, PRIORITY.source);
    } else {
      byPriority.set(priority, i);
    }
  });
}
