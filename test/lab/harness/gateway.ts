// The HA gateway lab: ENI members synthesized by HaVipCluster, a router namespace standing in for the
// VPC route table (a route for the remote block via the HaVip address), a client behind the router
// and a web server in a remote network that only the members reach (their third interface).
import { TerraformStack, Testing } from 'cdktf';
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { AlicloudProvider, HaVipCluster, type HaVipClusterProps } from '../../../lib';
import { ENI_INTERFACE_PLACEHOLDER } from '../../../lib/eni-script';
import { applySubstitutions, decodeUserData, memberScripts, synthJson } from '../../support/synth';
import { Lab, LabClient, LabNodeSpec, LabSpec } from './lab';
import { LabProcess, now, runOk, startProcess } from './proc';
import { RESULTS_DIR } from './results';

/** The name an ENI gets in the lab's node namespaces (Alibaba Cloud Linux names the first secondary ENI eth1). */
export const ENI_NAME = 'eth1';
/** The router's address in the HaVip's vSwitch: the vSwitch's gateway address on Alibaba (last but two). */
const ROUTER_IP = '192.168.0.253';
/** The router's address in the management vSwitch of the instances' primary NICs. */
const MGMT_ROUTER_IP = '172.16.0.253';
const CLIENT_NET = { router: '10.0.1.1', client: '10.0.1.10', prefix: 24, block: '10.0.1.0/24' };
const REMOTE_NET = { server: '10.99.0.100', prefix: 24, block: '10.99.0.0/24', port: 8080 };

/** What the remote web server answers. */
export const REMOTE_BODY = 'remote server';

/** The remote address node `index` forwards from (its masquerade source). */
export const remoteAddressOf = (index: number) => `10.99.0.${10 + index}`;

/** Two ENI members as an HA gateway for the remote block; node 1 wins the first election (150 vs 100). */
export const GATEWAY_PROPS: HaVipClusterProps = {
  vpcId: 'vpc-lab',
  vswitchId: 'vsw-lab-service',
  vswitchCidrBlock: '192.168.0.0/24',
  havip: { ipAddress: '192.168.0.24' },
  nodes: [
    { privateIp: '192.168.0.25', priority: 150 },
    { privateIp: '192.168.0.26', priority: 100 },
  ],
  networkInterfaces: { instanceVswitchId: 'vsw-lab-mgmt' },
  gateway: {
    routes: [{ routeTableId: 'vtb-lab-clients', destinationCidrBlock: REMOTE_NET.block }],
    sourceCidrs: [CLIENT_NET.block],
  },
  instance: { instanceType: 'ecs.e-c1m1.large', imageId: 'aliyun_3_x64_20G_alibase_20221102.vhd' },
  keepalived: { virtualRouterId: 61, authPass: 'gw-l4b01', trackInterfaces: ['eth0'] },
};

/**
 * The lab spec of the gateway cluster. Each node boots its synthesized user_data, then (Cloud
 * Assistant delivery) its configure and start commands, with the ENI's MAC put in as Terraform's
 * replace() would; node 1's image configured the ENI, node 2's did not.
 */
export function gatewayLabSpec(name: string, props: HaVipClusterProps = GATEWAY_PROPS): LabSpec {
  const stack = new TerraformStack(Testing.app(), name);
  new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
  const cluster = new HaVipCluster(stack, 'gateway', props);
  const scripts = memberScripts(synthJson(stack));
  const nodes = props.nodes.map((node, i): LabNodeSpec => {
    const mac = `02:48:56:00:00:${(i + 1).toString(16).padStart(2, '0')}`;
    const eni = cluster.networkInterfaces[i];
    const values = { [`${eni.terraformResourceType}.${eni.friendlyUniqueId}.mac`]: mac };
    const member = scripts.find((m) => m.instanceKey === cluster.instances[i].friendlyUniqueId);
    if (!member) throw new Error(`no synthesized alicloud_instance for node ${i + 1}`);
    const userData = decodeUserData(member.instance.user_data);
    return {
      index: i + 1,
      privateIp: node.privateIp,
      bootScript: applySubstitutions(userData, values),
      deliveredScripts: member.configure && member.start ? [applySubstitutions(member.configure, values), member.start] : undefined,
      keepalivedConfig: cluster.keepalivedConfigs[i].split(ENI_INTERFACE_PLACEHOLDER).join(ENI_NAME),
      packageManager: i === 0 ? 'dnf' : 'apt-get',
      mac,
      addressConfigured: i === 0,
    };
  });
  const logDir = join(RESULTS_DIR, 'logs', name);
  rmSync(logDir, { recursive: true, force: true });
  return {
    name,
    vip: cluster.havipIpAddress,
    prefixLength: 24,
    interfaceName: ENI_NAME,
    // The lab's client namespace on the vSwitch is the router (the VPC route table).
    clientIp: ROUTER_IP,
    port: REMOTE_NET.port,
    nodes,
    logDir,
  };
}

/** A request the remote web server logged: when, and from which address. */
export interface RemoteRequest {
  readonly t: number;
  readonly source: string;
}

/** The network around the members: router, client, remote network and its web server. */
export class GatewayNetwork {
  private constructor(
    /** What the remote web server logged, in order. */
    readonly requests: readonly RemoteRequest[],
    readonly lab: Lab,
    /** The client behind the router: curls the remote server. */
    readonly client: LabClient,
    readonly routerNs: string,
    readonly remoteNs: string,
    private readonly server: LabProcess,
  ) {}

