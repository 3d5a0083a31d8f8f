// The instance-change sort and its matcher on plans written by hand (`terraform show -json` shape);
// apply.test.ts runs them on plans real Terraform made.
import { INSTANCE_STOPPING_ATTRIBUTES, setupJest, sortInstanceChanges } from '../../lib/testing';

setupJest();

const BEFORE = { id: 'i-1', instance_type: 'ecs.t1', tags: { Role: 'member' }, password: 'old', private_ip: '192.168.0.25' };

function instanceChange(name: string, actions: string[], after: Record<string, unknown> | null, extra: object = {}) {
  return {
    address: `alicloud_instance.${name}`,
    mode: 'managed',
    type: 'alicloud_instance',
    name,
    change: { actions, before: actions.includes('create') && !actions.includes('delete') ? null : BEFORE, after, after_unknown: {}, ...extra },
  };
}

const plan = (...changes: object[]) => ({ format_version: '1.2', resource_changes: changes });

test.each([
  ['a tag', 'in-place', { tags: { Role: 'member', Team: 'web' } }, []],
  ['the password', 'reboot', { password: 'new' }, ['password']],
  ['the private address', 'reboot', { private_ip: '192.168.0.26' }, ['private_ip']],
  ['a tag and the instance type', 'reboot', { tags: {}, instance_type: 'ecs.t2' }, ['instance_type']],
])('an update of %s sorts as %s', (_what, kind, change, because) => {
  const [sorted] = sortInstanceChanges(plan(instanceChange('a', ['update'], { ...BEFORE, ...change })));
  expect(sorted).toMatchObject({ address: 'alicloud_instance.a', kind, because });
});

test('a value known only after apply counts as changed', () => {
  const change = instanceChange('a', ['update'], { ...BEFORE, password: null }, { after_unknown: { password: true } });
  expect(sortInstanceChanges(plan(change))[0]).toMatchObject({ kind: 'reboot', changed: ['password'] });
});

test('replacements name what forces them: the attribute, else the reason (replace_triggered_by)', () => {
  const forced = instanceChange('a', ['delete', 'create'], { ...BEFORE, id: null }, { replace_paths: [['availability_zone']] });
  const triggered = { ...instanceChange('b', ['create', 'delete'], BEFORE), action_reason: 'replace_by_triggers' };
  expect(sortInstanceChanges(plan(forced, triggered)).map((c) => [c.kind, c.because])).toEqual([
    ['replace', ['availability_zone']],
    ['replace', ['replace_by_triggers']],
  ]);
});

test('only managed alicloud_instance changes are sorted; no-op and read are none', () => {
  const other = { address: 'alicloud_havip.x', mode: 'managed', type: 'alicloud_havip', change: { actions: ['update'] } };
  const sorted = sortInstanceChanges(plan(other, instanceChange('a', ['no-op'], BEFORE), instanceChange('b', ['create'], BEFORE)));
  expect(sorted.map((c) => [c.address, c.kind])).toEqual([
    ['alicloud_instance.a', 'none'],
    ['alicloud_instance.b', 'create'],
  ]);
});

test('the matcher passes in-place updates and creates, and names each reboot with its source', () => {
  const fine = plan(instanceChange('a', ['update'], { ...BEFORE, tags: {} }), instanceChange('b', ['create'], BEFORE));
  expect(fine).toKeepInstancesRunning();
  const rebooting = plan(instanceChange('a', ['update'], { ...BEFORE, password: 'new' }));
  expect(() => expect(rebooting).toKeepInstancesRunning()).toThrow(
    `alicloud_instance.a: reboot, for password (${INSTANCE_STOPPING_ATTRIBUTES.password})`,
  );
  expect(plan(instanceChange('a', ['delete'], null))).not.toKeepInstancesRunning();
});

test('a result that holds no plan is an error, not an empty list', () => {
  expect(() => sortInstanceChanges({ ok: false, resourceChanges: [] })).toThrow(/holds no plan/);
});
