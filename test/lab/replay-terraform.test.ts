// The replay checked against real Terraform: for synthesized version pairs, the actions it computes
// are the ones `terraform plan` computes, and every order it imposes holds in `terraform apply`'s own
// scheduling (the offline stand-in provider, a fixed time per resource so parallel steps overlap).
import { TerraformStack, Testing } from 'cdktf';
import { AlicloudProvider, HaVipCluster, HaVipClusterProps } from '../../lib';
import { applyOffline, describeWithTerraform } from '../../lib/testing';
import { DAY2_PROPS } from './harness/clusters';
import { Action, StackDocument, planApply } from './harness/replay';

function stack(props: HaVipClusterProps): TerraformStack {
  const s = new TerraformStack(Testing.app(), 'day2');
  new AlicloudProvider(s, 'alicloud', { region: 'cn-hangzhou' });
  new HaVipCluster(s, 'cluster', props);
  return s;
}

const doc = (s: TerraformStack) => JSON.parse(Testing.synth(s)) as StackDocument;

/** Terraform's plan actions as the replay names them. */
function actionOf(actions: readonly string[]): Action {
  const key = actions.join(',');
  const map: Record<string, Action> = { create: 'create', update: 'update', delete: 'delete', 'delete,create': 'replace', 'no-op': 'no-op', read: 'no-op' };
  if (!(key in map)) throw new Error(`unexpected Terraform actions ${key}`);
  return map[key];
}

const THREE: HaVipClusterProps = { ...DAY2_PROPS, nodes: [...DAY2_PROPS.nodes, { privateIp: '192.168.0.27' }] };

const CASES: Array<[string, HaVipClusterProps, HaVipClusterProps]> = [
  ['add a third member', DAY2_PROPS, THREE],
  [
    'every kind at once (remove .26, add .28, authPass, instanceType)',
    THREE,
    {
      ...THREE,
      nodes: [THREE.nodes[0], THREE.nodes[2], { privateIp: '192.168.0.28' }],
      keepalived: { ...THREE.keepalived, authPass: 'n3wp4ss2' },
      instance: { ...THREE.instance, instanceType: 'ecs.e-c1m2.large' },
    },
  ],
];

describeWithTerraform('the replay against real Terraform (offline apply)', () => {
  test.each(CASES)('%s: same actions as terraform plan; every order the replay imposes holds in terraform apply', (_name, v1, v2) => {
    const result = applyOffline(stack(v2), { from: stack(v1), applyDelayMs: 100 });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);

    const plan = planApply(doc(stack(v1)), doc(stack(v2)));
    const terraform = Object.fromEntries(result.resourceChanges.filter((c) => c.mode === 'managed').map((c) => [c.address, actionOf(c.actions)]));
    const replay = Object.fromEntries([...plan.changes.values()].map((c) => [c.address, c.action]));
    expect(replay).toEqual(terraform);
    expect(new Set(Object.values(replay)).size).toBeGreaterThan(1);

    // Terraform's log names a replacement's halves 'delete' and 'create'; an update 'update'.
    const logged = new Map(result.applyLog.map((e) => [`${e.address}#${e.action}`, e]));
    for (const step of plan.steps) expect({ step: step.id, logged: logged.has(step.id) }).toEqual({ step: step.id, logged: true });
    const violations: string[] = [];
    for (const step of plan.steps) {
      const entry = logged.get(step.id)!;
      for (const before of step.after) {
        const first = logged.get(before)!;
        if (first.endedAt > entry.startedAt) violations.push(`${before} ended after ${step.id} started`);
      }
    }
    expect(violations).toEqual([]);
  }, 120_000);
});
