// What HaVipCluster synthesizes, judged by the real tools: keepalived --config-test on every config,
// the boot script run for real in a sandbox, and real Terraform validating and planning every stack.
import { Testing, TerraformStack } from 'cdktf';
import { SeedStack } from '../examples/seed/main';
import { ThreeNodeEipStack } from '../examples/three-node-eip/main';
import { HaGatewayStack } from '../examples/ha-gateway/main';
import { ENI_INTERFACE_PLACEHOLDER } from '../lib/eni-script';
import { HaVipCluster } from '../lib';
import { HAVIP_ADDRESS_PLACEHOLDER } from '../lib/keepalived';
import { describeWithTerraform, planOffline, setupJest } from '../lib/testing';
import { runBootScript, sandboxUnavailable } from './support/boot-script-sandbox';
import { CLUSTER_CASES, clusterStack } from './support/cluster-cases';
import { keepalivedConfigTest, testRequiring, testWithKeepalived } from './support/keepalived-config-test';
import { decodeUserData, memberScripts, resourcesOf, synthJson } from './support/synth';

setupJest();

interface Case {
  readonly stack: TerraformStack;
  readonly cluster: HaVipCluster;
  /** What Terraform would put in place of the placeholder when Alibaba allocates the address. */
  readonly allocatedAddress: string;
}

function cases(): [string, Case][] {
  const all: [string, Case][] = Object.entries(CLUSTER_CASES).map(([name, props]) => [
    name,
    { ...clusterStack(props), allocatedAddress: '192.168.0.100' },
  ]);
  const seed = new SeedStack(Testing.app(), 'havip-seed');
  const threeNode = new ThreeNodeEipStack(Testing.app(), 'havip-three-node-eip');
  all.push(['example seed', { stack: seed, cluster: seed.cluster, allocatedAddress: '192.168.0.100' }]);
  all.push(['example three-node-eip', { stack: threeNode, cluster: threeNode.cluster, allocatedAddress: '10.0.1.100' }]);
  const gateway = new HaGatewayStack(Testing.app(), 'havip-ha-gateway');
  all.push(['example ha-gateway', { stack: gateway, cluster: gateway.cluster, allocatedAddress: '10.0.0.100' }]);
  return all;
}

const CASES = cases();

/** What Terraform's replace() makes of a script or config once Alibaba has allocated `address`. */
function withAllocatedAddress(text: string, address: string): string {
  return text.split(HAVIP_ADDRESS_PLACEHOLDER).join(address);
}

/** A config as an ENI member runs it: the ENI's interface (eth1 on Alibaba Cloud Linux) in place of its placeholder. */
function onEni(config: string): string {
  return config.split(ENI_INTERFACE_PLACEHOLDER).join('eth1');
}

describe('keepalived --config-test accepts every config the construct renders', () => {
  for (const [name, { cluster, allocatedAddress }] of CASES) {
    testWithKeepalived(name, () => {
      for (const config of cluster.keepalivedConfigs) {
        const result = keepalivedConfigTest(onEni(withAllocatedAddress(config, allocatedAddress)));
        expect(result).toEqual({ exitCode: 0, output: expect.any(String) });
      }
    });
  }
});

