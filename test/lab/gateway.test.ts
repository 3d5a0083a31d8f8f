// The HA gateway, for real: two ENI members synthesized by HaVipCluster boot from their user_data and
// Cloud Assistant commands (the ENI found by its MAC, configured when the image has not), run real
// keepalived on the ENI, and
// forward a client's traffic to a remote network; a router namespace holds the route entry (the
// remote block via the HaVip address). The master fails: traffic flows through the new master.
// Replies leave the members by their primary NIC (eth0), as a default route there makes them on
// Alibaba, under the strict reverse-path filter many images set.
// Run alone with `npm run lab`; needs root (see harness/prerequisites.ts). Figures: test/lab/results/.
import { bootCluster, clusterProblems } from './harness/steps';
import { ENI_NAME, GATEWAY_PROPS, GatewayNetwork, gatewayLabSpec, REMOTE_BODY, remoteAddressOf } from './harness/gateway';
import { Lab, Poller, Sample } from './harness/lab';
import { describeLab } from './harness/prerequisites';
import { now, run, runOk } from './harness/proc';
import { Figure, clientOutage, figuresTable, seconds, writeResults } from './harness/results';
import { VrrpFacts, failoverBound, masterDownInterval, skewTime } from './harness/vrrp';

const STEP_MS = 30_000;
const SETUP_MS = 60_000;

describeLab('HA gateway lab: ENI members forward through the HaVip on real keepalived', () => {
  const figures: Figure[] = [];
  const facts = new Map<number, VrrpFacts>();
  const startedAt = now();
  let lab: Lab | undefined;
  let gateway: GatewayNetwork | undefined;
  let poller: Poller | undefined;
  const the = () => {
    if (!lab || !gateway) throw new Error('the lab was not created: see the beforeAll error');
    return { lab, gateway };
  };

  beforeAll(async () => {
    lab = await Lab.create(gatewayLabSpec('ha-gateway'));
    gateway = await GatewayNetwork.create(lab);
  }, SETUP_MS);

  afterAll(async () => {
    await poller?.stop();
    await gateway?.destroy();
    await lab?.destroy();
    if (figures.length === 0) return;
    const wallS = Math.round(now() - startedAt) / 1000;
    const version = await run('keepalived', ['--version']);
    writeResults('gateway', figures, { keepalived: `${version.stdout}${version.stderr}`.split('\n')[0].trim(), labWallTimeS: wallS });
    // eslint-disable-next-line no-console
    console.log(`HA gateway lab (${wallS} s, results in test/lab/results/gateway.{json,md}):\n${figuresTable(figures)}`);
  }, SETUP_MS);

  test('both ENI members boot from their synthesized user_data and configure/start commands: the ENI found by its MAC, its address added where the image had not', async () => {
    const { lab } = the();
    // Before the boot: node 1's image configured the ENI, node 2's left it down without an address.
    expect(await addressesOf(lab, 1)).toEqual(['192.168.0.25/24']);
    expect(await addressesOf(lab, 2)).toEqual([]);
    for (const [index, nodeFacts] of await bootCluster(lab)) facts.set(index, nodeFacts);
    expect(await addressesOf(lab, 1)).toEqual(['192.168.0.25/24']);
    expect(await addressesOf(lab, 2)).toEqual(['192.168.0.26/24']);
    for (const node of lab.nodes) {
      const conf = node.readFile('/etc/keepalived/keepalived.conf');
      expect(conf).toContain(`    interface ${ENI_NAME}\n`);
      expect(conf).toContain(`    unicast_src_ip ${node.spec.privateIp}\n`);
      expect(node.readFile('/etc/sysctl.d/90-havip-gateway.conf')).toContain('net.ipv4.ip_forward = 1\n');
      expect(node.readFile('/etc/systemd/system/keepalived.service.d/havip-eni.conf')).toContain('ExecStartPre=/etc/keepalived/havip-eni.sh 60\n');
      expect((await runOk('ip', ['netns', 'exec', node.ns, 'cat', '/proc/sys/net/ipv4/ip_forward'])).trim()).toBe('1');
      // The image's strict reverse-path filter stays, loosened on the ENI only: replies leave by eth0.
      const rpFilter = await runOk('ip', ['netns', 'exec', node.ns, 'cat', '/proc/sys/net/ipv4/conf/all/rp_filter', `/proc/sys/net/ipv4/conf/${ENI_NAME}/rp_filter`]);
      expect(rpFilter.split('\n').filter(Boolean)).toEqual(['1', '2']);
      // The drop-in's script finds the same interface again (every start of keepalived runs it).
      expect((await runOk('nsenter', [`--net=/run/netns/${node.ns}`, `--mount=/proc/${node.holder.pid}/ns/mnt`, '--', '/etc/keepalived/havip-eni.sh', '0'])).trim()).toBe(ENI_NAME);
    }
  }, SETUP_MS);

  test('the client cannot reach the remote network while no member holds the HaVip', async () => {
    const { lab, gateway } = the();
    expect(await lab.vipHolders()).toEqual([]);
    expect(await lab.defaultRoutes()).toEqual([]);
    const sample = await gateway.client.get();
    expect(sample.ok).toBe(false);
    expect(gateway.requests).toEqual([]);
  });

  test('keepalived runs on the ENI: ECS 1 is elected and forwards the client\'s requests, the remote server sees ECS 1', async () => {
    const { lab, gateway } = the();
    const start = now();
    for (const node of lab.nodes) node.startKeepalived();
    poller = gateway.client.poll(100, 120_000);
    const mdi = masterDownInterval(facts.get(1)!.advertInt, facts.get(1)!.priority);
    const first = await poller.waitFor((s) => s.ok, start, (mdi + 4) * 1000);
    expect(first?.body).toBe(REMOTE_BODY);
    const master = lab.node(1).logLines(/Entering MASTER STATE/, start)[0];
    expect(master).toBeDefined();
    expect(lab.node(2).logLines(/Entering BACKUP STATE/, start).length).toBeGreaterThan(0);
    expect(await lab.vipHolders()).toEqual([1]);
    expect(await clusterProblems(lab)).toEqual([]);
    // keepalived's own words: the VRRP instance is bound to the ENI's interface.
    expect(lab.node(1).log.some((line) => line.text.includes(ENI_NAME))).toBe(true);
    expect(gateway.sourcesSince(start).length).toBeGreaterThan(0);
    expect(new Set(gateway.sourcesSince(start))).toEqual(new Set([remoteAddressOf(1)]));
    const clientS = seconds(first!.tEnd - start);
    const boundS = failoverBound(facts.get(1)!.advertInt, facts.get(1)!.priority);
    figures.push({
      lab: lab.spec.name, scenario: 'first election, forwarding', from: '-', to: 'ECS 1', priority: facts.get(1)!.priority,
      advertInt: facts.get(1)!.advertInt, skewS: skewTime(facts.get(1)!.priority), masterDownIntervalS: mdi, boundS,
      vrrpS: seconds(master.t - start), clientS, note: 'remote server sees ECS 1', pass: clientS! <= boundS,
    });
    expect(clientS).toBeLessThanOrEqual(boundS);
  }, STEP_MS);

  test('the master fails (its ENI goes down): traffic flows through ECS 2 within the failover bound, the remote server sees ECS 2', async () => {
    const { lab, gateway } = the();
    const p = poller!;
    const to = facts.get(2)!;
    const boundS = failoverBound(to.advertInt, to.priority);
    const t0 = now();
    await lab.node(1).setLink(false);
    const switched = await waitForSource(gateway, remoteAddressOf(2), t0, (boundS + 3) * 1000);
    // The client's answer to the first request the new master forwarded.
    const firstOk = switched && (await p.waitFor((s: Sample) => s.ok && s.tEnd >= switched.t, t0, 2000));
    const master = await lab.node(2).waitForLog(/Entering MASTER STATE/, t0, 1000);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // more samples through the new master
    const after = gateway.requests.filter((r) => switched !== undefined && r.t > switched.t).map((r) => r.source);
    const window = p.between(t0 - 500, now());
    const clientS = seconds(firstOk && firstOk.tEnd - t0);
    figures.push({
      lab: lab.spec.name, scenario: 'master ENI down, forwarding', from: 'ECS 1', to: 'ECS 2', priority: to.priority, advertInt: to.advertInt,
      skewS: skewTime(to.priority), masterDownIntervalS: masterDownInterval(to.advertInt, to.priority), boundS,
      vrrpS: seconds(master && master.t - t0), clientS, outageS: clientOutage(window),
      note: `remote server sees ECS 2 after ${seconds(switched && switched.t - t0)} s; ${after.length} later requests, all from ECS 2: ${after.every((s) => s === remoteAddressOf(2))}`,
      pass: clientS !== undefined && clientS <= boundS,
    });
    expect(switched).toBeDefined();
    expect(master).toBeDefined();
    expect(clientS).toBeLessThanOrEqual(boundS);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(after)).toEqual(new Set([remoteAddressOf(2)]));
    expect(window.filter((s) => s.ok).every((s) => s.body === REMOTE_BODY)).toBe(true);
  }, STEP_MS);
});

