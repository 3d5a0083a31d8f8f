// The clusters the lab runs, synthesized with the real HaVipCluster. The lab takes each node's boot
// from the synthesized JSON and nothing else: alicloud_instance.user_data (base64), then the
// configure and start commands Cloud Assistant delivers to it.
import { TerraformStack, Testing } from 'cdktf';
import { AlicloudProvider, HaVipCluster, HaVipClusterProps } from '../../../lib';
import { SeedStack } from '../../../examples/seed/main';
import { decodeUserData, memberScripts, synthJson } from '../../support/synth';
import { rmSync } from 'fs';
import { join } from 'path';
import { CURL_PATH } from './prerequisites';
import { LabNodeSpec, LabSpec, PackageManager } from './lab';
import { RESULTS_DIR } from './results';
import type { StackDocument } from './replay';

/** A synthesized cluster as the lab needs it. */
export interface SynthesizedCluster {
  /** The HaVip address (a literal: the lab needs it at synth time). */
  readonly vip: string;
  /** One entry per alicloud_instance, in the order of the cluster's `nodes`. */
  readonly nodes: readonly LabNodeSpec[];
}

/** The guide's cluster exactly as the README's main example (examples/seed) builds it. */
export function guideCluster(): SynthesizedCluster {
  const stack = new SeedStack(Testing.app(), 'lab-guide');
  return fromStack(stack, stack.cluster, ['192.168.0.25', '192.168.0.26']);
}

/** The guide's addresses; every prop not given here is the construct's default. */
const GUIDE_BASE: HaVipClusterProps = {
  vpcId: 'vpc-lab',
  vswitchId: 'vsw-lab',
  vswitchCidrBlock: '192.168.0.0/24',
  havip: { ipAddress: '192.168.0.24' },
  nodes: [
    { privateIp: '192.168.0.25', priority: 100 },
    { privateIp: '192.168.0.26', priority: 10 },
  ],
  instance: { instanceType: 'ecs.e-c1m1.large', imageId: 'aliyun_3_x64_20G_alibase_20221102.vhd' },
  keepalived: { virtualRouterId: 51, authPass: 'k33p4liv' },
  ingress: [{ protocol: 'tcp', port: 8000, sourceCidr: '192.168.0.0/24' }],
};

/** The guide's two nodes with `preempt: true`: the primary takes the VIP back when it returns. */
export const PREEMPT_PROPS: HaVipClusterProps = {
  ...GUIDE_BASE,
  keepalived: { ...GUIDE_BASE.keepalived, preempt: true },
};

/** Health-check command of the three-node cluster: the node's own web server, as the example. */
export const HEALTH_CHECK_COMMAND = `${CURL_PATH} -fsS -o /dev/null http://127.0.0.1:8000/`;

/**
 * Three nodes and a health check with the default weight 0. Priorities 50 apart: 195 ms of VRRP skew
 * between neighbours, more than the nodes' start-up jitter (the first health check run adds up to
 * ~100 ms), so the highest priority wins the first election when all start together. With the
 * default 100, 90, 80 (39 ms apart) the first election is a start-up race.
 */
export const THREE_NODE_PROPS: HaVipClusterProps = {
  ...GUIDE_BASE,
  nodes: [
    { privateIp: '192.168.0.25', priority: 150 },
    { privateIp: '192.168.0.26', priority: 100 },
    { privateIp: '192.168.0.27', priority: 50 },
  ],
  keepalived: {
    virtualRouterId: 52,
    authPass: 'l4bthr33',
    healthCheck: { script: HEALTH_CHECK_COMMAND, interval: 2, timeout: 2, fall: 2, rise: 2 },
  },
};

/**
 * The day-2 lab's cluster at version 1: the guide's network, two nodes with the default priorities
 * (100, 90: 39 ms of skew apart, which the start order, not a race, must settle), the curl health
 * check, advert 1 s. Each day-2 scenario synthesizes a changed copy.
 */
export const DAY2_PROPS: HaVipClusterProps = {
  ...GUIDE_BASE,
  nodes: [{ privateIp: '192.168.0.25' }, { privateIp: '192.168.0.26' }],
  keepalived: {
    virtualRouterId: 53,
    authPass: 'd4y2l4b1',
    healthCheck: { script: HEALTH_CHECK_COMMAND, interval: 2, timeout: 2, fall: 2, rise: 2 },
  },
};

/** The synthesized document (cdk.tf.json) of one HaVipCluster with these props in a stack of its own. */
export function synthesizeDocument(name: string, props: HaVipClusterProps): StackDocument {
  const stack = new TerraformStack(Testing.app(), name);
  new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
  new HaVipCluster(stack, 'cluster', props);
  return synthJson(stack) as StackDocument;
}

/** Synthesizes one HaVipCluster with these props in a stack of its own. */
export function synthesizeCluster(name: string, props: HaVipClusterProps): SynthesizedCluster {
  const stack = new TerraformStack(Testing.app(), name);
  new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
  const cluster = new HaVipCluster(stack, 'cluster', props);
  return fromStack(stack, cluster, props.nodes.map((n) => n.privateIp));
}

/** Node 1 boots like Alibaba Cloud Linux 3 (dnf), node 2 like Debian/Ubuntu (apt-get), node 3 like CentOS 7 (yum). */
const IMAGES: readonly PackageManager[] = ['dnf', 'apt-get', 'yum'];

function fromStack(stack: TerraformStack, cluster: HaVipCluster, nodeIps: readonly string[]): SynthesizedCluster {
  const members = memberScripts(synthJson(stack));
  if (members.length !== nodeIps.length) {
    throw new Error(`synthesized ${members.length} alicloud_instance resources for ${nodeIps.length} nodes`);
  }
  const nodes = nodeIps.map((ip, i): LabNodeSpec => {
    const member = members.find((m) => m.instance.private_ip === ip);
    if (!member) throw new Error(`no synthesized alicloud_instance has private_ip ${ip}`);
    const decoded = decodeUserData(member.instance.user_data);
    if (decoded.placeholder || member.configure?.placeholder) {
      throw new Error(`node ${ip}: its scripts wait for an allocated address; the lab needs a literal HaVip address`);
    }
    if ((member.configure === undefined) !== (member.start === undefined)) throw new Error(`node ${ip}: a configure command without a start command, or the reverse`);
    return {
      index: i + 1,
      privateIp: ip,
      bootScript: decoded.script,
      deliveredScripts: member.configure && member.start ? [member.configure.script, member.start] : undefined,
      keepalivedConfig: cluster.keepalivedConfigs[i],
      packageManager: IMAGES[i % IMAGES.length],
    };
  });
  return { vip: cluster.havipIpAddress, nodes };
}

/**
 * The lab for a synthesized cluster on the guide's network: a /24 vSwitch, `eth0`, a client at
 * .100 and the web server on 8000. Its per-node logs go to a fresh results/logs/<name>.
 */
export function labSpec(name: string, cluster: SynthesizedCluster): LabSpec {
  const logDir = join(RESULTS_DIR, 'logs', name);
  rmSync(logDir, { recursive: true, force: true });
  return {
    name,
    vip: cluster.vip,
    prefixLength: 24,
    interfaceName: 'eth0',
    clientIp: '192.168.0.100',
    port: 8000,
    nodes: cluster.nodes,
    logDir,
  };
}
