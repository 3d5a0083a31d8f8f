// The keepalived.conf every cluster node runs: a plain model and its renderer. No cdktf import.
import * as ipaddr from 'ipaddr.js';
import type { KeepalivedOptions } from './havip-cluster-props';
import { defaultPriority } from './rules/keepalived-rules';

/**
 * Stands in for the HaVip address when Alibaba allocates it at apply time. Terraform replaces it in
 * the boot script (`replace(...)`), so it may appear wherever the address goes.
 */
export const HAVIP_ADDRESS_PLACEHOLDER = '@@HAVIP_IP_ADDRESS@@';

/** Where the boot script writes the health check script that keepalived runs. */
export const HEALTH_CHECK_SCRIPT_PATH = '/etc/keepalived/havip-health-check.sh';

/**
 * The user keepalived runs the health check as. Keepalived before 2.2.8 (Debian 12 ships 2.2.7)
 * kills itself during `--config-test` when scripts run as any other user
 * (https://github.com/acassen/keepalived/issues/2587), so a config naming another user cannot be
 * validated on those versions. The script is root-owned and not writable by others, which
 * `enable_script_security` enforces.
 */
const DEFAULT_SCRIPT_USER = 'root';

/** A `vrrp_script` the VRRP instance tracks. */
export interface KeepalivedHealthCheck {
  /** Absolute path of the script keepalived runs; exit 0 means healthy. */
  readonly scriptPath: string;
  /** Seconds between runs. */
  readonly interval: number;
  /** Seconds after which a run counts as failed. */
  readonly timeout: number;
  /** Consecutive failures that make the node unhealthy. */
  readonly fall: number;
  /** Consecutive successes that make it healthy again. */
  readonly rise: number;
  /** Priority change while failing; 0 puts the node in FAULT, which releases the VIP. */
  readonly weight: number;
}

/** Everything one node's keepalived.conf says. */
export interface KeepalivedNodeConfig {
  /** The `vrrp_instance` name, e.g. `VI_1`. */
  readonly instanceName: string;
  /** Initial state. */
  readonly state: 'MASTER' | 'BACKUP';
  /** Whether to render `nopreempt` (needs `state BACKUP`). */
  readonly nopreempt: boolean;
  /** `preempt_delay` in seconds (needs `state BACKUP`). */
  readonly preemptDelay?: number;
  /** The interface that carries the VIP. */
  readonly interface: string;
  readonly virtualRouterId: number;
  readonly priority: number;
  /** Seconds between advertisements (VRRPv2, whole seconds). */
  readonly advertInt: number;
  /** VRRP PASS authentication; no `authentication` block without it. */
  readonly authPass?: string;
  /** This node's address. */
  readonly unicastSrcIp: string;
  /** Every other node's address, never this node's. */
  readonly unicastPeers: string[];
  /** The HaVip address, or HAVIP_ADDRESS_PLACEHOLDER. */
  readonly virtualIpAddress: string;
  readonly garpMasterDelay: number;
  readonly garpMasterRefresh: number;
  /** Interfaces whose failure puts the node in FAULT (not the VRRP interface itself). */
  readonly trackInterfaces: string[];
  readonly healthCheck?: KeepalivedHealthCheck;
  /** `global_defs { script_user }`, rendered with a health check. */
  readonly scriptUser: string;
}

const INSTANCE_NAME = 'VI_1';
const SCRIPT_NAME = 'havip_health_check';

/**
 * Every node's model, in node order, from the cluster's options with their defaults applied.
 * Non-preemptive (default): every node `state BACKUP` + `nopreempt`, so a recovered node never takes
 * the VIP back. `preempt: true`: the highest priority starts MASTER and the others BACKUP; with a
 * `preemptDelay` every node starts BACKUP, because keepalived clears `preempt_delay` on a MASTER.
 * A node without a priority gets 100, 90, 80, ... by its position.
 */
export function clusterKeepalivedConfigs(
  options: KeepalivedOptions,
  nodes: readonly { readonly privateIp: string; readonly priority?: number }[],
  virtualIpAddress: string,
): KeepalivedNodeConfig[] {
  const priorities = nodes.map((node, index) => node.priority ?? defaultPriority(index));
  const preempt = options.preempt ?? false;
  const master = preempt && options.preemptDelay === undefined ? priorities.indexOf(Math.max(...priorities)) : -1;
  const check = options.healthCheck;
  return nodes.map((node, index) => ({
    instanceName: INSTANCE_NAME,
    state: index === master ? 'MASTER' : 'BACKUP',
    nopreempt: !preempt,
    preemptDelay: preempt ? options.preemptDelay : undefined,
    interface: options.interface ?? 'eth0',
    virtualRouterId: options.virtualRouterId,
    priority: priorities[index],
    advertInt: options.advertInt ?? 1,
    authPass: options.authPass,
    unicastSrcIp: node.privateIp,
    unicastPeers: nodes.filter((_, other) => other !== index).map((peer) => peer.privateIp),
    virtualIpAddress,
    garpMasterDelay: options.garpMasterDelay ?? 1,
    garpMasterRefresh: options.garpMasterRefresh ?? 5,
    trackInterfaces: options.trackInterfaces ?? [],
    healthCheck: check && {
      scriptPath: HEALTH_CHECK_SCRIPT_PATH,
      interval: check.interval ?? 2,
      timeout: check.timeout ?? 2,
      fall: check.fall ?? 2,
      rise: check.rise ?? 2,
      weight: check.weight ?? 0,
    },
    scriptUser: DEFAULT_SCRIPT_USER,
  }));
}