describe('the synthesized user_data and configure commands, run for real, write exactly the config each node runs', () => {
  for (const name of ['example seed', 'example three-node-eip']) {
    testRequiring(sandboxUnavailable(), name, () => {
      const { stack, cluster, allocatedAddress } = CASES.find(([n]) => n === name)![1];
      memberScripts(synthJson(stack)).forEach((member, i) => {
        const install = runBootScript(member.userData, { standIns: ['dnf', 'systemctl'] });
        expect({ exit: install.exitCode, output: install.output }).toEqual({ exit: 0, output: '' });
        expect(install.calls).toEqual(['dnf install -y keepalived', 'systemctl disable --now keepalived']);

        const { script, placeholder } = member.configure!;
        expect(placeholder === undefined || placeholder === HAVIP_ADDRESS_PLACEHOLDER).toBe(true);
        const result = runBootScript(withAllocatedAddress(script, allocatedAddress), {
          standIns: ['dnf', 'systemctl'],
          keepalivedService: { active: false, enabled: false },
        });
        expect(result.output).not.toMatch(/error|warning/i);
        expect(result.exitCode).toBe(0);
        expect(result.files['keepalived.conf'].content).toBe(
          withAllocatedAddress(cluster.keepalivedConfigs[i], allocatedAddress),
        );
        const check = result.files['havip-health-check.sh'];
        if (name === 'example three-node-eip') {
          expect(check).toMatchObject({ mode: 0o750, uid: 0, gid: 0 });
          expect(check.content).toContain('\n/usr/bin/curl -fsS -o /dev/null http://127.0.0.1:8000/\n');
        } else {
          expect(check).toBeUndefined();
        }
        expect(result.calls).toEqual([
          'keepalived --help',
          'keepalived --config-test -f /etc/keepalived/keepalived.conf.havip-new',
          'systemctl is-active --quiet keepalived',
        ]);
      });
    });
  }
});

describeWithTerraform('real Terraform validates and plans every stack, offline', () => {
  for (const [name, { stack }] of CASES) {
    test(name, () => {
      expect(stack).toPlanOffline();
    }, 60_000);
  }

  test('ENI members: user_data known at plan time, each configure command after apply (the ENI\'s MAC)', () => {
    const [, gateway] = CASES.find(([n]) => n === 'example ha-gateway')!;
    const result = planOffline(gateway.stack);
    expect(result.errors).toEqual([]);
    for (const change of result.resourceChanges.filter((c) => c.type === 'alicloud_instance')) {
      expect(change.afterUnknown.user_data).toBeUndefined();
    }
    const configure = result.resourceChanges.filter((c) => c.type === 'alicloud_ecs_command' && c.address.includes('configure'));
    expect(configure.map((c) => c.afterUnknown.command_content)).toEqual([true, true]);
    expect(result.resourceChanges.filter((c) => c.type === 'alicloud_route_entry').map((c) => c.after!.nexthop_type)).toEqual(['HaVip', 'HaVip']);
    expect(result.resourceChanges.filter((c) => c.type === 'alicloud_havip_attachment').map((c) => c.after!.instance_type)).toEqual(['NetworkInterface', 'NetworkInterface']);
  }, 60_000);

  test("the plan's user_data for the guide's example is the script we rendered", () => {
    const [, seed] = CASES.find(([n]) => n === 'example seed')!;
    const scripts = resourcesOf(synthJson(seed.stack), 'alicloud_instance').map((i) => decodeUserData(i.user_data).script);
    const result = planOffline(seed.stack);
    expect(result.errors).toEqual([]);
    const planned = result.resourceChanges.filter((c) => c.type === 'alicloud_instance');
    expect(planned).toHaveLength(2);
    // Planned in address order, which is node order here (node-1, node-2).
    planned.forEach((change, i) => {
      expect(change.afterUnknown.user_data).toBeUndefined();
      expect(Buffer.from(change.after!.user_data as string, 'base64').toString('utf8')).toBe(scripts[i]);
    });
  }, 60_000);

  test('with an address Alibaba allocates, user_data is known at plan time and the configure commands after apply', () => {
    const [, allocated] = CASES.find(([n]) => n === 'allocated address')!;
    const result = planOffline(allocated.stack);
    expect(result.errors).toEqual([]);
    for (const change of result.resourceChanges.filter((c) => c.type === 'alicloud_instance')) {
      expect(change.afterUnknown.user_data).toBeUndefined();
    }
    const commands = result.resourceChanges.filter((c) => c.type === 'alicloud_ecs_command');
    expect(commands.map((c) => [c.address.includes('configure'), c.afterUnknown.command_content === true])).toEqual([
      [true, true],
      [true, true],
      [false, false],
      [false, false],
    ]);
  }, 60_000);
});
