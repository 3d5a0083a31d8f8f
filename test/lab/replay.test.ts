// The replay's own logic, without root: what Terraform would do between two synthesized documents,
// and the executor's ordering and parallelism.
import { DAY2_PROPS, synthesizeDocument } from './harness/clusters';
import { ApplyPlan, StackDocument, Step, describePlan, executePlan, forceNewPaths, mustPrecede, planApply, schemaPath, sequentialOrder } from './harness/replay';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A member in the design's shape: instance, configure command + invocation, settle, start. */
function member(n: number, options: { script?: string; instanceType?: string; previous?: number; configures: number[]; userData?: string }) {
  const settleDeps = options.previous === undefined ? {} : { depends_on: [`alicloud_ecs_invocation.settle_${options.previous}`] };
  return {
    alicloud_instance: {
      [`instance_${n}`]: { instance_type: options.instanceType ?? 'ecs.small', image_id: 'img', private_ip: `10.0.0.${n}`, user_data: options.userData ?? b64('install'), ...settleDeps },
    },
    alicloud_ecs_command: { [`configure_cmd_${n}`]: { name: `configure-${n}`, type: 'RunShellScript', command_content: b64(options.script ?? `conf ${n}`) } },
    alicloud_ecs_invocation: {
      [`configure_${n}`]: {
        command_id: `\${alicloud_ecs_command.configure_cmd_${n}.id}`,
        instance_id: [`\${alicloud_instance.instance_${n}.id}`],
        lifecycle: { replace_triggered_by: [`\${alicloud_instance.instance_${n}}`] },
      },
      [`settle_${n}`]: {
        command_id: '${alicloud_ecs_command.settle_cmd.id}',
        instance_id: [`\${alicloud_instance.instance_${n}.id}`],
        depends_on: [`alicloud_ecs_invocation.configure_${n}`],
        lifecycle: { replace_triggered_by: [`\${alicloud_instance.instance_${n}}`] },
      },
      [`start_${n}`]: {
        command_id: '${alicloud_ecs_command.start_cmd.id}',
        instance_id: [`\${alicloud_instance.instance_${n}.id}`],
        depends_on: [
          ...options.configures.map((c) => `alicloud_ecs_invocation.configure_${c}`),
          ...(options.previous === undefined ? [] : [`alicloud_ecs_invocation.start_${options.previous}`]),
        ],
      },
    },
  };
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function doc(...parts: Resources[]): StackDocument {
  const resource: Resources = {
    alicloud_ecs_command: { start_cmd: { name: 'start', type: 'RunShellScript', command_content: b64('start') }, settle_cmd: { name: 'settle', type: 'RunShellScript', command_content: b64('settle') } },
  };
  for (const part of parts) for (const [type, byName] of Object.entries(part)) resource[type] = { ...resource[type], ...byName };
  return { resource };
}

/** Members 1..count in priority order, each configured with `script(n)`. */
function cluster(count: number, options: { script?: (n: number) => string; instanceType?: string } = {}): StackDocument {
  const all = Array.from({ length: count }, (_, i) => i + 1);
  return doc(...all.map((n) => member(n, { script: options.script?.(n), instanceType: options.instanceType, previous: n > 1 ? n - 1 : undefined, configures: all })));
}

const actions = (plan: ApplyPlan) => Object.fromEntries([...plan.changes.values()].filter((c) => c.action !== 'no-op').map((c) => [c.address, c.action]));
const ids = (plan: ApplyPlan) => plan.steps.map((s) => s.id).sort();

describe('forceNewPaths (provider 1.289.0 validations)', () => {
  test('every argument of a command and an invocation is ForceNew; user_data and instance_type are not', () => {
    expect(forceNewPaths('alicloud_ecs_command').has('command_content')).toBe(true);
    expect(forceNewPaths('alicloud_ecs_invocation')).toEqual(expect.objectContaining({}));
    expect([...forceNewPaths('alicloud_ecs_invocation')]).toEqual(expect.arrayContaining(['command_id', 'instance_id']));
    expect(forceNewPaths('alicloud_instance').has('user_data')).toBe(false);
    expect(forceNewPaths('alicloud_instance').has('instance_type')).toBe(false);
    expect(forceNewPaths('alicloud_instance').has('system_disk_category')).toBe(true);
    expect(forceNewPaths('alicloud_instance').has('data_disks.size')).toBe(true);
  });

  test('block paths drop the element index', () => {
    expect(schemaPath('data_disks#1.size')).toBe('data_disks.size');
    expect(schemaPath('data_disks#count')).toBe('data_disks');
  });
});

describe('planApply', () => {
  test('from nothing: everything is created, members one after another in the chain', () => {
    const plan = planApply({}, cluster(2));
    expect(new Set(Object.values(actions(plan)))).toEqual(new Set(['create']));
    const order = sequentialOrder(plan);
    expect(order.indexOf('alicloud_ecs_invocation.settle_1#create')).toBeLessThan(order.indexOf('alicloud_instance.instance_2#create'));
    expect(mustPrecede(plan, 'alicloud_ecs_invocation.start_1#create', 'alicloud_ecs_invocation.start_2#create')).toBe(true);
    expect(mustPrecede(plan, 'alicloud_ecs_invocation.configure_2#create', 'alicloud_ecs_invocation.start_1#create')).toBe(true);
    // configure_2 references instance_2, which waits for settle_1, which waits for configure_1.
    expect(mustPrecede(plan, 'alicloud_ecs_invocation.configure_1#create', 'alicloud_ecs_invocation.configure_2#create')).toBe(true);
  });

  test('identical documents: nothing to do', () => {
    const plan = planApply(cluster(2), cluster(2));
    expect(plan.steps).toEqual([]);
    expect([...plan.changes.values()].every((c) => c.action === 'no-op')).toBe(true);
  });

  test('a changed script replaces its command (ForceNew) and so its invocation (command_id unknown, ForceNew); the instance stays', () => {
    const plan = planApply(cluster(2), cluster(2, { script: (n) => `conf ${n} v2` }));
    expect(actions(plan)).toEqual({
      'alicloud_ecs_command.configure_cmd_1': 'replace',
      'alicloud_ecs_command.configure_cmd_2': 'replace',
      'alicloud_ecs_invocation.configure_1': 'replace',
      'alicloud_ecs_invocation.configure_2': 'replace',
    });
    expect(plan.changes.get('alicloud_ecs_command.configure_cmd_1')!.reasons).toEqual(['command_content (ForceNew)']);
    expect(plan.changes.get('alicloud_ecs_invocation.configure_1')!.reasons).toEqual(['command_id (ForceNew)']);
    // destroy then create, and the invocation's delete before its command's
    expect(mustPrecede(plan, 'alicloud_ecs_invocation.configure_1#delete', 'alicloud_ecs_command.configure_cmd_1#delete')).toBe(true);
    expect(mustPrecede(plan, 'alicloud_ecs_command.configure_cmd_1#create', 'alicloud_ecs_invocation.configure_1#create')).toBe(true);
    // Not in parallel: configure_2 references instance_2 (unchanged), which depends on settle_1
    // (unchanged), which depends on configure_1. Terraform orders through unchanged resources.
    expect(mustPrecede(plan, 'alicloud_ecs_invocation.configure_1#create', 'alicloud_ecs_invocation.configure_2#create')).toBe(true);
  });

  test('an instance update (instance_type) re-runs the invocations that replace_triggered_by names, and the chain orders the members', () => {
    const plan = planApply(cluster(3), cluster(3, { instanceType: 'ecs.large' }));
    expect(actions(plan)).toEqual({
      'alicloud_instance.instance_1': 'update',
      'alicloud_instance.instance_2': 'update',
      'alicloud_instance.instance_3': 'update',
      'alicloud_ecs_invocation.configure_1': 'replace',
      'alicloud_ecs_invocation.configure_2': 'replace',
      'alicloud_ecs_invocation.configure_3': 'replace',
      'alicloud_ecs_invocation.settle_1': 'replace',
      'alicloud_ecs_invocation.settle_2': 'replace',
      'alicloud_ecs_invocation.settle_3': 'replace',
    });
    expect(plan.changes.get('alicloud_instance.instance_2')!.changed).toEqual(['instance_type']);
    expect(plan.changes.get('alicloud_ecs_invocation.settle_1')!.reasons).toEqual(['replace_triggered_by alicloud_instance.instance_1 (update)']);
    // member 2 is stopped only after member 1 is back and settled, member 3 after member 2
    expect(mustPrecede(plan, 'alicloud_ecs_invocation.settle_1#create', 'alicloud_instance.instance_2#update')).toBe(true);
    expect(mustPrecede(plan, 'alicloud_ecs_invocation.settle_2#create', 'alicloud_instance.instance_3#update')).toBe(true);
    expect(mustPrecede(plan, 'alicloud_instance.instance_1#update', 'alicloud_ecs_invocation.settle_1#create')).toBe(true);
  });

  test('a removed member is deleted in reverse dependency order; a new one is created after what it depends on', () => {
    const plan = planApply(cluster(3), cluster(2));
    expect(actions(plan)).toEqual({
      'alicloud_instance.instance_3': 'delete',
      'alicloud_ecs_command.configure_cmd_3': 'delete',
      'alicloud_ecs_invocation.configure_3': 'delete',
      'alicloud_ecs_invocation.settle_3': 'delete',
      'alicloud_ecs_invocation.start_3': 'delete',
    });
    expect(mustPrecede(plan, 'alicloud_ecs_invocation.start_3#delete', 'alicloud_ecs_invocation.configure_3#delete')).toBe(true);
    expect(mustPrecede(plan, 'alicloud_ecs_invocation.settle_3#delete', 'alicloud_instance.instance_3#delete')).toBe(true);
    expect(mustPrecede(plan, 'alicloud_ecs_invocation.configure_3#delete', 'alicloud_ecs_command.configure_cmd_3#delete')).toBe(true);
  });

  test('the create or update of a resource waits for the delete of what depended on it at version 1', () => {
    const v1 = doc({ alicloud_instance: { a: { instance_type: 's' } }, alicloud_ecs_invocation: { b: { command_id: 'c', instance_id: ['${alicloud_instance.a.id}'] } } });
    const v2 = doc({ alicloud_instance: { a: { instance_type: 'l' } } });
    const plan = planApply(v1, v2);
    expect(ids(plan)).toEqual(['alicloud_ecs_invocation.b#delete', 'alicloud_instance.a#update']);
    expect(mustPrecede(plan, 'alicloud_ecs_invocation.b#delete', 'alicloud_instance.a#update')).toBe(true);
  });

  test('an unchanged resource passes the order on: C waits for A through unchanged B', () => {
    const v1 = doc({ alicloud_instance: { a: { instance_type: 's' }, b: { instance_type: 's', depends_on: ['alicloud_instance.a'] }, c: { instance_type: 's', depends_on: ['alicloud_instance.b'] } } });
    const v2 = doc({ alicloud_instance: { a: { instance_type: 'l' }, b: { instance_type: 's', depends_on: ['alicloud_instance.a'] }, c: { instance_type: 'l', depends_on: ['alicloud_instance.b'] } } });
    const plan = planApply(v1, v2);
    expect(ids(plan)).toEqual(['alicloud_instance.a#update', 'alicloud_instance.c#update']);
    expect(mustPrecede(plan, 'alicloud_instance.a#update', 'alicloud_instance.c#update')).toBe(true);
  });

  test('user_data is not ForceNew: a changed boot script updates every instance, with nothing ordering them', () => {
    const v2 = doc(member(1, { configures: [1, 2], userData: b64('v2') }), member(2, { configures: [1, 2], userData: b64('v2') }));
    const plan = planApply(doc(member(1, { configures: [1, 2] }), member(2, { configures: [1, 2] })), v2);
    expect(actions(plan)['alicloud_instance.instance_1']).toBe('update');
    expect(mustPrecede(plan, 'alicloud_instance.instance_1#update', 'alicloud_instance.instance_2#update')).toBe(false);
  });

  test('replace_triggered_by in the plain form cdktf writes (`type.name`) triggers and orders like the ${} form', () => {
    const v1 = doc({ alicloud_instance: { a: { instance_type: 's' } }, alicloud_ecs_invocation: { b: { command_id: 'c', lifecycle: { replace_triggered_by: ['alicloud_instance.a'] } } } });
    const v2 = doc({ alicloud_instance: { a: { instance_type: 'l' } }, alicloud_ecs_invocation: { b: { command_id: 'c', lifecycle: { replace_triggered_by: ['alicloud_instance.a'] } } } });
    const plan = planApply(v1, v2);
    expect(plan.changes.get('alicloud_ecs_invocation.b')!.reasons).toEqual(['replace_triggered_by alicloud_instance.a (update)']);
    expect(mustPrecede(plan, 'alicloud_instance.a#update', 'alicloud_ecs_invocation.b#create')).toBe(true);
  });

  test('a cycle is refused, as Terraform refuses it', () => {
    const v2 = doc({ alicloud_instance: { a: { depends_on: ['alicloud_instance.b'] }, b: { depends_on: ['alicloud_instance.a'] } } });
    expect(() => planApply({}, v2)).toThrow(/^Cycle: alicloud_instance\.a → alicloud_instance\.b → alicloud_instance\.a$/);
  });

  test('describePlan: one line per change with its reason', () => {
    const plan = planApply(cluster(2), cluster(2, { script: (n) => (n === 1 ? 'conf 1 v2' : `conf ${n}`) }));
    expect(describePlan(plan)).toEqual([
      '-/+ alicloud_ecs_command.configure_cmd_1 (replace: command_content (ForceNew))',
      '-/+ alicloud_ecs_invocation.configure_1 (replace: command_id (ForceNew))',
    ]);
  });
});

describe('executePlan', () => {
  const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

  test('waits are honoured; independent steps overlap', async () => {
    const plan = planApply({}, cluster(2));
    const log: string[] = [];
    let running = 0;
    let peak = 0;
    const result = await executePlan(plan, async (step: Step) => {
      running++;
      peak = Math.max(peak, running);
      log.push(`start ${step.id}`);
      await tick();
      log.push(`end ${step.id}`);
      running--;
    });
    expect(result.failed).toEqual([]);
    expect(result.records).toHaveLength(plan.steps.length);
    for (const step of plan.steps) {
      for (const before of step.after) expect(log.indexOf(`end ${before}`)).toBeLessThan(log.indexOf(`start ${step.id}`));
    }
    expect(peak).toBeGreaterThan(1);
  });

  test('at most `parallelism` at once', async () => {
    const v2 = doc({ alicloud_instance: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`i${i}`, { instance_type: 's' }])) });
    let running = 0;
    let peak = 0;
    await executePlan(planApply({}, v2), async () => {
      peak = Math.max(peak, ++running);
      await tick();
      running--;
    }, { parallelism: 3 });
    expect(peak).toBe(3);
  });

  test('a failed step stops the walk: what waits for it is skipped, as in Terraform', async () => {
    const plan = planApply({}, cluster(2));
    const result = await executePlan(plan, async (step) => {
      await tick();
      if (step.id === 'alicloud_ecs_invocation.settle_1#create') throw new Error('Failed: exit 1');
    });
    expect(result.failed).toEqual(['alicloud_ecs_invocation.settle_1#create']);
    expect(result.skipped).toContain('alicloud_instance.instance_2#create');
    expect(result.records.find((r) => r.id === 'alicloud_ecs_invocation.settle_1#create')!.error).toBe('Failed: exit 1');
  });
});

