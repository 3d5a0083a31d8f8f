// Property: whatever the props (valid, one field wrong, or anything at all), HaVipCluster either
// synthesizes a stack that fits the provider schema, or throws HaVipValidationError. Never a
// TypeError, never another exception. 1,000 runs with CI=true; HAVIP_PROPERTY_RUNS overrides.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import * as fc from 'fast-check';
import { AlicloudProvider, HaVipCluster, type HaVipClusterProps } from '../lib';
import { HaVipValidationError } from '../lib/validation-error';
import { checkAgainstSchema, formatProblems, loadDefaultSchema } from './support/schema-check';

const NUM_RUNS = Number(process.env.HAVIP_PROPERTY_RUNS) || (process.env.CI === 'true' ? 1000 : 300);
const SCHEMA = loadDefaultSchema();
const OUTDIR = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-property.'));
afterAll(() => fs.rmSync(OUTDIR, { recursive: true, force: true }));

// Strings that have broken shells, keepalived or Terraform somewhere.
const HOSTILE = [
  '',
  ' ',
  'a\nb',
  'a\r\nb',
  'a\u0000b',
  '\u001b[31m',
  'a\u2028b',
  'x\u202ey',
  '"',
  "'",
  '}',
  '{',
  '#',
  '!',
  '$HOME',
  '${var.x}',
  '%{if true}',
  '`id`',
  '$(id)',
  '; rm -rf /',
  'HAVIP_KEEPALIVED_CONF_END',
  'HAVIP_HEALTH_CHECK_END',
  '@@HAVIP_IP_ADDRESS@@',
  '\\',
  'http://x',
  'a'.repeat(2000),
  '中文名字',
];
const hostile = fc.constantFrom(...HOSTILE);
const anyValue = fc.oneof(fc.anything(), hostile, fc.constantFrom(undefined, null, NaN, -0, Infinity, 1e21, [], {}));

// Valid pieces.
const hostIndex = fc.integer({ min: 1, max: 252 }); // 192.168.0.0/24 without .0 and .253-.255
const word = fc.stringMatching(/^[a-z][a-z0-9_-]{1,20}$/);
const interfaceName = fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/);
const validNodes = fc
  .uniqueArray(hostIndex, { minLength: 3, maxLength: 11 }) // one of them for the HaVip
  .chain((hosts) =>
    fc.record({
      havipHost: fc.constant(hosts[0]),
      nodes: fc.boolean().chain((explicit) =>
        explicit
          ? fc.uniqueArray(fc.integer({ min: 1, max: 254 }), { minLength: hosts.length - 1, maxLength: hosts.length - 1 }).map((priorities) =>
              hosts.slice(1).map((h, i) => ({ privateIp: `192.168.0.${h}`, priority: priorities[i] })),
            )
          : fc.constant(hosts.slice(1).map((h) => ({ privateIp: `192.168.0.${h}` }))),
      ),
    }),
  );
const validIngress = fc.oneof(
  fc.record({ protocol: fc.constantFrom('tcp', 'udp'), port: fc.integer({ min: 1, max: 65535 }), sourceCidr: fc.constantFrom('192.168.0.0/24', '10.0.0.0/8') }),
  fc.record({ protocol: fc.constantFrom('icmp', 'gre', 'all'), sourceCidr: fc.constantFrom('172.16.0.0/12', '10.1.2.3/32') }),
);

