// The HaVip guide's "Verify the result", for real: clusters synthesized by HaVipCluster boot from their
// user_data in sandboxed nodes on an isolated network of namespaces, run real keepalived and the
// guide's web server, and a client curls the HaVip address through every fault.
// Run alone with `npm run lab`; needs root (see harness/prerequisites.ts). Figures: test/lab/results/.
import { guideCluster, labSpec, PREEMPT_PROPS, SynthesizedCluster, synthesizeCluster, THREE_NODE_PROPS } from './harness/clusters';
import { Lab, LabSpec, Poller } from './harness/lab';
import { describeLab } from './harness/prerequisites';
import { now, run, runOk } from './harness/proc';
import { Figure, figuresTable, writeResults } from './harness/results';
import { Context, bootCluster, clusterProblems, election, expectServing, failover, highestPriority, hold, restartAsBackup } from './harness/steps';
import { VrrpFacts, masterDownInterval } from './harness/vrrp';

const STEP_MS = 30_000;
const SETUP_MS = 60_000;
const figures: Figure[] = [];
const startedAt = now();

/** One lab's state for its tests: created in beforeAll, destroyed in afterAll. */
class LabContext implements Context {
  readonly facts = new Map<number, VrrpFacts>();
  private current?: { lab: Lab; poller: Poller };

  constructor(readonly figures: Figure[]) {}

  get lab(): Lab {
    if (!this.current) throw new Error('the lab was not created: see the beforeAll error');
    return this.current.lab;
  }

  get poller(): Poller {
    if (!this.current) throw new Error('the lab was not created: see the beforeAll error');
    return this.current.poller;
  }

  async create(spec: LabSpec): Promise<void> {
    const lab = await Lab.create(spec);
    // The client polls the HaVip address for the whole lab; scenarios read the samples.
    this.current = { lab, poller: lab.client.poll(100, 200_000) };
  }

  async destroy(): Promise<void> {
    await this.current?.poller.stop();
    await this.current?.lab.destroy();
  }
}

/** A lab for one synthesized cluster, created in beforeAll and always destroyed in afterAll. */
function useLab(name: string, synthesize: () => SynthesizedCluster): LabContext {
  const context = new LabContext(figures);
  beforeAll(async () => {
    await context.create(labSpec(name, synthesize()));
  }, SETUP_MS);
  afterAll(() => context.destroy(), SETUP_MS);
  return context;
}

/** Boot from user_data, then check the lab is what it claims: isolated, one eth0 per node. */
function bootAndIsolation(context: Context): void {
  test('every node boots from its synthesized user_data (stand-in package manager and systemctl, /etc overlaid)', async () => {
    const facts = await bootCluster(context.lab);
    for (const [index, nodeFacts] of facts) context.facts.set(index, nodeFacts);
  }, SETUP_MS);

  test('the lab is isolated: no default route anywhere, each node has only lo and eth0', async () => {
    expect(await context.lab.defaultRoutes()).toEqual([]);
    for (const node of context.lab.nodes) {
      const links = await runOk('ip', ['-n', node.ns, '-o', 'link', 'show']);
      expect(links.split('\n').filter(Boolean).map((line) => line.split(':')[1].trim().split('@')[0])).toEqual(['lo', 'eth0']);
    }
  });
}

