// The keepalived.conf every cluster node runs: a plain model and its renderer. No cdktf import.
import type { HealthCheckOptions, KeepalivedOptions } from './havip-cluster-props';
import { HAVIP_ADDRESS_PLACEHOLDER, renderMemberKeepalivedConfig, type MemberKeepalivedConfig, type VrrpScript } from './keepalived-conf';
import { defaultPriority } from './rules/keepalived-rules';

export { HAVIP_ADDRESS_PLACEHOLDER };

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

/** The keepalived options of a one-HaVip cluster, whose router id is given. */
export type ClusterKeepalivedOptions = KeepalivedOptions & { readonly virtualRouterId: number };

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
  options: ClusterKeepalivedOptions,
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
 * keepalived.conf for one node: its one VRRP instance and health check, rendered by
 * renderMemberKeepalivedConfig (which throws for what it cannot render faithfully). Range checks
 * (priority 1..254, ...) belong to lib/rules.
 */
export function renderKeepalivedConfig(config: KeepalivedNodeConfig): string {
  const check = config.healthCheck;
  return renderMemberKeepalivedConfig({
    scriptUser: config.scriptUser,
    scripts: check ? [{ name: SCRIPT_NAME, ...check }] : [],
    instances: [
      {
        name: config.instanceName,
        state: config.state,
        nopreempt: config.nopreempt,
        preemptDelay: config.preemptDelay,
        interface: config.interface,
        virtualRouterId: config.virtualRouterId,
        priority: config.priority,
        advertInt: config.advertInt,
        authPass: config.authPass,
        unicastSrcIp: config.unicastSrcIp,
        unicastPeers: config.unicastPeers,
        virtualIpAddress: config.virtualIpAddress,
        garpMasterDelay: config.garpMasterDelay,
        garpMasterRefresh: config.garpMasterRefresh,
        trackInterfaces: config.trackInterfaces,
        trackScripts: check ? [SCRIPT_NAME] : [],
      },
    ],
  });
}

/** One HaVip of a member set, as the shared model needs it. */
export interface SharedHaVipModel {
  /** The HaVip address, or its placeholder (havipAddressPlaceholder(index)). */
  readonly virtualIpAddress: string;
  readonly virtualRouterId: number;
  /** The members' priorities for this HaVip, in node order. @default - rotated (sharedPriorities) */
  readonly priorities?: number[];
  /** This HaVip's own health check. @default - the shared `options.healthCheck` */
  readonly healthCheck?: HealthCheckOptions;
}

/** A health check script a member set runs: where it is written and the command it holds. */
export interface HealthCheckScript {
  /** The `vrrp_script` name. */
  readonly name: string;
  /** Where the script is written, in /etc/keepalived. */
  readonly path: string;
  /** The user's command, the script's only line after `#!/bin/sh`. */
  readonly command: string;
}

/**
 * The members' priorities for the HaVip at `havipIndex`: `base` (the node priorities) rotated by the
 * HaVip's position, so node i gets base[(i - k) mod n]. HaVip 0 keeps the node priorities; HaVip k
 * gives node k+1 what node 1 has for HaVip 0, so with at most as many HaVips as members each prefers
 * a different member. Rotation keeps the priorities distinct.
 */
export function rotatedPriorities(base: readonly number[], havipIndex: number): number[] {
  const n = base.length;
  return base.map((_, i) => base[(((i - havipIndex) % n) + n) % n]);
}

/**
 * The health check scripts of a member set: each distinct check (an HaVip's own, or the shared
 * `options.healthCheck`) once, in order of first use. The first is `havip_health_check` at
 * HEALTH_CHECK_SCRIPT_PATH, as in a one-HaVip cluster; then `havip_health_check_2` at
 * `/etc/keepalived/havip-health-check-2.sh`, ... Returns the scripts and, per HaVip, the name it tracks.
 */