const validProps: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    nodes: validNodes,
    preempt: fc.boolean(),
    vrid: fc.integer({ min: 1, max: 255 }),
    advertInt: fc.option(fc.integer({ min: 1, max: 255 }), { nil: undefined }),
    authPass: fc.option(fc.stringMatching(/^[A-Za-z0-9_.:-]{1,8}$/), { nil: undefined }),
    iface: fc.option(interfaceName, { nil: undefined }),
    healthCheck: fc.option(
      fc.record({ script: fc.constantFrom('/bin/true', "/usr/bin/curl -fsS -o /dev/null 'http://127.0.0.1:8000/?a=1&b=2'"), weight: fc.constant(0) }),
      { nil: undefined },
    ),
    ingress: fc.option(fc.array(validIngress, { maxLength: 1 }), { nil: undefined }),
    eip: fc.option(fc.oneof(fc.record({ bandwidth: fc.integer({ min: 1, max: 100 }) }), fc.constant({ allocationId: 'eip-123' })), { nil: undefined }),
    withAddress: fc.boolean(),
    name: fc.option(word, { nil: undefined }),
  })
  .map((v) => ({
    vpcId: 'vpc-1',
    vswitchId: 'vsw-1',
    vswitchCidrBlock: '192.168.0.0/24',
    havip: v.withAddress ? { ipAddress: `192.168.0.${v.nodes.havipHost}`, name: v.name } : { name: v.name },
    nodes: v.nodes.nodes,
    instance: { instanceType: 'ecs.g7.large', imageId: 'aliyun_3_x64_20G_alibase_20221102.vhd' },
    keepalived: {
      virtualRouterId: v.vrid,
      preempt: v.preempt,
      advertInt: v.advertInt,
      authPass: v.authPass,
      interface: v.iface,
      healthCheck: v.healthCheck,
    },
    ingress: v.ingress,
    eip: v.eip,
  }));

/** Replaces the value at a dotted path (creating objects on the way) by `value`. */
function setPath(obj: Record<string, unknown>, pathParts: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = pathParts;
  const copy: Record<string, unknown> = Array.isArray(obj) ? ([...obj] as never) : { ...obj };
  const child = copy[head];
  copy[head] = rest.length === 0 ? value : setPath(typeof child === 'object' && child !== null ? (child as Record<string, unknown>) : {}, rest, value);
  return copy;
}

const FIELDS = [
  'vpcId', 'vswitchId', 'vswitchCidrBlock', 'havip', 'havip.ipAddress', 'havip.name', 'havip.description',
  'nodes', 'nodes.0', 'nodes.0.privateIp', 'nodes.1.priority', 'nodes.1.name',
  'instance', 'instance.instanceType', 'instance.imageId', 'instance.namePrefix', 'instance.tags', 'instance.securityGroupIds',
  'instance.systemDiskSize', 'instance.spotStrategy',
  'keepalived', 'keepalived.virtualRouterId', 'keepalived.advertInt', 'keepalived.preempt', 'keepalived.preemptDelay',
  'keepalived.interface', 'keepalived.authPass', 'keepalived.garpMasterDelay', 'keepalived.trackInterfaces',
  'keepalived.healthCheck', 'keepalived.healthCheck.script', 'keepalived.healthCheck.weight',
  'ingress', 'ingress.0', 'ingress.0.protocol', 'ingress.0.port', 'ingress.0.sourceCidr', 'ingress.0.description',
  'eip', 'eip.bandwidth', 'eip.allocationId', 'limits', 'limits.membersPerHaVip', 'extra',
];
const mutated = fc
  .tuple(validProps, fc.array(fc.tuple(fc.constantFrom(...FIELDS), anyValue), { minLength: 1, maxLength: 3 }))
  .map(([props, edits]) => edits.reduce((p, [field, value]) => setPath(p, field.split('.'), value), props));

const propsArb = fc.oneof({ arbitrary: validProps, weight: 4 }, { arbitrary: mutated, weight: 5 }, { arbitrary: anyValue, weight: 1 });

test(`every props either synthesizes a schema-valid stack or throws HaVipValidationError (${NUM_RUNS} runs)`, () => {
  let synthesized = 0;
  let rejected = 0;
  fc.assert(
    fc.property(propsArb, (props) => {
      const stack = new TerraformStack(Testing.app({ outdir: OUTDIR }), 'stack');
      new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
      let json: string;
      try {
        new HaVipCluster(stack, 'web', props as HaVipClusterProps);
        json = Testing.synth(stack);
      } catch (e) {
        if (e instanceof HaVipValidationError) {
          rejected++;
          expect(e.findings.length).toBeGreaterThan(0);
          return;
        }
        throw e;
      }
      synthesized++;
      expect(formatProblems(checkAgainstSchema(json, SCHEMA))).toBe('');
    }),
    { numRuns: NUM_RUNS },
  );
  // Both outcomes are exercised, not only the error path.
  expect(synthesized).toBeGreaterThan(NUM_RUNS / 5);
  expect(rejected).toBeGreaterThan(NUM_RUNS / 5);
});
