// The lab harness's own logic, without root: timing formulas, reading a config, the outage figure,
// the gate's messages, and that the clusters come from synthesis.
import { TerraformStack, Testing } from 'cdktf';
import { HaVipCluster } from '../../lib';
import { guideCluster, PREEMPT_PROPS, synthesizeCluster, THREE_NODE_PROPS } from './harness/clusters';
import { Sample } from './harness/lab';
import { CURL_PATH, HostFacts, LAB_TOOLS, gateMessage, inCi, missingCapabilities } from './harness/prerequisites';
import { Figure, clientOutage, figuresTable } from './harness/results';
import { failoverBound, masterDownInterval, readVrrpFacts, skewTime } from './harness/vrrp';

describe('VRRP timing (keepalived 2.2.7, VRRPv2)', () => {
  test('Master_Down_Interval = 3 x advert_int + (256 - priority)/256', () => {
    expect(skewTime(100)).toBe(0.609375);
    expect(masterDownInterval(1, 100)).toBe(3.609375);
    expect(masterDownInterval(1, 10)).toBe(3.9609375);
    expect(masterDownInterval(2, 254)).toBe(6.0078125);
    expect(failoverBound(1, 10)).toBe(4.9609375);
  });
});

describe('readVrrpFacts on configs HaVipCluster renders', () => {
  function configs(props: typeof THREE_NODE_PROPS): string[] {
    return new HaVipCluster(new TerraformStack(Testing.app(), 'facts'), 'cluster', props).keepalivedConfigs;
  }

  test('3 nodes with a health check: priorities 150/100/50, BACKUP + nopreempt, the check with weight 0', () => {
    const facts = configs(THREE_NODE_PROPS).map(readVrrpFacts);
    expect(facts.map((f) => f.priority)).toEqual([150, 100, 50]);
    expect(facts[0]).toEqual({
      state: 'BACKUP',
      nopreempt: true,
      interface: 'eth0',
      virtualRouterId: 52,
      priority: 150,
      advertInt: 1,
      authPass: 'l4bthr33',
      virtualIpAddress: '192.168.0.24',
      healthCheck: { interval: 2, timeout: 2, fall: 2, rise: 2, weight: 0 },
    });
  });

  test('preempt: the primary MASTER without nopreempt, no health check', () => {
    const facts = configs(PREEMPT_PROPS).map(readVrrpFacts);
    expect(facts.map((f) => [f.state, f.nopreempt, f.priority])).toEqual([
      ['MASTER', false, 100],
      ['BACKUP', false, 10],
    ]);
    expect(facts[0].healthCheck).toBeUndefined();
  });

  test('a config without a priority is refused', () => {
    const [config] = configs(PREEMPT_PROPS);
    expect(() => readVrrpFacts(config.replace(/^\s*priority \d+\n/m, ''))).toThrow(/keepalived.conf has no priority/);
  });
});

describe('the clusters the lab runs come from synthesis', () => {
  test("the guide's cluster: examples/seed's two instances, user_data and the delivered configure and start commands decoded", () => {
    const cluster = guideCluster();
    expect(cluster.vip).toBe('192.168.0.24');
    expect(cluster.nodes.map((n) => [n.index, n.privateIp, n.packageManager])).toEqual([
      [1, '192.168.0.25', 'dnf'],
      [2, '192.168.0.26', 'apt-get'],
    ]);
    for (const node of cluster.nodes) {
      expect(node.bootScript.startsWith('#!/bin/sh\n')).toBe(true);
      expect(node.bootScript).not.toContain('unicast_src_ip');
      const [configure, start] = node.deliveredScripts!;
      expect(configure).toContain(`unicast_src_ip ${node.privateIp}`);
      expect(start).toContain('systemctl start keepalived');
    }
  });

  test('the three-node cluster boots like three images and checks with the real curl', () => {
    const cluster = synthesizeCluster('three', THREE_NODE_PROPS);
    expect(cluster.nodes.map((n) => n.packageManager)).toEqual(['dnf', 'apt-get', 'yum']);
    expect(cluster.nodes[0].deliveredScripts![0]).toContain(`${CURL_PATH} -fsS -o /dev/null http://127.0.0.1:8000/`);
  });
});

