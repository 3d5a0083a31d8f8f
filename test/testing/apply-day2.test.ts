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

/** The member (its private address) of a resource under a HaVipMember (`..._member-192-168-0-25_configure_...`), and the resource's id there. */
function memberOf(address: string): { member: string; id: string } | undefined {
  const match = /_member-(\d+-\d+-\d+-\d+)_([a-z-]+)_[0-9A-F]{8}$/.exec(address);
  return match ? { member: match[1]!.replace(/-/g, '.'), id: match[2]! } : undefined;
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
    const members = [...GUIDE_PROPS.nodes, THIRD].map((n) => n.privateIp).sort();
    expect(configured.map((e) => e.member).sort()).toEqual(members); // the existing members get the new peer list
    const [start] = entries(log, 'start', 'create').filter((e) => e.member === THIRD.privateIp);
    expect(start).toBeDefined();
    for (const configure of configured) expect(start!.startedAt).toBeGreaterThanOrEqual(configure.endedAt);
    // The existing members' keepalived is never started again.
    expect(entries(log, 'start', 'create').map((e) => e.member)).toEqual([THIRD.privateIp]);
  }, 180_000);

  test('removing a member that is not the last deletes its instance and touches no other instance', () => {
    const three = [...GUIDE_PROPS.nodes, THIRD];
    const result = applyOffline(cluster({ nodes: three.slice(1) }), { from: cluster({ nodes: three }) });
    expect(result.ok).toBe(true);
    const kinds = Object.fromEntries(sortInstanceChanges(result).map((c) => [memberOf(c.address)!.member, c.kind]));
    expect(kinds).toEqual({ [three[0]!.privateIp]: 'delete', [three[1]!.privateIp]: 'none', [THIRD.privateIp]: 'none' });
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
