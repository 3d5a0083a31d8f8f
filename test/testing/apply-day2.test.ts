// Day 2 under real Terraform: the order Terraform's own scheduler applies a changed cluster in, with
// the stand-in provider taking a fixed time per resource so that what runs in parallel overlaps.
import { TerraformStack, Testing } from 'cdktf';
import { AlicloudProvider, HaVipCluster } from '../../lib';
import type { HaVipClusterProps } from '../../lib/havip-cluster-props';
import { AppliedChange, applyOffline, describeWithTerraform, setupJest, sortInstanceChanges } from '../../lib/testing';
import { GUIDE_PROPS } from '../support/guide-props';

setupJest();

const THIRD = { privateIp: '192.168.0.27', priority: 50, name: 'third' };

function cluster(change: Partial<HaVipClusterProps> = {}): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'day2');
  new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
  new HaVipCluster(stack, 'web', { ...GUIDE_PROPS, ...change });
  return stack;
}

/** The member number of a resource address under a HaVipMember (`..._member-2_configure_...`), and the resource's id there. */
function memberOf(address: string): { member: number; id: string } | undefined {
  const match = /_member-(\d+)_([a-z-]+)_[0-9A-F]{8}$/.exec(address);
  return match ? { member: Number(match[1]), id: match[2]! } : undefined;
}

const entries = (log: readonly AppliedChange[], id: string, action: string) =>
  log.filter((e) => e.action === action && memberOf(e.address)?.id === id).map((e) => ({ ...e, member: memberOf(e.address)!.member }));

const overlap = (a: AppliedChange, b: AppliedChange) => a.startedAt < b.endedAt && b.startedAt < a.endedAt;

describeWithTerraform('day 2 under real Terraform', () => {
  test("adding a member reboots and replaces no instance, and starts it only after every existing member's configure completed", () => {
    const result = applyOffline(cluster({ nodes: [...GUIDE_PROPS.nodes, THIRD] }), { from: cluster(), applyDelayMs: 150 });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result).toKeepInstancesRunning();
    expect(sortInstanceChanges(result).map((c) => c.kind).sort()).toEqual(['create', 'none', 'none']);

    const log = result.applyLog;
    const configured = entries(log, 'configure', 'create');
    expect(configured.map((e) => e.member).sort()).toEqual([1, 2, 3]); // the existing members get the new peer list
    const [start] = entries(log, 'start', 'create').filter((e) => e.member === 3);
    expect(start).toBeDefined();
    for (const configure of configured) expect(start!.startedAt).toBeGreaterThanOrEqual(configure.endedAt);
    // The existing members' keepalived is never started again.
    expect(entries(log, 'start', 'create').map((e) => e.member)).toEqual([3]);
  }, 180_000);

  test("an instanceType change never has two members' instance updates overlapping", () => {
    const three = { nodes: [...GUIDE_PROPS.nodes, THIRD] };
    const bigger = { ...three, instance: { ...GUIDE_PROPS.instance, instanceType: 'ecs.e-c1m2.large' } };
    const result = applyOffline(cluster(bigger), { from: cluster(three), applyDelayMs: 150 });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(sortInstanceChanges(result).map((c) => [c.kind, c.because])).toEqual([
      ['reboot', ['instance_type']],
      ['reboot', ['instance_type']],
      ['reboot', ['instance_type']],
    ]);
    const updates = result.applyLog.filter((e) => e.address.startsWith('alicloud_instance.'));
    expect(updates.map((e) => e.action)).toEqual(['update', 'update', 'update']);
    for (const a of updates) for (const b of updates) if (a !== b) expect(overlap(a, b)).toBe(false);
  }, 180_000);
});