/**
 * keepalived.conf for one node. Throws an Error when a value cannot be rendered faithfully (a word
 * keepalived would cut at a comment, quote, brace or whitespace; a fraction; a peer list that is
 * empty or names the node itself). Range checks (priority 1..254, ...) belong to lib/rules.
 */
export function renderKeepalivedConfig(config: KeepalivedNodeConfig): string {
  const srcIp = address('unicastSrcIp', config.unicastSrcIp);
  if (config.unicastPeers.length === 0) {
    throw new Error('keepalived: unicastPeers is empty; keepalived before 2.2.4 would fall back to multicast');
  }
  const peers = config.unicastPeers.map((peer, i) => address(`unicastPeers[${i}]`, peer));
  if (peers.includes(srcIp)) {
    throw new Error(`keepalived: unicastPeers includes the node's own address ${srcIp}`);
  }
  const vip = config.virtualIpAddress === HAVIP_ADDRESS_PLACEHOLDER
    ? HAVIP_ADDRESS_PLACEHOLDER
    : address('virtualIpAddress', config.virtualIpAddress);
  if (config.state === 'MASTER' && (config.nopreempt || config.preemptDelay !== undefined)) {
    throw new Error('keepalived: nopreempt and preempt_delay need state BACKUP; keepalived clears them on a MASTER');
  }

  const lines = [
    '! Generated by cdktf-alicloud-havip: change the HaVipCluster props, not this file.',
    '',
  ];
  const check = config.healthCheck;
  if (check) {
    lines.push(
      'global_defs {',
      '    enable_script_security',
      `    script_user ${word('scriptUser', config.scriptUser)}`,
      '}',
      '',
      `vrrp_script ${SCRIPT_NAME} {`,
      `    script "${scriptPath(check.scriptPath)}"`,
      `    interval ${integer('healthCheck.interval', check.interval)}`,
      `    timeout ${integer('healthCheck.timeout', check.timeout)}`,
      `    fall ${integer('healthCheck.fall', check.fall)}`,
      `    rise ${integer('healthCheck.rise', check.rise)}`,
      `    weight ${integer('healthCheck.weight', check.weight)}`,
      '}',
      '',
    );
  }
  lines.push(
    `vrrp_instance ${word('instanceName', config.instanceName)} {`,
    `    state ${config.state === 'MASTER' ? 'MASTER' : 'BACKUP'}`,
    ...(config.nopreempt ? ['    nopreempt'] : []),
    ...(config.preemptDelay !== undefined ? [`    preempt_delay ${integer('preemptDelay', config.preemptDelay)}`] : []),
    `    interface ${word('interface', config.interface)}`,
    `    virtual_router_id ${integer('virtualRouterId', config.virtualRouterId)}`,
    `    priority ${integer('priority', config.priority)}`,
    `    advert_int ${integer('advertInt', config.advertInt)}`,
  );
  if (config.authPass !== undefined) {
    lines.push(
      '    authentication {',
      '        auth_type PASS',
      `        auth_pass ${word('authPass', config.authPass)}`,
      '    }',
    );
  }
  lines.push(
    `    unicast_src_ip ${srcIp}`,
    ...block('unicast_peer', peers),
    ...block('virtual_ipaddress', [vip]),
    `    garp_master_delay ${integer('garpMasterDelay', config.garpMasterDelay)}`,
    `    garp_master_refresh ${integer('garpMasterRefresh', config.garpMasterRefresh)}`,
  );
  if (config.trackInterfaces.length > 0) {
    lines.push(...block('track_interface', config.trackInterfaces.map((name, i) => word(`trackInterfaces[${i}]`, name))));
  }
  if (check) {
    lines.push(...block('track_script', [SCRIPT_NAME]));
  }
  lines.push('}', '');
  return lines.join('\n');
}

function block(keyword: string, items: readonly string[]): string[] {
  return [`    ${keyword} {`, ...items.map((item) => `        ${item}`), '    }'];
}

// A word is printable ASCII without whitespace. Keepalived also starts a comment at `!` or `#`,
// treats `"` and braces as syntax, drops `\` and expands `$NAME` (measured on 2.2.7).
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const KEEPALIVED_SYNTAX = /[!#"\\{}$]/;

function word(name: string, value: string): string {
  if (typeof value !== 'string' || !PRINTABLE_ASCII.test(value) || KEEPALIVED_SYNTAX.test(value)) {
    throw new Error(
      `keepalived: ${name} = ${JSON.stringify(value)} is not a keepalived word ` +
        '(printable ASCII without whitespace, !, #, ", \\, {, }, $)',
    );
  }
  return value;
}

function scriptPath(value: string): string {
  if (!word('healthCheck.scriptPath', value).startsWith('/')) {
    throw new Error(`keepalived: healthCheck.scriptPath = ${JSON.stringify(value)} is not an absolute path`);
  }
  return value;
}

function integer(name: string, value: number): string {
  if (!Number.isSafeInteger(value)) {
    throw new Error(`keepalived: ${name} = ${String(value)} is not an integer`);
  }
  return String(value);
}

function address(name: string, value: string): string {
  if (typeof value !== 'string' || !ipaddr.IPv4.isValidFourPartDecimal(value)) {
    throw new Error(`keepalived: ${name} = ${JSON.stringify(value)} is not an IPv4 address in dotted decimal`);
  }
  return value;
}
