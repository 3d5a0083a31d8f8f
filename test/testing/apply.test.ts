// Real Terraform applies stacks against the stand-in provider, then plans and applies changed stacks
// against that state: what a change does to each resource, and in what order Terraform applies it.
import { Testing, TerraformStack } from 'cdktf';
import { SeedStack } from '../../examples/seed/main';
import { AlicloudProvider, HaVipCluster } from '../../lib';
import { AppliedChange, applyOffline, describeWithTerraform, runTerraformOffline, setupJest, sortInstanceChanges } from '../../lib/testing';
import { GUIDE_PROPS } from '../support/guide-props';

setupJest();

const seed = () => new SeedStack(Testing.app(), 'havip-seed');
/** How many resources the guide's example synthesizes. */
const seedResources = () =>
  Object.values(JSON.parse(Testing.synth(seed())).resource as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);

function guideCluster(havipAddress: string): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'guide');
  new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
  new HaVipCluster(stack, 'web', { ...GUIDE_PROPS, havip: { ...GUIDE_PROPS.havip, ipAddress: havipAddress } });
  return stack;
}

const BASE_INSTANCE = {
  image_id: 'aliyun_3_x64_20G_alibase_20221102.vhd',
  instance_type: 'ecs.e-c1m1.large',
  vswitch_id: 'vsw-bp1y0000000000000000',
  security_groups: ['sg-bp1y0000000000000000'],
  availability_zone: 'cn-hangzhou-k',
  user_data: Buffer.from('#!/bin/sh\necho v1\n').toString('base64'),
  tags: { Role: 'member' },
};

/** A hand-made stack of instances (Terraform JSON), each BASE_INSTANCE with its own changes. */
function instances(bodies: Record<string, Record<string, unknown>>): Record<string, unknown> {
  return {
    terraform: { required_providers: { alicloud: { source: 'aliyun/alicloud', version: '1.289.0' } } },
    provider: { alicloud: [{ region: 'cn-hangzhou' }] },
    resource: {
      alicloud_instance: Object.fromEntries(
        Object.entries(bodies).map(([name, body]) => [name, { ...BASE_INSTANCE, instance_name: `node-${name}`, ...body }]),
      ),
    },
  };
}

const entry = (log: readonly AppliedChange[], address: string) => {
  const found = log.find((e) => e.address === address);
  if (!found) throw new Error(`${address} is not in the apply log: ${log.map((e) => e.address).join(', ')}`);
  return found;
};
const overlap = (a: AppliedChange, b: AppliedChange) => a.startedAt < b.endedAt && b.startedAt < a.endedAt;