describe('clientOutage', () => {
  const sample = (tStart: number, ok: boolean): Sample => ({ tStart, tEnd: tStart + 10, ok, body: ok ? 'ECS 1' : 'timeout' });

  test('0 when every request was answered', () => {
    expect(clientOutage([sample(0, true), sample(100, true), sample(200, true)])).toBe(0);
  });

  test('from the last answer before the failures to the first answer after them; the longest gap wins', () => {
    const samples = [sample(0, true), sample(100, false), sample(400, false), sample(700, true), sample(800, false), sample(900, true)];
    // last ok ended at 10, next ok ended at 710: 0.7 s; the second gap is 910 - 710 = 0.2 s
    expect(clientOutage(samples)).toBe(0.7);
  });

  test('failures at the start count from the first failed request', () => {
    expect(clientOutage([sample(0, false), sample(300, false), sample(600, true)])).toBe(0.61);
  });
});

describe('the gate', () => {
  const ready: HostFacts = {
    platform: 'linux',
    uid: 0,
    tools: Object.fromEntries(LAB_TOOLS.map((tool) => [tool, `/usr/bin/${tool}`])),
    curlAtHealthCheckPath: true,
    keepalivedRuns: true,
    overlayfs: true,
  };

  test('nothing missing on a prepared machine', () => {
    expect(missingCapabilities(ready)).toEqual([]);
  });

  test('names each missing capability and the package that brings it', () => {
    const missing = missingCapabilities({ ...ready, uid: 1000, tools: { ...ready.tools, keepalived: undefined, python3: undefined }, overlayfs: false });
    expect(missing).toEqual([
      'the lab needs root for network and mount namespaces (uid is 1000)',
      expect.stringContaining('`keepalived` is not on') as unknown as string,
      expect.stringContaining('`python3` is not on') as unknown as string,
      'the kernel has no overlayfs (/proc/filesystems; modprobe overlay)',
    ]);
    expect(missing[1]).toMatch(/apt-get install keepalived\)$/);
    expect(missing[2]).toMatch(/apt-get install python3\)$/);
  });

  test("curl elsewhere than the health check's path is missing too", () => {
    expect(missingCapabilities({ ...ready, curlAtHealthCheckPath: false })).toEqual([`the lab's health check runs ${CURL_PATH}, which does not exist`]);
  });

  test('CI=true makes it required; the messages say skip or fail', () => {
    expect(inCi({ CI: 'true' })).toBe(true);
    expect(inCi({ CI: '1' })).toBe(true);
    expect(inCi({ CI: 'false' })).toBe(false);
    expect(inCi({})).toBe(false);
    expect(gateMessage({ available: false, required: true, missing: ['x'] })).toMatch(/^HaVip failover lab CANNOT RUN in CI: x\./);
    expect(gateMessage({ available: false, required: false, missing: ['x'] })).toMatch(/^HaVip failover lab SKIPPED: x\./);
  });
});

describe('figuresTable', () => {
  test('one markdown row per figure, with the bound and the verdict', () => {
    const figure: Figure = {
      lab: 'guide-2-node',
      scenario: 'SIGTERM master',
      from: 'ECS 1',
      to: 'ECS 2',
      priority: 10,
      advertInt: 1,
      skewS: skewTime(10),
      masterDownIntervalS: masterDownInterval(1, 10),
      boundS: failoverBound(1, 10),
      vrrpS: 0.967,
      clientS: 1.033,
      outageS: 1.033,
      pass: true,
    };
    const lines = figuresTable([figure]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('| lab | scenario | from → to | prio | skew s | MDI s | VRRP s | client s | outage s | bound s | ok | note |');
    expect(lines[2]).toBe('| guide-2-node | SIGTERM master | ECS 1 → ECS 2 | 10 | 0.961 | 3.961 | 0.967 | 1.033 | 1.033 | 4.961 | yes |  |');
  });
});