describeLab('HaVip failover lab: real keepalived on synthesized user_data', () => {
  afterAll(async () => {
    if (figures.length === 0) return;
    const wallS = Math.round(now() - startedAt) / 1000;
    const version = await run('keepalived', ['--version']);
    writeResults('failover', figures, { keepalived: `${version.stdout}${version.stderr}`.split('\n')[0].trim(), labWallTimeS: wallS });
    // eslint-disable-next-line no-console
    console.log(`HaVip failover lab (${wallS} s, results in test/lab/results/failover.{json,md}):\n${figuresTable(figures)}`);
  });

  describe("the guide's 2 nodes (examples/seed, non-preemptive)", () => {
    const context = useLab('guide-2-node', guideCluster);
    bootAndIsolation(context);

    test('first election (both start together): the highest priority, ECS 1, answers', async () => {
      await election(context, { scenario: 'first election', mustWin: 1 });
    }, STEP_MS);

    test('SIGTERM of the master: ECS 2 answers', async () => {
      await failover(context, { scenario: 'SIGTERM master', from: 1, to: 2, fault: () => context.lab.node(1).stopKeepalived('SIGTERM') });
      expect(await context.lab.vipHolders()).toEqual([2]);
    }, STEP_MS);

    test('the old master restarts: the VIP does not move back (non-preemptive)', async () => {
      const window = masterDownInterval(1, context.facts.get(1)!.priority) + 2;
      await hold(context, {
        scenario: 'old master restarts',
        serving: 2,
        backups: [1],
        windowS: Math.round(window * 10) / 10,
        action: async () => {
          context.lab.node(1).startKeepalived();
        },
      });
      expect(await clusterProblems(context.lab)).toEqual([]);
    }, STEP_MS);

    test('SIGKILL of the master (crash): ECS 1 answers', async () => {
      const figure = await failover(context, {
        scenario: 'SIGKILL master',
        from: 2,
        to: 1,
        fault: () => context.lab.node(2).stopKeepalived('SIGKILL'),
        note: 'the killed node keeps the VIP; the new master\'s gratuitous ARP moves the client',
      });
      // The crashed node still has the address: the reality the note describes.
      expect(await context.lab.vipHolders()).toEqual([1, 2]);
      expect(figure.pass).toBe(true);
      // Its keepalived removes the stale address when it starts again, as BACKUP.
      await restartAsBackup(context.lab.node(2));
      expect(await context.lab.vipHolders()).toEqual([1]);
      expect(await clusterProblems(context.lab)).toEqual([]);
    }, STEP_MS);

    test("the master's link goes down (ip link set eth0 down): ECS 2 answers", async () => {
      await failover(context, { scenario: 'master link down', from: 1, to: 2, fault: () => context.lab.node(1).setLink(false) });
      expect(await context.lab.node(2).holdsVip()).toBe(true);
    }, STEP_MS);

    test('the link comes back: the VIP stays on ECS 2', async () => {
      const window = masterDownInterval(1, context.facts.get(1)!.priority) + 1;
      await hold(context, {
        scenario: 'old master link back',
        serving: 2,
        backups: [1],
        windowS: Math.round(window * 10) / 10,
        action: () => context.lab.node(1).setLink(true),
      });
      expect(await clusterProblems(context.lab)).toEqual([]);
    }, STEP_MS);

    test('staggered start: the node that starts first keeps the VIP, even with the lower priority (non-preemptive)', async () => {
      const { lab } = context;
      await lab.node(1).stopKeepalived('SIGTERM');
      await lab.node(2).stopKeepalived('SIGTERM');
      expect(await lab.vipHolders()).toEqual([]);
      await election(context, {
        scenario: 'ECS 2 starts alone',
        candidates: [2],
        mustWin: 2,
        start: async () => {
          const t = now();
          lab.node(2).startKeepalived();
          return t;
        },
      });
      await hold(context, {
        scenario: 'ECS 1 starts later',
        serving: 2,
        backups: [1],
        windowS: Math.round((masterDownInterval(1, context.facts.get(1)!.priority) + 2) * 10) / 10,
        action: async () => {
          lab.node(1).startKeepalived();
        },
      });
    }, STEP_MS);
  });

  describe('the guide\'s 2 nodes with preempt: true', () => {
    const context = useLab('preempt-2-node', () => synthesizeCluster('lab-preempt', PREEMPT_PROPS));
    bootAndIsolation(context);

    test('the primary starts MASTER, the other BACKUP, no nopreempt', () => {
      expect(context.facts.get(1)).toMatchObject({ state: 'MASTER', nopreempt: false });
      expect(context.facts.get(2)).toMatchObject({ state: 'BACKUP', nopreempt: false });
    });

    test('first election: ECS 1 answers', async () => {
      await election(context, { scenario: 'first election', mustWin: 1 });
    }, STEP_MS);

    test('SIGTERM of the primary: ECS 2 answers', async () => {
      await failover(context, { scenario: 'SIGTERM primary', from: 1, to: 2, fault: () => context.lab.node(1).stopKeepalived('SIGTERM') });
    }, STEP_MS);

    test('the primary returns: it takes the VIP back', async () => {
      await failover(context, {
        scenario: 'primary returns (preempt)',
        from: 2,
        to: 1,
        fault: async () => {
          context.lab.node(1).startKeepalived();
        },
        note: 'fault = restart of the primary',
      });
      expect(await context.lab.vipHolders()).toEqual([1]);
      expect(await clusterProblems(context.lab)).toEqual([]);
    }, STEP_MS);
  });

  describe('3 nodes with a health check (weight 0)', () => {
    const context = useLab('3-node-health-check', () => synthesizeCluster('lab-three', THREE_NODE_PROPS));
    bootAndIsolation(context);

    test('the health check runs the node\'s own curl against its web server', () => {
      const script = context.lab.node(1).readFile('/etc/keepalived/havip-health-check.sh');
      expect(script).toContain(THREE_NODE_PROPS.keepalived.healthCheck!.script);
      expect(context.facts.get(1)!.healthCheck).toEqual({ interval: 2, timeout: 2, fall: 2, rise: 2, weight: 0 });
    });

    // Every later step follows whoever holds the VIP.
    let master = 0;
    const failed: number[] = [];
    const others = (...excluded: number[]) => context.lab.nodes.map((n) => n.spec.index).filter((i) => !excluded.includes(i));

    test('first election (all start together): the highest priority, ECS 1, answers', async () => {
      master = await election(context, { scenario: 'first election', mustWin: 1 });
    }, STEP_MS);

    test('first master failure (SIGTERM): the higher-priority survivor answers', async () => {
      const to = highestPriority(context, others(master));
      await failover(context, { scenario: 'SIGTERM master', from: master, to, fault: () => context.lab.node(master).stopKeepalived('SIGTERM') });
      failed.push(master);
      master = to;
    }, STEP_MS);

    test('second master failure (SIGKILL): the last node serves', async () => {
      const [last] = others(master, ...failed);
      await failover(context, { scenario: 'SIGKILL 2nd master', from: master, to: last, fault: () => context.lab.node(master).stopKeepalived('SIGKILL') });
      failed.push(master);
      master = last;
      await expectServing(context.poller, last);
    }, STEP_MS);

    test('both failed nodes return as BACKUP; the last node keeps the VIP', async () => {
      await hold(context, {
        scenario: 'failed nodes return',
        serving: master,
        backups: failed,
        windowS: Math.round((masterDownInterval(1, context.facts.get(highestPriority(context, failed))!.priority) + 2) * 10) / 10,
        action: async () => {
          for (const index of failed) context.lab.node(index).startKeepalived();
        },
      });
      expect(await clusterProblems(context.lab)).toEqual([]);
    }, STEP_MS);

    test("the master's health check fails (its web server stops): the VIP moves to the highest priority of the others", async () => {
      const check = context.facts.get(master)!.healthCheck!;
      const to = highestPriority(context, others(master));
      await failover(context, {
        scenario: 'health check fails',
        from: master,
        to,
        fault: () => context.lab.node(master).stopWeb(),
        // the check must fail `fall` times in a row, `interval` s apart, after the web server stops
        detectionAllowanceS: check.interval * check.fall,
        detectedBy: /Entering FAULT STATE/,
        note: `check every ${check.interval} s, fall ${check.fall}`,
      });
      expect(await context.lab.vipHolders()).toEqual([to]);
      expect(context.lab.node(master).logLines(/Entering FAULT STATE/).length).toBeGreaterThan(0);
    }, STEP_MS);
  });
});
