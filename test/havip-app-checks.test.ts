import { App, Fn, TerraformStack, TerraformVariable, Testing, Aspects } from 'cdktf';
import { Construct } from 'constructs';
import { AlicloudProvider } from '../lib/gen/providers/alicloud/provider';
import { Havip } from '../lib/gen/providers/alicloud/havip';
import { HavipAttachment } from '../lib/gen/providers/alicloud/havip-attachment';
import { Instance } from '../lib/gen/providers/alicloud/instance';
import { Vpc } from '../lib/gen/providers/alicloud/vpc';
import { Vswitch } from '../lib/gen/providers/alicloud/vswitch';
import { collectAppFindings, HAVIP_CLUSTER_MARKER, HaVipAppChecks, type HaVipClusterFacts } from '../lib/havip-app-checks';
import { DEFAULT_HAVIP_LIMITS, type HaVipLimits } from '../lib/rules/limits';
import { HaVipValidationError } from '../lib/validation-error';
import { validationErrorOf } from './support/errors';

/**
 * A stand-in with exactly the facts HaVipCluster exposes to the app-wide checks (an HaVip, one
 * attachment per node), so these tests pin the Aspect's contract.
 */
class Cluster extends Construct implements HaVipClusterFacts {
  readonly [HAVIP_CLUSTER_MARKER] = true as const;
  readonly limits: HaVipLimits;
  constructor(
    scope: Construct,
    id: string,
    readonly vpcId: string,
    readonly vswitchId: string,
    readonly virtualRouterId: number,
    limits: Partial<HaVipLimits> = {},
  ) {
    super(scope, id);
    this.limits = { ...DEFAULT_HAVIP_LIMITS, ...limits };
    const havip = new Havip(this, 'havip', { vswitchId });
    for (const n of [1, 2]) {
      new HavipAttachment(this, `attachment-${n}`, { haVipId: havip.id, instanceId: `i-${id}-${n}`, instanceType: 'EcsInstance' });
    }
    HaVipAppChecks.ensureApplied(this);
  }
}

function stackWithProvider(app: App, id = 'stack', region: string | undefined = 'cn-hangzhou'): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AlicloudProvider(stack, 'alicloud', { region });
  return stack;
}