describe('the replay on HaVipCluster synthesized output (what a deploy of the next version does)', () => {
  const three = { ...DAY2_PROPS, nodes: [...DAY2_PROPS.nodes, { privateIp: '192.168.0.27' }] };
  const short = (id: string) => id.replace(/^(\w+)\.cluster_([\w-]+?)_[0-9A-F]{8}(#\w+)?$/, '$1.$2$3');
  /** Members are named by their address: member 1 is .25, 2 is .26, 3 is .27. */
  const m = (n: number) => `member-192-168-0-${24 + n}`;
  const changed = (plan: ApplyPlan) => [...plan.changes.values()].filter((c) => c.action !== 'no-op').map((c) => `${c.action} ${short(c.address)}`).sort();
  const step = (plan: ApplyPlan, type: string, name: string, op: string) => {
    const found = plan.steps.find((s) => short(s.id) === `${type}.${name}#${op}`);
    if (!found) throw new Error(`no step ${type}.${name}#${op} in ${plan.steps.map((s) => short(s.id)).join(', ')}`);
    return found.id;
  };

  test.each([
    ['authPass', { authPass: 'n3wp4ss2' }],
    ['advertInt', { advertInt: 2 }],
  ])('%s: only the configure commands and invocations change, and the configures run in parallel', (_name, patch) => {
    const plan = planApply(synthesizeDocument('day2', three), synthesizeDocument('day2', { ...three, keepalived: { ...three.keepalived, ...patch } }));
    expect(changed(plan)).toEqual([1, 2, 3].flatMap((n) => [`replace alicloud_ecs_command.${m(n)}_configure-command`, `replace alicloud_ecs_invocation.${m(n)}_configure`]).sort());
    const configure = (n: number) => step(plan, 'alicloud_ecs_invocation', `${m(n)}_configure`, 'create');
    // A configure waits for its own instance only; the instance chain (instance -> settle -> next
    // instance) holds no configure, and nothing else changes: every member reloads at once.
    for (const [a, b] of [[1, 2], [2, 3], [1, 3], [2, 1], [3, 2]]) expect(mustPrecede(plan, configure(a), configure(b))).toBe(false);
  });

  test('instanceType: every instance is updated (stopped and started), one after another in node order, each after the previous settle', () => {
    const plan = planApply(synthesizeDocument('day2', three), synthesizeDocument('day2', { ...three, instance: { ...three.instance!, instanceType: 'ecs.e-c1m2.large' } }));
    const instance = (n: number) => step(plan, 'alicloud_instance', `${m(n)}_instance`, 'update');
    expect(plan.changes.get(plan.steps.find((s) => s.id === instance(1))!.address)!.changed).toEqual(['instance_type']);
    expect(mustPrecede(plan, step(plan, 'alicloud_ecs_invocation', `${m(1)}_settle`, 'create'), instance(2))).toBe(true);
    expect(mustPrecede(plan, step(plan, 'alicloud_ecs_invocation', `${m(2)}_settle`, 'create'), instance(3))).toBe(true);
  });

  test("removing a node that is not the last one deletes only its member; the next node's instance keeps running", () => {
    const plan = planApply(synthesizeDocument('day2', three), synthesizeDocument('day2', { ...three, nodes: [three.nodes[0], three.nodes[2]] }));
    const instances = [...plan.changes.values()].filter((c) => c.type === 'alicloud_instance' && c.action !== 'no-op');
    // Only the default instance_name follows the position (an in-place rename, no stop).
    expect(instances.map((c) => `${c.action} ${short(c.address)} ${c.changed.join(',')}`.trim()).sort()).toEqual([
      `delete alicloud_instance.${m(2)}_instance`,
      `update alicloud_instance.${m(3)}_instance instance_name`,
    ]);
  });
});