export function sharedHealthChecks(
  options: Pick<KeepalivedOptions, 'healthCheck'>,
  havips: readonly Pick<SharedHaVipModel, 'healthCheck'>[],
): { scripts: (VrrpScript & HealthCheckScript)[]; tracked: (string | undefined)[] } {
  const scripts: (VrrpScript & HealthCheckScript)[] = [];
  const byKey = new Map<string, string>();
  const tracked = havips.map((havip) => {
    const check = havip.healthCheck ?? options.healthCheck;
    if (!check) return undefined;
    const settings = {
      interval: check.interval ?? 2,
      timeout: check.timeout ?? 2,
      fall: check.fall ?? 2,
      rise: check.rise ?? 2,
      weight: check.weight ?? 0,
    };
    const key = JSON.stringify([check.script, settings]);
    const known = byKey.get(key);
    if (known) return known;
    const n = scripts.length + 1;
    const name = n === 1 ? SCRIPT_NAME : `${SCRIPT_NAME}_${n}`;
    const path = n === 1 ? HEALTH_CHECK_SCRIPT_PATH : HEALTH_CHECK_SCRIPT_PATH.replace(/\.sh$/, `-${n}.sh`);
    scripts.push({ name, path, scriptPath: path, command: check.script, ...settings });
    byKey.set(key, name);
    return name;
  });
  return { scripts, tracked };
}

/**
 * Every member's model, in node order, for a member set carrying several HaVips: one
 * `vrrp_instance` per HaVip (`VI_1`, `VI_2`, ... in HaVip order) with its own router id, priorities
 * rotated by default (rotatedPriorities), the shared settings of `options`, and health checks shared
 * where HaVips use the same one (sharedHealthChecks). Preemption per HaVip as in
 * clusterKeepalivedConfigs: with `preempt: true` and no delay, the member with the HaVip's highest
 * priority starts MASTER of it. With one HaVip the rendered config is exactly the one-HaVip cluster's.
 */
export function sharedKeepalivedConfigs(
  options: Omit<KeepalivedOptions, 'virtualRouterId'>,
  nodes: readonly { readonly privateIp: string; readonly priority?: number }[],
  havips: readonly SharedHaVipModel[],
): MemberKeepalivedConfig[] {
  const base = nodes.map((node, index) => node.priority ?? defaultPriority(index));
  const preempt = options.preempt ?? false;
  const { scripts, tracked } = sharedHealthChecks(options, havips);
  const priorities = havips.map((havip, k) => havip.priorities ?? rotatedPriorities(base, k));
  const masters = priorities.map((p) => (preempt && options.preemptDelay === undefined ? p.indexOf(Math.max(...p)) : -1));
  return nodes.map((node, index) => ({
    scriptUser: DEFAULT_SCRIPT_USER,
    scripts: scripts.map(({ name, scriptPath, interval, timeout, fall, rise, weight }) => ({ name, scriptPath, interval, timeout, fall, rise, weight })),
    instances: havips.map((havip, k) => ({
      name: `VI_${k + 1}`,
      state: index === masters[k] ? 'MASTER' : 'BACKUP',
      nopreempt: !preempt,
      preemptDelay: preempt ? options.preemptDelay : undefined,
      interface: options.interface ?? 'eth0',
      virtualRouterId: havip.virtualRouterId,
      priority: priorities[k][index],
      advertInt: options.advertInt ?? 1,
      authPass: options.authPass,
      unicastSrcIp: node.privateIp,
      unicastPeers: nodes.filter((_, other) => other !== index).map((peer) => peer.privateIp),
      virtualIpAddress: havip.virtualIpAddress,
      garpMasterDelay: options.garpMasterDelay ?? 1,
      garpMasterRefresh: options.garpMasterRefresh ?? 5,
      trackInterfaces: options.trackInterfaces ?? [],
      trackScripts: tracked[k] ? [tracked[k]!] : [],
    })),
  }));
}
