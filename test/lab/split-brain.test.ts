// The lab must catch a cluster that cannot fail over. NEGATIVE FIXTURE, deliberately broken: the
// guide's cluster is synthesized as usual, then, ONLY in this file, node 2's boot script is edited
// after synthesis so its auth_pass differs from node 1's. Real keepalived then rejects every
// advertisement and both nodes take the VIP (split brain); the lab's cluster check must say so.
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { guideCluster, labSpec, SynthesizedCluster } from './harness/clusters';
import { Lab } from './harness/lab';
import { describeLab } from './harness/prerequisites';
import { now, sleep } from './harness/proc';
import { RESULTS_DIR } from './harness/results';
import { bootCluster, clusterProblems } from './harness/steps';
import { masterDownInterval } from './harness/vrrp';

const SYNTHESIZED_PASS = 'auth_pass k33p4liv';
const BROKEN_PASS = 'auth_pass wr0ngp4s';

/** The deliberately broken fixture: node 2's synthesized configure command with another auth_pass. */
function withMismatchedAuthOnNode2(cluster: SynthesizedCluster): SynthesizedCluster {
  const nodes = cluster.nodes.map((node) => {
    if (node.index !== 2) return node;
    const [configure, ...rest] = node.deliveredScripts ?? [];
    const occurrences = (configure ?? '').split(SYNTHESIZED_PASS).length - 1;
    if (occurrences !== 1) throw new Error(`expected "${SYNTHESIZED_PASS}" once in node 2's synthesized configure command, found it ${occurrences} times`);
    // The construct's keepalivedConfigs no longer describe this node: do not compare with them.
    return { ...node, deliveredScripts: [configure.replace(SYNTHESIZED_PASS, BROKEN_PASS), ...rest], keepalivedConfig: undefined };
  });
  return { ...cluster, nodes };
}

describeLab('HaVip failover lab: a broken cluster (mismatched auth_pass, deliberate fixture) is caught', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await Lab.create(labSpec('split-brain', withMismatchedAuthOnNode2(guideCluster())));
  }, 60_000);

  afterAll(async () => {
    await lab?.destroy();
  }, 60_000);

  test('the broken fixture boots like any cluster, with different passwords on its two nodes', async () => {
    const facts = await bootCluster(lab);
    expect(facts.get(1)!.authPass).toBe('k33p4liv');
    expect(facts.get(2)!.authPass).toBe('wr0ngp4s');
  }, 60_000);

  test("the lab's cluster check reports the split brain and the rejected advertisements", async () => {
    const start = await lab.startAll();
    // Each node waits its own Master_Down_Interval, then becomes master; allow 3 s more.
    const deadline = start + (masterDownInterval(1, 10) + 3) * 1000;
    let problems: string[] = [];
    while (now() < deadline) {
      problems = await clusterProblems(lab);
      if (problems.some((p) => p.startsWith('split brain')) && problems.filter((p) => p.includes('rejects')).length === 2) break;
      await sleep(200);
    }
    const detectedAfterS = Math.round(now() - start) / 1000;
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'split-brain.json'), JSON.stringify({ generatedAt: new Date().toISOString(), detectedAfterS, problems }, null, 2) + '\n');
    // eslint-disable-next-line no-console
    console.log(`split-brain fixture: the lab's check reported after ${detectedAfterS} s:\n- ${problems.join('\n- ')}`);

    expect(problems).toEqual(
      expect.arrayContaining([
        'split brain: nodes 1, 2 all hold the VIP 192.168.0.24',
        expect.stringMatching(/^node 1 rejects its peers' advertisements: ".*invalid passwd/),
        expect.stringMatching(/^node 2 rejects its peers' advertisements: ".*invalid passwd/),
      ]),
    );
    expect(await lab.vipHolders()).toEqual([1, 2]);
  }, 30_000);
});