describeLab('ENI members with delivery: "user-data" boot from their user_data alone and elect on the ENI', () => {
  let lab: Lab | undefined;
  let gateway: GatewayNetwork | undefined;
  afterAll(async () => {
    await gateway?.destroy();
    await lab?.destroy();
  }, SETUP_MS);

  test('boot, then keepalived on eth1 elects ECS 1 with the ENI addresses as unicast_src_ip', async () => {
    lab = await Lab.create(gatewayLabSpec('eni-user-data', { ...GATEWAY_PROPS, delivery: 'user-data' }));
    // The instances' primary NICs (eth0, tracked by keepalived) and the rest of the network.
    gateway = await GatewayNetwork.create(lab);
    expect(lab.nodes.every((node) => node.spec.deliveredScripts === undefined)).toBe(true);
    const facts = await bootCluster(lab);
    expect(await addressesOf(lab, 2)).toEqual(['192.168.0.26/24']);
    const start = now();
    for (const node of lab.nodes) node.startKeepalived();
    const mdi = masterDownInterval(facts.get(1)!.advertInt, facts.get(1)!.priority);
    const master = await lab.node(1).waitForLog(/Entering MASTER STATE/, start, (mdi + 2) * 1000);
    expect(master).toBeDefined();
    expect(await lab.vipHolders()).toEqual([1]);
    expect(await clusterProblems(lab)).toEqual([]);
  }, SETUP_MS);
});

async function addressesOf(lab: Lab, index: number): Promise<string[]> {
  const out = await runOk('ip', ['-n', lab.node(index).ns, '-4', '-o', 'addr', 'show', 'dev', ENI_NAME]);
  return [...out.matchAll(/inet (\S+)/g)].map((m) => m[1]);
}

/** The first request the remote server logged from `source` at or after `since` (bounded wait). */
async function waitForSource(gateway: GatewayNetwork, source: string, since: number, timeoutMs: number) {
  const deadline = now() + timeoutMs;
  for (;;) {
    const hit = gateway.requests.find((r) => r.t >= since && r.source === source);
    if (hit || now() >= deadline) return hit;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