describe('HaVipAppChecks', () => {
  test('is added once per stack, however many clusters', () => {
    const stack = stackWithProvider(Testing.app());
    new Cluster(stack, 'a', 'vpc-1', 'vsw-1', 1);
    new Cluster(stack, 'b', 'vpc-1', 'vsw-1', 2);
    expect(Aspects.of(stack).all).toHaveLength(1);
    expect(() => Testing.synth(stack)).not.toThrow();
  });

  test('same virtual_router_id in the same VPC fails Testing.synth, Testing.fullSynth and app.synth', () => {
    const make = () => {
      const app = Testing.app();
      const stack = stackWithProvider(app);
      new Cluster(stack, 'web', 'vpc-1', 'vsw-1', 51);
      new Cluster(stack, 'db', 'vpc-1', 'vsw-2', 51);
      return { app, stack };
    };
    const expected = 'stack/db: keepalived.virtualRouterId = 51: must differ from stack/web, a cluster in the same VPC vpc-1';
    for (const run of [
      ({ stack }: { stack: TerraformStack }) => Testing.synth(stack),
      ({ stack }: { stack: TerraformStack }) => Testing.synth(stack, true),
      ({ stack }: { stack: TerraformStack }) => Testing.fullSynth(stack),
      ({ app }: { app: App }) => app.synth(),
    ]) {
      const e = validationErrorOf(() => run(make()));
      expect(e.message).toContain(expected);
      expect(e.findings).toHaveLength(1);
    }
  });

  test('same virtual_router_id in different VPCs is fine', () => {
    const stack = stackWithProvider(Testing.app());
    new Cluster(stack, 'web', 'vpc-1', 'vsw-1', 51);
    new Cluster(stack, 'db', 'vpc-2', 'vsw-2', 51);
    expect(() => Testing.synth(stack)).not.toThrow();
  });

  test('a VPC given as a reference is traced: two clusters on vpc.id share it', () => {
    const stack = stackWithProvider(Testing.app());
    const vpc = new Vpc(stack, 'vpc', { cidrBlock: '192.168.0.0/16' });
    const sw = new Vswitch(stack, 'sw', { vpcId: vpc.id, cidrBlock: '192.168.0.0/24', zoneId: 'cn-hangzhou-h' });
    new Cluster(stack, 'web', vpc.id, sw.id, 7);
    new Cluster(stack, 'db', vpc.id, sw.id, 7);
    expect(validationErrorOf(() => Testing.synth(stack)).message).toContain(
      'stack/db: keepalived.virtualRouterId = 7: must differ from stack/web, a cluster in the same VPC ${alicloud_vpc.vpc.id} (Alibaba Cloud HaVip guide',
    );
  });

  test('raw alicloud_havip resources count toward their VPC (traced through their vSwitch) and the account', () => {
    const stack = stackWithProvider(Testing.app());
    const vpc = new Vpc(stack, 'vpc', { cidrBlock: '192.168.0.0/16' });
    const sw = new Vswitch(stack, 'sw', { vpcId: vpc.id, cidrBlock: '192.168.0.0/24', zoneId: 'cn-hangzhou-h' });
    new Cluster(stack, 'web', vpc.id, 'vsw-literal', 7, { haVipsPerVpc: 2 });
    new Havip(stack, 'raw1', { vswitchId: sw.id });
    new Havip(stack, 'raw2', { vswitchId: 'vsw-literal' });
    expect(validationErrorOf(() => Testing.synth(stack)).message).toContain(
      'stack/raw2: vpcId = "${alicloud_vpc.vpc.id}": has 3 HaVips in this app; at most 2 per VPC (limits.haVipsPerVpc = 2',
    );
  });

  test('51 HaVips fail the account quota (raw HaVips of unknown VPC included)', () => {
    const stack = stackWithProvider(Testing.app());
    new Cluster(stack, 'web', 'vpc-1', 'vsw-1', 7);
    for (let i = 0; i < 50; i++) new Havip(stack, `raw${i}`, { vswitchId: Fn.join('', ['vsw-', `${i}`]) });
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.message).toContain('stack/raw49: havip = 51: makes 51 HaVips in this app; at most 50 per account');
  });

  test('more than 5 HaVips on one ECS instance fail', () => {
    const stack = stackWithProvider(Testing.app());
    new Cluster(stack, 'web', 'vpc-1', 'vsw-1', 7);
    for (let i = 0; i < 6; i++) {
      const havip = new Havip(stack, `raw${i}`, { vswitchId: 'vsw-1' });
      new HavipAttachment(stack, `att${i}`, { haVipId: havip.id, instanceId: 'i-shared' });
    }
    expect(validationErrorOf(() => Testing.synth(stack)).message).toContain(
      'stack/att5: instanceId = "i-shared": is a member of 6 HaVips; at most 5 per ECS instance',
    );
  });

  test('an ENI attached to a cluster HaVip mixes member types', () => {
    const stack = stackWithProvider(Testing.app());
    const cluster = new Cluster(stack, 'web', 'vpc-1', 'vsw-1', 7);
    const havip = cluster.node.findChild('havip') as Havip;
    new HavipAttachment(stack, 'eni', { haVipId: havip.id, instanceId: 'eni-1', instanceType: 'NetworkInterface' });
    expect(validationErrorOf(() => Testing.synth(stack)).message).toContain('stack/eni: instanceType = "NetworkInterface": must be a EcsInstance like stack/web/attachment-1');
  });

  test('an instance of another vSwitch attached to a cluster HaVip fails; one of an unknown vSwitch does not', () => {
    const stack = stackWithProvider(Testing.app());
    const cluster = new Cluster(stack, 'web', 'vpc-1', 'vsw-1', 7);
    const havip = cluster.node.findChild('havip') as Havip;
    const variable = new TerraformVariable(stack, 'vsw', { type: 'string' });
    const elsewhere = new Instance(stack, 'elsewhere', { vswitchId: 'vsw-2', instanceType: 't', imageId: 'i' });
    const unknown = new Instance(stack, 'unknown', { vswitchId: variable.stringValue, instanceType: 't', imageId: 'i' });
    new HavipAttachment(stack, 'att-elsewhere', { haVipId: havip.id, instanceId: elsewhere.id });
    new HavipAttachment(stack, 'att-unknown', { haVipId: havip.id, instanceId: unknown.id });
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.findings).toHaveLength(1);
    expect(e.message).toContain(
      'stack/att-elsewhere: instanceId = "${alicloud_instance.elsewhere.id}": is in vSwitch vsw-2, not in the HaVip\'s vSwitch vsw-1',
    );
  });

  test.each(['ap-south-1', 'cn-hangzhou '])('an unsupported provider region %j fails', (region) => {
    const stack = stackWithProvider(Testing.app(), 'stack', region);
    new Cluster(stack, 'web', 'vpc-1', 'vsw-1', 7);
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.message).toContain(`stack/alicloud: region = ${JSON.stringify(region)}: must be a region where HaVip is supported (cn-hangzhou,`);
    expect(e.message).toContain('(Alibaba Cloud HaVip guide, "Supported regions")');
  });

  test('a region given as a token or not at all is an info annotation, not an error', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'stack');
    const region = new TerraformVariable(stack, 'region', { type: 'string' });
    const provider = new AlicloudProvider(stack, 'alicloud', { region: region.stringValue });
    new Cluster(stack, 'web', 'vpc-1', 'vsw-1', 7);
    expect(() => Testing.synth(stack)).not.toThrow();
    const infos = provider.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => m.data);
    expect(infos).toEqual(['stack/alicloud: region = undefined: is a token: the supported-region check is skipped (Alibaba Cloud HaVip guide, "Supported regions")']);
    Testing.synth(stack); // a second synth adds no duplicate annotation
    expect(provider.node.metadata.filter((m) => m.type === '@cdktf/info')).toHaveLength(1);
  });

  test('an aliased provider a raw HaVip uses is the one checked', () => {
    const stack = stackWithProvider(Testing.app());
    const other = new AlicloudProvider(stack, 'paris', { region: 'eu-west-3', alias: 'paris' });
    new Cluster(stack, 'web', 'vpc-1', 'vsw-1', 7);
    expect(() => Testing.synth(stack)).not.toThrow(); // the alias is unused by any HaVip
    new Havip(stack, 'raw', { vswitchId: 'vsw-9', provider: other });
    expect(validationErrorOf(() => Testing.synth(stack)).message).toContain('stack/paris: region = "eu-west-3"');
  });

  test('clusters in two stacks of one app are counted together', () => {
    const app = Testing.app();
    const a = stackWithProvider(app, 'a');
    const b = stackWithProvider(app, 'b');
    new Cluster(a, 'web', 'vpc-1', 'vsw-1', 9);
    new Cluster(b, 'web', 'vpc-1', 'vsw-1', 9);
    expect(validationErrorOf(() => Testing.synth(a)).message).toContain('b/web: keepalived.virtualRouterId = 9: must differ from a/web');
    expect(() => app.synth()).toThrow(HaVipValidationError);
  });

  test('every app-wide error is listed in one throw', () => {
    const stack = stackWithProvider(Testing.app(), 'stack', 'us-east-2');
    new Cluster(stack, 'a', 'vpc-1', 'vsw-1', 3);
    new Cluster(stack, 'b', 'vpc-1', 'vsw-1', 3);
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.findings.map((f) => f.prop).sort()).toEqual(['keepalived.virtualRouterId', 'region']);
    expect(e.constructPath).toBe('stack');
  });

  test('collectAppFindings reports an untraceable cluster VPC as an info', () => {
    const stack = stackWithProvider(Testing.app());
    new Cluster(stack, 'web', Fn.join('-', ['vpc', 'x']), 'vsw-1', 7);
    const { findings } = collectAppFindings(stack.node.root);
    expect(findings).toEqual([expect.objectContaining({ level: 'info', path: 'stack/web', prop: 'vpcId' })]);
  });

  test('raw resources count too: an instance on the address of an HaVip of its vSwitch', () => {
    const stack = stackWithProvider(Testing.app());
    new Cluster(stack, 'web', 'vpc-1', 'vsw-9', 7); // adds the app-wide checks
    const sw = new Vswitch(stack, 'sw', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24', zoneId: 'cn-hangzhou-h' });
    new Havip(stack, 'vip', { vswitchId: sw.id, ipAddress: '10.0.0.5' });
    new Instance(stack, 'vm', { vswitchId: sw.id, privateIp: '10.0.0.5', instanceType: 'ecs.g7.large', imageId: 'i' });
    new Instance(stack, 'elsewhere', { vswitchId: 'vsw-2', privateIp: '10.0.0.5', instanceType: 'ecs.g7.large', imageId: 'i' });
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.findings).toHaveLength(1);
    expect(e.message).toContain('stack/vm: private_ip = "10.0.0.5": is also the address of stack/vip (an HaVip) in vSwitch ${alicloud_vswitch.sw.id}');
  });

  test('an alicloud_vswitch and a cluster disagreeing on its VPC', () => {
    const stack = stackWithProvider(Testing.app());
    const sw = new Vswitch(stack, 'sw', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24', zoneId: 'cn-hangzhou-h' });
    new Cluster(stack, 'web', 'vpc-2', sw.id, 7);
    expect(validationErrorOf(() => Testing.synth(stack)).message).toContain(
      'stack/web: vpcId = "vpc-2": must be the VPC of vSwitch ${alicloud_vswitch.sw.id}, which stack/sw puts in VPC vpc-1',
    );
  });
});