  /**
   * Adds to a lab built from gatewayLabSpec: per node a management `eth0` (the instance's primary
   * NIC, in a management network of its own) and an `eth2` in the remote network with masquerade (the appliance's own NAT rule);
   * the router's route for the remote block via the HaVip address; the client and the remote server.
   */
  static async create(lab: Lab): Promise<GatewayNetwork> {
    const routerNs = lab.client.ns;
    const clientNs = `${lab.id}-gc`;
    const remoteNs = `${lab.id}-rs`;
    const sw = lab.switchNs;

    // br1: the remote network; br2: the management vSwitch of the instances' primary NICs.
    for (const bridge of ['br1', 'br2']) {
      await runOk('ip', ['-n', sw, 'link', 'add', bridge, 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0']);
      await runOk('ip', ['-n', sw, 'link', 'set', bridge, 'up']);
    }
    for (const node of lab.nodes) {
      const i = node.spec.index;
      await veth(sw, 'br2', `m${i}`, node.ns, 'eth0', `172.16.0.${10 + i}/24`);
      await veth(sw, 'br1', `r${i}`, node.ns, 'eth2', `${remoteAddressOf(i)}/${REMOTE_NET.prefix}`);
      // Replies to the clients leave by the primary NIC (on Alibaba: its default route to the VPC),
      // not by the ENI they came in on; strict reverse-path filtering, as many images set it.
      await runOk('ip', ['-n', node.ns, 'route', 'add', CLIENT_NET.block, 'via', MGMT_ROUTER_IP, 'dev', 'eth0']);
      await runOk('ip', ['netns', 'exec', node.ns, 'sh', '-c', 'for f in /proc/sys/net/ipv4/conf/all/rp_filter /proc/sys/net/ipv4/conf/default/rp_filter; do echo 1 > "$f"; done']);
      const nft = (...args: string[]) => runOk('ip', ['netns', 'exec', node.ns, 'nft', ...args]);
      await nft('add', 'table', 'ip', 'havip_lab_nat');
      await nft('add', 'chain', 'ip', 'havip_lab_nat', 'postrouting', '{ type nat hook postrouting priority srcnat; policy accept; }');
      await nft('add', 'rule', 'ip', 'havip_lab_nat', 'postrouting', 'oifname', 'eth2', 'masquerade');
    }

    await lab.addNamespace(remoteNs);
    await veth(sw, 'br1', 'rs', remoteNs, 'eth0', `${REMOTE_NET.server}/${REMOTE_NET.prefix}`);

    await runOk('ip', ['-n', sw, 'link', 'add', 'pm', 'type', 'veth', 'peer', 'name', 'eth2', 'netns', routerNs]);
    await runOk('ip', ['-n', sw, 'link', 'set', 'pm', 'master', 'br2', 'up']);
    await runOk('ip', ['-n', routerNs, 'addr', 'add', `${MGMT_ROUTER_IP}/24`, 'dev', 'eth2']);
    await runOk('ip', ['-n', routerNs, 'link', 'set', 'eth2', 'up']);

    await lab.addNamespace(clientNs);
    await runOk('ip', ['-n', routerNs, 'link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', clientNs]);
    await runOk('ip', ['-n', routerNs, 'addr', 'add', `${CLIENT_NET.router}/${CLIENT_NET.prefix}`, 'dev', 'eth1']);
    await runOk('ip', ['-n', routerNs, 'link', 'set', 'eth1', 'up']);
    await runOk('ip', ['-n', clientNs, 'addr', 'add', `${CLIENT_NET.client}/${CLIENT_NET.prefix}`, 'dev', 'eth0']);
    await runOk('ip', ['-n', clientNs, 'link', 'set', 'eth0', 'up']);
    await runOk('ip', ['-n', clientNs, 'route', 'add', REMOTE_NET.block, 'via', CLIENT_NET.router]);
    // The route entry: the remote block's next hop is the HaVip, wherever it is.
    await runOk('ip', ['netns', 'exec', routerNs, 'sh', '-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward']);
    await runOk('ip', ['-n', routerNs, 'route', 'add', REMOTE_NET.block, 'via', lab.spec.vip, 'dev', 'eth0']);

    const www = join(lab.dir, 'remote-www');
    mkdirSync(www, { mode: 0o755 });
    writeFileSync(join(www, 'index.html'), `${REMOTE_BODY}\n`, { mode: 0o644 });
    const requests: RemoteRequest[] = [];
    const server = startProcess(
      'remote web server',
      'ip',
      ['netns', 'exec', remoteNs, 'python3', '-u', '-m', 'http.server', String(REMOTE_NET.port), '--bind', REMOTE_NET.server, '--directory', www],
      {
        onLine: (line) => {
          const match = /^(\d+\.\d+\.\d+\.\d+) - - \[/.exec(line);
          if (match) requests.push({ t: now(), source: match[1] });
        },
      },
    );
    return new GatewayNetwork(requests, lab, new LabClient(clientNs, REMOTE_NET.server, REMOTE_NET.port), routerNs, remoteNs, server);
  }

  /** Sources of the requests the remote server logged at or after `since`. */
  sourcesSince(since: number): string[] {
    return this.requests.filter((r) => r.t >= since).map((r) => r.source);
  }

  async destroy(): Promise<void> {
    if (this.server.running) await this.server.kill();
  }
}

async function veth(switchNs: string, bridge: string, port: string, ns: string, ifname: string, address: string): Promise<void> {
  await runOk('ip', ['-n', switchNs, 'link', 'add', port, 'type', 'veth', 'peer', 'name', ifname, 'netns', ns]);
  await runOk('ip', ['-n', switchNs, 'link', 'set', port, 'master', bridge, 'up']);
  await runOk('ip', ['-n', ns, 'addr', 'add', address, 'dev', ifname]);
  await runOk('ip', ['-n', ns, 'link', 'set', ifname, 'up']);
}