describeWithTerraform('apply offline with real Terraform', () => {
  test("the guide's example applies from nothing, then a second plan of it changes nothing", () => {
    const result = applyOffline(seed(), { from: seed() });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.timings.from).toBeGreaterThan(0); // the first apply ran
    if (process.getuid?.() === 0) expect(result.networkIsolated).toBe(true); // as root (CI), no network at all
    expect(result.resourceChanges).toHaveLength(seedResources());
    expect(result.resourceChanges.filter((c) => c.actions.join() !== 'no-op')).toEqual([]);
    expect(result.applyLog).toEqual([]);
    // The state holds what the stand-in applied: ids <type>-<hash>, defaults, references resolved.
    const ids = result.resourceChanges.map((c) => [c.type, (c.after as { id: string }).id]);
    for (const [type, id] of ids) expect(id).toMatch(new RegExp(`^${type}-[0-9a-f]{12}$`));
    const attachment = result.resourceChanges.find((c) => c.type === 'alicloud_havip_attachment')!;
    expect(ids).toContainEqual(['alicloud_havip', attachment.after!.ha_vip_id]);
    expect(sortInstanceChanges(result).map((c) => c.kind)).toEqual(['none', 'none']);
    expect(result).toKeepInstancesRunning();
  }, 120_000);

  test('from nothing, every resource is created once, in dependency order', () => {
    const result = applyOffline(seed());
    expect(result.ok).toBe(true);
    expect(result.applyLog).toHaveLength(seedResources());
    expect(result.applyLog.every((e) => e.action === 'create' && e.endedAt >= e.startedAt)).toBe(true);
    // The attachments wait for the HaVip and the instances they join.
    const attachments = result.applyLog.filter((e) => e.address.startsWith('alicloud_havip_attachment.'));
    const havip = result.applyLog.find((e) => e.address.startsWith('alicloud_havip.'))!;
    for (const a of attachments) expect(a.startedAt).toBeGreaterThanOrEqual(havip.endedAt);
    expect(result).toKeepInstancesRunning(); // creating members keeps them running
  }, 120_000);

  test('changing havip.ipAddress (ForceNew) plans a replacement of the HaVip', () => {
    const result = applyOffline(guideCluster('192.168.0.30'), { from: guideCluster('192.168.0.24') });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    const havip = result.plan!.resource_changes.find((c: any) => c.type === 'alicloud_havip');
    expect(havip.change.actions).toEqual(['delete', 'create']);
    expect(havip.change.replace_paths).toEqual([['ip_address']]);
    expect(havip.change.after.ip_address).toBe('192.168.0.30');
    // The apply deletes the old HaVip and creates the new one.
    expect(result.applyLog.filter((e) => e.address === havip.address).map((e) => e.action)).toEqual(['delete', 'create']);
  }, 120_000);

  test('the sort: user_data is a reboot, a tag an update in place, vswitch_id a reboot, a ForceNew attribute a replacement, a removal a delete', () => {
    const before = instances({ data: {}, tag: {}, vswitch: {}, zone: {}, same: {}, gone: {} });
    const after = instances({
      data: { user_data: Buffer.from('#!/bin/sh\necho v2\n').toString('base64') },
      tag: { tags: { Role: 'member', Team: 'web' } },
      // Not ForceNew in 1.289.0: the provider stops the instance and calls ModifyInstanceVpcAttribute.
      vswitch: { vswitch_id: 'vsw-bp1z0000000000000000' },
      zone: { availability_zone: 'cn-hangzhou-j' }, // ForceNew
      same: {},
    });
    const result = applyOffline(after, { from: before });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    const sorted = Object.fromEntries(sortInstanceChanges(result).map((c) => [c.address.replace('alicloud_instance.', ''), c]));
    expect(sorted.data).toMatchObject({ kind: 'reboot', changed: ['user_data'], because: ['user_data'] });
    expect(sorted.tag).toMatchObject({ kind: 'in-place', changed: ['tags'], because: [] });
    expect(sorted.vswitch).toMatchObject({ kind: 'reboot', because: ['vswitch_id'] });
    expect(sorted.zone).toMatchObject({ kind: 'replace', because: ['availability_zone'] });
    expect(sorted.same).toMatchObject({ kind: 'none' });
    expect(sorted.gone).toMatchObject({ kind: 'delete' }); // removed from the stack: destroyed
    expect(result.applyLog.filter((e) => e.action === 'delete').map((e) => e.address).sort()).toEqual([
      'alicloud_instance.gone',
      'alicloud_instance.zone',
    ]);

    expect(result).not.toKeepInstancesRunning();
    expect(() => expect(result).toKeepInstancesRunning()).toThrow(
      /alicloud_instance\.data: reboot, for user_data \(modifyInstanceAttribute, line 2909-2920: reboot = true\)[\s\S]*alicloud_instance\.gone: delete[\s\S]*alicloud_instance\.zone: replace, for availability_zone/,
    );
  }, 120_000);

  test('Cloud Assistant: replace_triggered_by re-runs an invocation after its instance is updated; timeouts blocks plan and apply', () => {
    const stack = (instanceType: string) => {
      const doc = instances({ a: { instance_type: instanceType }, b: {} });
      const invocation = (member: string) => ({
        command_id: '${alicloud_ecs_command.configure.id}',
        instance_id: [`\${alicloud_instance.${member}.id}`],
        timeouts: { create: '5m' },
        lifecycle: { replace_triggered_by: [`alicloud_instance.${member}`] },
      });
      const command = { name: 'configure', type: 'RunShellScript', command_content: Buffer.from('true\n').toString('base64'), timeout: 240 };
      Object.assign(doc.resource as object, {
        alicloud_ecs_command: { configure: command },
        alicloud_ecs_invocation: { configure_a: invocation('a'), configure_b: invocation('b') },
      });
      return doc;
    };
    const result = applyOffline(stack('ecs.e-c1m2.large'), { from: stack('ecs.e-c1m1.large') });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    const planned = Object.fromEntries(result.plan!.resource_changes.map((c: any) => [c.address, c.change.actions.join()]));
    expect(planned).toEqual({
      'alicloud_ecs_command.configure': 'no-op',
      'alicloud_ecs_invocation.configure_a': 'delete,create',
      'alicloud_ecs_invocation.configure_b': 'no-op',
      'alicloud_instance.a': 'update',
      'alicloud_instance.b': 'no-op',
    });
    const reason = result.plan!.resource_changes.find((c: any) => c.address === 'alicloud_ecs_invocation.configure_a').action_reason;
    expect(reason).toBe('replace_by_triggers');
    expect(sortInstanceChanges(result).map((c) => [c.address, c.kind])).toEqual([
      ['alicloud_instance.a', 'reboot'],
      ['alicloud_instance.b', 'none'],
    ]);
    const update = result.applyLog.find((e) => e.address === 'alicloud_instance.a' && e.action === 'update')!;
    const rerun = result.applyLog.find((e) => e.address === 'alicloud_ecs_invocation.configure_a' && e.action === 'create')!;
    expect(rerun.startedAt).toBeGreaterThanOrEqual(update.endedAt);
  }, 120_000);

  test("a stack Terraform rejects fails at plan with the provider's message; a `from` stack that fails is reported as step `from`", () => {
    const bad = instances({ a: { instance_charge_type: 'Monthly' } });
    const good = instances({ a: {} });
    const rejected = applyOffline(bad, { from: good });
    expect(rejected).toMatchObject({ ok: false, failedStep: 'plan', applyLog: [] });
    expect(rejected.errors.map((d) => [d.summary, d.address])).toEqual([
      ['expected instance_charge_type to be one of [PrePaid PostPaid], got Monthly', 'alicloud_instance.a'],
    ]);
    const badFrom = applyOffline(good, { from: bad });
    expect(badFrom).toMatchObject({ ok: false, failedStep: 'from', applyLog: [] });
    expect(badFrom.plan).toBeUndefined();
  }, 60_000);

  test('terraform import and refresh work against the stand-in', () => {
    const doc = { ...instances({ a: {} }), resource: { alicloud_security_group: { peers: { vpc_id: 'vpc-1', security_group_name: 'peers' } } } };
    const { init, run } = runTerraformOffline(doc, ['import', '-no-color', '-input=false', 'alicloud_security_group.peers', 'sg-bp1imported']);
    expect(init.status).toBe(0);
    expect(run!.stderr).toBe('');
    expect(run!.stdout).toMatch(/Import successful!/);
  }, 60_000);

  test('with applyDelayMs, independent instances overlap in the apply log; chained ones (depends_on) do not', () => {
    const stack = instances({ left: {}, right: {}, first: {}, second: { depends_on: ['alicloud_instance.first'] } });
    const result = applyOffline(stack, { applyDelayMs: 400 });
    expect(result.ok).toBe(true);
    const log = result.applyLog;
    expect(log.map((e) => e.action)).toEqual(['create', 'create', 'create', 'create']);
    for (const e of log) expect(e.endedAt - e.startedAt).toBeGreaterThanOrEqual(400);
    expect(overlap(entry(log, 'alicloud_instance.left'), entry(log, 'alicloud_instance.right'))).toBe(true);
    const [first, second] = [entry(log, 'alicloud_instance.first'), entry(log, 'alicloud_instance.second')];
    expect(overlap(first, second)).toBe(false);
    expect(second.startedAt).toBeGreaterThanOrEqual(first.endedAt);
  }, 120_000);
});
