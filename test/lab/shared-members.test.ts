// Several HaVips on one member set, and existing instances as members, for real (issue 16).
// Each scenario synthesizes a stack with HaVipCluster and deploys it onto the lab with the replay
// harness (harness/replay.ts, harness/day2.ts): instances boot from their user_data, Cloud
// Assistant invocations run their decoded commands in the members' sandboxes in the graph's order,
// the lab plays systemd. Two clients curl the two HaVips every 100 ms. Run with `npm run lab`.
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { HaVipClusterProps } from '../../lib';
import { labSpec, synthesizeDocument, HEALTH_CHECK_COMMAND } from './harness/clusters';
import { Day2Lab } from './harness/day2';
import { Lab, LabClient, LabNode, PackageManager, Poller, Sample } from './harness/lab';
import { describeLab } from './harness/prerequisites';
import { now, runOk, sleep } from './harness/proc';
import { RESULTS_DIR, clientOutage, seconds } from './harness/results';
import { failoverBound } from './harness/vrrp';

const VIP_A = '192.168.0.24';
const VIP_B = '192.168.0.23';
const IMAGES: readonly PackageManager[] = ['dnf', 'apt-get'];
const FAST_POLL = { invocationFirstPollMs: 1000, invocationPollMs: 1000 };
/** The lab's node for a private IP: .25 is ECS 1, .26 ECS 2. */
const nodeIndex = (ip: string) => Number(ip.split('.')[3]) - 24;

/** Two HaVips on two members, preemptive, each preferring one member (150/50 rotated), a shared health check. */
const TWO_HAVIPS: HaVipClusterProps = {
  vpcId: 'vpc-lab',
  vswitchId: 'vsw-lab',
  vswitchCidrBlock: '192.168.0.0/24',
  havips: [
    { ipAddress: VIP_A, virtualRouterId: 81 },
    { ipAddress: VIP_B, virtualRouterId: 82 },
  ],
  nodes: [
    { privateIp: '192.168.0.25', priority: 150 },
    { privateIp: '192.168.0.26', priority: 50 },
  ],
  instance: { instanceType: 'ecs.e-c1m1.large', imageId: 'aliyun_3_x64_20G_alibase_20221102.vhd' },
  keepalived: { preempt: true, authPass: 'tw0v1psx', healthCheck: { script: HEALTH_CHECK_COMMAND } },
  ingress: [{ protocol: 'tcp', port: 8000, sourceCidr: '192.168.0.0/24' }],
};

/** The same two HaVips on two existing instances (no instance settings, ids instead). */
const EXISTING: HaVipClusterProps = {
  ...TWO_HAVIPS,
  instance: undefined,
  havips: [
    { ipAddress: VIP_A, virtualRouterId: 83 },
    { ipAddress: VIP_B, virtualRouterId: 84 },
  ],
  nodes: [
    { privateIp: '192.168.0.25', priority: 150, instanceId: 'i-lab0000000001' },
    { privateIp: '192.168.0.26', priority: 50, instanceId: 'i-lab0000000002' },
  ],
};

const figures: Record<string, unknown>[] = [];

/** Whether the node's interface carries `address`. */
async function holds(node: LabNode, address: string): Promise<boolean> {
  const out = await runOk('ip', ['-n', node.ns, '-4', '-o', 'addr', 'show', 'dev', node.lab.spec.interfaceName]);
  return out.includes(` ${address}/`);
}

/** Waits (bounded) until the poller's last answer comes from `ECS n`. */
async function servedBy(poller: Poller, index: number, timeoutMs: number): Promise<Sample | undefined> {
  return poller.waitFor((s) => s.ok && s.body === `ECS ${index}`, now(), timeoutMs);
}

class Scenario {
  lab!: Lab;
  day2!: Day2Lab;
  pollA!: Poller;
  pollB!: Poller;

  async create(name: string): Promise<void> {
    const spec = { ...labSpec(name, { vip: VIP_A, nodes: [] }), services: 'systemd' as const };
    this.lab = await Lab.create(spec);
    this.day2 = new Day2Lab(this.lab, { nodeIndex, packageManager: (i) => IMAGES[(i - 1) % IMAGES.length] });
    this.day2.setPolling(FAST_POLL);
    this.pollA = this.lab.client.poll(100, 300_000);
    this.pollB = new LabClient(this.lab.client.ns, VIP_B, spec.port).poll(100, 300_000);
  }

  async destroy(): Promise<void> {
    await this.pollA?.stop();
    await this.pollB?.stop();
    await this.lab?.destroy();
  }

  /** After the deploy each member is master of one HaVip: ECS 1 serves A, ECS 2 serves B, and each VIP has one holder. */
  async expectActiveActive(): Promise<void> {
    const bound = failoverBound(1, 50) * 1000;
    expect((await servedBy(this.pollA, 1, bound))?.body).toBe('ECS 1');
    expect((await servedBy(this.pollB, 2, bound))?.body).toBe('ECS 2');
    const [n1, n2] = [this.lab.node(1), this.lab.node(2)];
    expect([await holds(n1, VIP_A), await holds(n2, VIP_A), await holds(n1, VIP_B), await holds(n2, VIP_B)]).toEqual([true, false, false, true]);
  }

