import { Testing, TerraformStack } from 'cdktf';
import { AlicloudProvider, EcsCommand, HaVipCluster, HaVipClusterProps } from '../../lib';
import { collectAppFindings } from '../../lib/havip-app-checks';
import {
  CLOUD_ASSISTANT_COMMAND_CONTENT_MAX_BYTES,
  CLOUD_ASSISTANT_COMMANDS_PER_REGION,
  DEPLOYMENT_SET_INSTANCES_PER_ZONE,
  checkCommandContentSizes,
  usesDeploymentSet,
} from '../../lib/rules/delivery-rules';
import { validateClusterProps } from '../../lib/rules/cluster-rules';
import { GUIDE_PROPS, ON_DEMAND } from '../support/cluster-cases';

const findings = (props: unknown) => validateClusterProps(props, () => false);
const errors = (props: unknown) => findings(props).filter((f) => f.level === 'error');

describe('the documented limits, as named constants', () => {
  test('Cloud Assistant: 18 KB of base64 per command, 500 commands per region by default; deployment set: 20 per zone', () => {
    expect(CLOUD_ASSISTANT_COMMAND_CONTENT_MAX_BYTES).toBe(18432);
    expect(CLOUD_ASSISTANT_COMMANDS_PER_REGION).toBe(500);
    expect(DEPLOYMENT_SET_INSTANCES_PER_ZONE).toBe(20);
  });
});

describe('delivery and deploymentSet props', () => {
  test.each<[string, unknown, string, RegExp]>([
    ['an unknown delivery', { ...ON_DEMAND, delivery: 'ssh' }, 'delivery', /must be one of cloud-assistant, user-data/],
    ['an id with enabled: false', { ...ON_DEMAND, deploymentSet: { enabled: false, id: 'ds-1' } }, 'deploymentSet.id', /must not be given with enabled: false/],
    ['enabled not a boolean', { ...ON_DEMAND, deploymentSet: { enabled: 'yes' } }, 'deploymentSet.enabled', /must be a boolean/],
    ['a typo', { ...ON_DEMAND, deploymentSet: { ID: 'ds-1' } }, 'deploymentSet.ID', /is not a known prop/],
    ['spot instances in an explicit deployment set', { ...GUIDE_PROPS, deploymentSet: { enabled: true } }, 'instance.spotStrategy', /spot instances cannot join a deployment set/],
    ['spot instances in an existing deployment set', { ...GUIDE_PROPS, deploymentSet: { id: 'ds-1' } }, 'instance.spotStrategy', /spot instances cannot join a deployment set/],
    [
      'more members than a deployment set takes in one zone (raised member limit)',
      { ...ON_DEMAND, limits: { membersPerHaVip: 30 }, nodes: Array.from({ length: 21 }, (_, i) => ({ privateIp: `192.168.0.${30 + i}`, priority: 200 - i })) },
      'nodes',
      /at most 20 members in one deployment set/,
    ],
  ])('%s is an error naming the prop and the source', (_name, props, prop, rule) => {
    const found = errors(props);
    expect(found).toEqual([expect.objectContaining({ prop, rule: expect.stringMatching(rule) })]);
    expect(found[0].source).toMatch(/doc-detail\/91258|HaVipClusterProps|DeploymentSetOptions|deployment_set_id/);
  });

  test('21 members without a deployment set are fine (the raised member limit allows them)', () => {
    const props = { ...ON_DEMAND, deploymentSet: { enabled: false }, limits: { membersPerHaVip: 30 }, nodes: Array.from({ length: 21 }, (_, i) => ({ privateIp: `192.168.0.${30 + i}`, priority: 200 - i })) };
    expect(errors(props)).toEqual([]);
  });

  test.each<[string, Partial<HaVipClusterProps>, boolean]>([
    ['on-demand, default', {}, true],
    ['on-demand, opted out', { deploymentSet: { enabled: false } }, false],
    ['on-demand, existing', { deploymentSet: { id: 'ds-1' } }, true],
    ['spot, default', { instance: GUIDE_PROPS.instance }, false],
    ['spot, empty options', { instance: GUIDE_PROPS.instance, deploymentSet: {} }, false],
  ])('usesDeploymentSet: %s → %p', (_name, patch, expected) => {
    expect(usesDeploymentSet({ ...ON_DEMAND, ...patch })).toBe(expected);
  });
});

describe('command content size', () => {
  test('a script whose base64 exceeds 18 KB is an error naming the member; one that fits is not', () => {
    const fits = 'x'.repeat((CLOUD_ASSISTANT_COMMAND_CONTENT_MAX_BYTES / 4) * 3);
    expect(checkCommandContentSizes([fits])).toEqual([]);
    expect(checkCommandContentSizes([fits, `${fits}x`])).toEqual([
      expect.objectContaining({ level: 'error', prop: 'nodes[1]', value: CLOUD_ASSISTANT_COMMAND_CONTENT_MAX_BYTES + 4 }),
    ]);
  });
});

describe('Cloud Assistant commands per region (app-wide)', () => {
  /** One guide cluster (4 commands: 2 configure, start, settle) and `extra` commands of the user's own. */
  function app(extra: number): TerraformStack {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
    new HaVipCluster(stack, 'web', ON_DEMAND);
    for (let i = 0; i < extra; i++) {
      new EcsCommand(stack, `own-${i}`, { name: 'own', type: 'RunShellScript', commandContent: 'bHMK' });
    }
    return stack;
  }
  const warningsOf = (stack: TerraformStack) => collectAppFindings(stack.node.root).findings.filter((f) => f.prop === 'alicloud_ecs_command');

  test('500 commands in the app pass; 501 draw a warning with the count and the source', () => {
    expect(warningsOf(app(496))).toEqual([]);
    expect(warningsOf(app(497))).toEqual([
      expect.objectContaining({ level: 'warning', value: 501, source: expect.stringContaining('500 to 10,000 commands per region') }),
    ]);
  });
});