  /**
   * Member 2 fails (keepalived SIGTERM, as at an instance stop): VIP B moves to ECS 1 within the
   * failover bound, and VIP A never moves (every answer ECS 1, none failed). Then it returns and
   * takes B back (preempt); A still never moves.
   */
  async failAndReturn(scenario: string): Promise<void> {
    const node2 = this.lab.node(2);
    const t0 = now();
    await node2.services!.stop();
    const moved = await servedBy(this.pollB, 1, failoverBound(1, 50) * 1000 + 2000);
    expect(moved?.body).toBe('ECS 1');
    const failover = moved!.tEnd - t0;
    expect(failover).toBeLessThanOrEqual(failoverBound(1, 50) * 1000);
    await sleep(2000);
    const t1 = now();
    await node2.services!.start();
    const back = await servedBy(this.pollB, 2, failoverBound(1, 50) * 1000 + 2000);
    expect(back?.body).toBe('ECS 2');
    await sleep(2000);
    const t2 = now();
    const a = this.pollA.between(t0, t2);
    const b = this.pollB.between(t0, t2);
    expect(a.length).toBeGreaterThan(50);
    expect({ failedA: a.filter((s) => !s.ok).length, otherA: a.filter((s) => s.ok && s.body !== 'ECS 1').length }).toEqual({ failedA: 0, otherA: 0 });
    figures.push({
      scenario,
      vipA: `ECS 1 throughout (${a.length} requests, 0 failed)`,
      failoverBS: seconds(failover),
      outageBS: clientOutage(this.pollB.between(t0, t1)),
      returnBS: seconds(back!.tEnd - t1),
      returnOutageBS: clientOutage(this.pollB.between(t1, t2)),
      requestsB: b.length,
      failedB: b.filter((s) => !s.ok).length,
    });
  }
}

describeLab('two HaVips on one member set, and existing instances as members (issue 16)', () => {
  afterAll(() => {
    if (figures.length === 0) return;
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'shared-members.json'), JSON.stringify({ generatedAt: new Date().toISOString(), figures }, null, 2) + '\n');
  });

  describe('two HaVips on two created members', () => {
    const scenario = new Scenario();
    beforeAll(() => scenario.create('shared-two-havips'), 60_000);
    afterAll(() => scenario.destroy(), 60_000);

    test('deployed from nothing, each member is master of one HaVip; a member failure moves only its HaVip', async () => {
      await scenario.day2.deploy(synthesizeDocument('shared-two-havips', TWO_HAVIPS));
      await scenario.expectActiveActive();
      await scenario.failAndReturn('two HaVips, created members: ECS 2 fails and returns');
    }, 120_000);
  });

  describe('two HaVips on two existing instances booted bare', () => {
    const scenario = new Scenario();
    beforeAll(() => scenario.create('shared-existing'), 60_000);
    afterAll(() => scenario.destroy(), 60_000);

    test('keepalived arrives only through the delivered scripts; then they fail over like created members', async () => {
      // The instances exist before the stack: booted without any user_data of ours, web server up, no keepalived.
      for (const [i, node] of (EXISTING.nodes).entries()) {
        const labNode = await scenario.lab.addNode({ index: i + 1, privateIp: node.privateIp, bootScript: '', packageManager: IMAGES[i], bare: true });
        await labNode.startWeb();
        scenario.day2.adopt(node.instanceId!, i + 1);
        const probe = await labNode.runScript('probe', 'command -v keepalived || echo absent', 5000);
        expect(probe.stdout.trim()).toBe('absent');
      }
      const deployment = await scenario.day2.deploy(synthesizeDocument('shared-existing', EXISTING));
      // Only Cloud Assistant ran: no instance was created, each member installed keepalived with its own package manager.
      expect([...deployment.plan.changes.values()].filter((c) => c.type === 'alicloud_instance')).toEqual([]);
      for (const [i] of EXISTING.nodes.entries()) {
        const node = scenario.lab.node(i + 1);
        const calls = readFileSync(join(node.dir, 'calls.log'), 'utf8').split('\n');
        expect(calls.filter((c) => /\binstall\b.*\bkeepalived\b/.test(c))).toEqual([`${IMAGES[i]} install -y keepalived`]);
        expect(node.readFile('/etc/keepalived/keepalived.conf')).toMatch(/vrrp_instance VI_1[\s\S]*vrrp_instance VI_2/);
      }
      await scenario.expectActiveActive();
      await scenario.failAndReturn('two HaVips, existing bare instances: ECS 2 fails and returns');
    }, 120_000);
  });
});
