// Property: whatever the props (valid, one field wrong, non-plain objects, holes, getters, any
// Unicode, two clusters side by side, or anything at all), HaVipCluster either synthesizes a stack
// that fits the provider schema, or throws HaVipValidationError. Never a TypeError, never another
// exception. What is accepted holds up: no unsafe character and no value a getter handed out
// later reaches the synthesized JSON or a boot script, the app-wide rules hold across clusters,
// every boot script passes `sh -n` and every keepalived.conf real `keepalived --config-test`
// (checked in one batch after the runs). 1,000 runs with CI=true; HAVIP_PROPERTY_RUNS overrides.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import * as fc from 'fast-check';
import { AlicloudProvider, HAVIP_ADDRESS_PLACEHOLDER, HaVipCluster, type HaVipClusterProps } from '../lib';
import { UNSAFE_CHAR } from '../lib/rules/strings';
import { HaVipValidationError } from '../lib/validation-error';
import { inCi, keepalivedConfigTestMany, keepalivedConfigTestUnavailable } from './support/keepalived-config-test';
import { checkAgainstSchema, formatProblems, loadDefaultSchema } from './support/schema-check';
import { memberScripts, resourcesOf, type SynthDoc } from './support/synth';

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
    delivery: fc.constantFrom(undefined, undefined, 'user-data'),
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
    delivery: v.delivery,
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
  'eip', 'eip.bandwidth', 'eip.allocationId', 'limits', 'limits.membersPerHaVip', 'delivery', 'deploymentSet', 'extra',
];
// Values that are not plain data: each must be rejected, never read as an empty object.
class Options {
  readonly vpcId = 'vpc-1';
}
const nonPlain = fc.constantFrom(
  () => new Map([['allocationId', 'eip-1']]),
  () => new Set(['eth1']),
  () => new Date(0),
  () => new Options(),
  () => Object.create({ ipAddress: '192.168.0.24' }),
  () => Object('text'),
  () => new Proxy({ privateIp: '192.168.0.25' }, {}),
  () => /x/,
  () => () => 'vpc-1',
).map((make) => make());

const mutated = fc
  .tuple(validProps, fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.oneof(anyValue, nonPlain)), { minLength: 1, maxLength: 3 }))
  .map(([props, edits]) => edits.reduce((p, [field, value]) => setPath(p, field.split('.'), value), props));

/** A valid object (props, or one of its objects) wrapped in a Proxy: rejected whatever it holds. */
const OBJECT_FIELDS = ['', 'havip', 'nodes', 'nodes.0', 'instance', 'keepalived', 'eip'];
const proxied = fc.tuple(validProps, fc.constantFrom(...OBJECT_FIELDS)).map(([props, field]) => {
  if (field === '') return new Proxy(props, {});
  const parts = field.split('.');
  let target: unknown = props;
  for (const part of parts) target = (target as Record<string, unknown> | undefined)?.[part];
  return setPath(props, parts, typeof target === 'object' && target !== null ? new Proxy(target, {}) : new Proxy({}, {}));
});

/** A hole in nodes or ingress: always an error at its own index. */
const sparse = fc.tuple(validProps, fc.nat(), fc.constantFrom('nodes', 'ingress')).map(([props, at, key]) => {
  const list = [...((props[key] as unknown[] | undefined) ?? [{ protocol: 'all', sourceCidr: '10.0.0.0/8' }])];
  delete list[at % list.length];
  return { ...props, [key]: list };
});

/**
 * A getter on a valid field: the first read gets the valid value, every later one a value that
 * must never reach Terraform or a boot script (EVIL). The snapshot reads it exactly once.
 */
const EVIL = 'EVIL_SECOND_READ';
const GETTER_FIELDS = ['vpcId', 'vswitchId', 'havip.name', 'nodes.0.privateIp', 'nodes.1.priority', 'instance.instanceType', 'keepalived.virtualRouterId', 'keepalived.interface'];
const reads = { count: 0 };
const withGetter = fc.tuple(validProps, fc.constantFrom(...GETTER_FIELDS)).map(([props, field]) => {
  const parts = field.split('.');
  const parentParts = parts.slice(0, -1);
  const key = parts[parts.length - 1];
  let parent: unknown = props;
  for (const part of parentParts) parent = (parent as Record<string, unknown> | undefined)?.[part];
  if (typeof parent !== 'object' || parent === null) return props;
  const first = (parent as Record<string, unknown>)[key];
  const copy: Record<string, unknown> = Array.isArray(parent) ? ([...parent] as never) : { ...parent };
  let own = 0;
  Object.defineProperty(copy, key, {
    enumerable: true,
    get() {
      own++;
      reads.count = Math.max(reads.count, own);
      return own === 1 ? first : typeof first === 'number' ? 9999 : `${EVIL}; reboot`;
    },
  });
  return parentParts.length === 0 ? copy : setPath(props, parentParts, copy);
});

/** Characters of every general category, unassigned and lone surrogates included. */
const codePoint = fc.oneof(
  fc.constantFrom('\u0000', '\n', '\u007f', '\u0085', '\u00ad', '\u061c', '\u200b', '\u200d', '\u2028', '\u2029', '\u202e', '\u2066', '\u206a', '\u206f', '\ufeff', '\ufff9', '\ue000', '\u0378', '\ud800', '\udfff', '\u{E0001}', '\u{E0041}', '\u{F0000}', '\u00a0', '\u3000', '中', 'é', '\u{1F600}'),
  fc.integer({ min: 0, max: 0x10ffff }).map((n) => String.fromCodePoint(n)),
  fc.constantFrom('a', 'b', '-', '.'),
);
const unicodeText = fc.array(codePoint, { minLength: 1, maxLength: 6 }).map((chars) => `w${chars.join('')}`);
const TEXT_FIELDS = ['vpcId', 'havip.name', 'havip.description', 'nodes.1.name', 'instance.namePrefix', 'instance.keyName', 'instance.tags.team', 'eip.name', 'keepalived.interface', 'keepalived.authPass'];
const unicode = fc
  .tuple(validProps, fc.constantFrom(...TEXT_FIELDS), unicodeText)
  .map(([props, field, text]) => setPath(props, field.split('.'), text));

/** A second cluster beside the first: same or other vSwitch, VPC and router id, overlapping addresses. */
const secondCluster = fc
  .record({
    vpcId: fc.constantFrom('vpc-1', 'vpc-2'),
    vswitchId: fc.constantFrom('vsw-1', 'vsw-2'),
    vrid: fc.integer({ min: 1, max: 3 }),
    hosts: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 3, maxLength: 3 }),
  })
  .map(({ vpcId, vswitchId, vrid, hosts }) => ({
    vpcId,
    vswitchId,
    vswitchCidrBlock: '192.168.0.0/24',
    havip: { ipAddress: `192.168.0.${hosts[0]}` },
    nodes: hosts.slice(1).map((h) => ({ privateIp: `192.168.0.${h}` })),
    instance: { instanceType: 'ecs.g7.large', imageId: 'aliyun_3_x64_20G_alibase_20221102.vhd' },
    keepalived: { virtualRouterId: vrid },
  }));
const twoClusters = fc.tuple(
  validProps.map((p) => ({ ...p, keepalived: { ...(p.keepalived as object), virtualRouterId: 1 + ((p.keepalived as { virtualRouterId: number }).virtualRouterId % 3) } })),
  secondCluster,
);

type Layout = { readonly first: unknown; readonly second?: Record<string, unknown> };
const layout: fc.Arbitrary<Layout> = fc.oneof(
  { arbitrary: validProps.map((first) => ({ first })), weight: 4 },
  { arbitrary: mutated.map((first) => ({ first })), weight: 4 },
  { arbitrary: fc.oneof(proxied, sparse).map((first) => ({ first })), weight: 1 },
  { arbitrary: withGetter.map((first) => ({ first })), weight: 1 },
  { arbitrary: unicode.map((first) => ({ first })), weight: 2 },
  { arbitrary: twoClusters.map(([first, second]) => ({ first, second })), weight: 2 },
  { arbitrary: anyValue.map((first) => ({ first })), weight: 1 },
);

/** An unsafe character other than the newlines that end a script's lines. */
const UNSAFE_IN_LINE = new RegExp(`(?!\\n)${UNSAFE_CHAR.source}`, 'u');

/** Every string inside a parsed JSON document. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => [k, ...stringsOf(v)]);
  return [];
}

/** The app-wide rules, restated over what was synthesized: one address per vSwitch, one VPC per vSwitch, distinct router ids per VPC. */
function expectAppRulesHold(doc: SynthDoc, clusters: readonly { vpcId: string; vswitchId: string; virtualRouterId: number }[]): void {
  const addresses = [
    ...resourcesOf(doc, 'alicloud_instance').map((r) => `${r.vswitch_id} ${r.private_ip}`),
    ...resourcesOf(doc, 'alicloud_havip').filter((r) => r.ip_address !== undefined).map((r) => `${r.vswitch_id} ${r.ip_address}`),
  ];
  expect(new Set(addresses).size).toBe(addresses.length);
  const vpcOf = new Map<string, string>();
  for (const c of clusters) {
    expect(vpcOf.get(c.vswitchId) ?? c.vpcId).toBe(c.vpcId);
    vpcOf.set(c.vswitchId, c.vpcId);
  }
  const vrids = clusters.map((c) => `${c.vpcId} ${c.virtualRouterId}`);
  expect(new Set(vrids).size).toBe(vrids.length);
}

const CONFIG_TEST_UNAVAILABLE = keepalivedConfigTestUnavailable();
const accepted = { configs: new Set<string>(), scripts: new Set<string>() };

test(`every props either synthesizes a schema-valid stack or throws HaVipValidationError (${NUM_RUNS} runs)`, () => {
  let synthesized = 0;
  let rejected = 0;
  const kinds = { twoClusters: 0, getters: 0 };
  fc.assert(
    fc.property(layout, ({ first, second }) => {
      reads.count = 0;
      const stack = new TerraformStack(Testing.app({ outdir: OUTDIR }), 'stack');
      new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
      let json: string;
      const clusters: HaVipCluster[] = [];
      try {
        clusters.push(new HaVipCluster(stack, 'web', first as HaVipClusterProps));
        if (second) clusters.push(new HaVipCluster(stack, 'db', second as unknown as HaVipClusterProps));
        json = Testing.synth(stack);
      } catch (e) {
        if (e instanceof HaVipValidationError) {
          rejected++;
          expect(e.findings.length).toBeGreaterThan(0);
          expect(e.message.split('\n')).toHaveLength(e.findings.length + 1); // one line per error, none forged
          expect(reads.count).toBeLessThanOrEqual(1);
          return;
        }
        throw e;
      }
      synthesized++;
      expect(reads.count).toBeLessThanOrEqual(1);
      if (second) kinds.twoClusters++;
      if (reads.count === 1) kinds.getters++;
      expect(formatProblems(checkAgainstSchema(json, SCHEMA))).toBe('');
      const doc = JSON.parse(json) as SynthDoc;
      // What each member runs: user_data, and under Cloud Assistant delivery its configure, start and settle commands.
      const members = memberScripts(doc);
      const scripts = members.flatMap((m) => [m.userData, m.configure?.script, m.start, m.settle].filter((t): t is string => t !== undefined));
      const leaked = [...stringsOf(doc), ...scripts].filter((text) => UNSAFE_IN_LINE.test(text) || text.includes(EVIL));
      expect(leaked).toEqual([]);
      expectAppRulesHold(doc, clusters);
      // An allocated address is a placeholder until apply: test with an address in its place.
      const configs = clusters[0].keepalivedConfigs.map((c) => c.split(HAVIP_ADDRESS_PLACEHOLDER).join('192.168.0.252'));
      accepted.configs.add(configs[0]);
      // sh -n for the first and the last member: the others run the same scripts around their own config.
      for (const m of [members[0], members[members.length - 1]]) {
        for (const script of [m.userData, m.configure?.script, m.start, m.settle]) if (script !== undefined) accepted.scripts.add(script);
      }
    }),
    { numRuns: NUM_RUNS },
  );
  // Every outcome is exercised, not only the error path.
  expect(synthesized).toBeGreaterThan(NUM_RUNS / 5);
  expect(rejected).toBeGreaterThan(NUM_RUNS / 5);
  expect(kinds.twoClusters).toBeGreaterThan(0);
  expect(kinds.getters).toBeGreaterThan(0);
});

test("every accepted input renders scripts (its first and last member's) that sh -n accepts", () => {
  expect(accepted.scripts.size).toBeGreaterThan(0);
  const dir = fs.mkdtempSync(path.join(OUTDIR, 'scripts-'));
  [...accepted.scripts].forEach((script, i) => fs.writeFileSync(path.join(dir, `${i}.sh`), script));
  const check = spawnSync('sh', ['-c', 'for f in "$1"/*.sh; do sh -n "$f" || echo "FAILED $f"; done', 'sh', dir], { encoding: 'utf8', timeout: 120_000 });
  expect({ status: check.status, stdout: check.stdout, stderr: check.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
});

const withKeepalived = CONFIG_TEST_UNAVAILABLE && !inCi() ? test.skip : test;
withKeepalived("every accepted input renders a keepalived.conf (its first member's) that real keepalived --config-test accepts", () => {
  expect(accepted.configs.size).toBeGreaterThan(0);
  const configs = [...accepted.configs];
  const results = keepalivedConfigTestMany(configs);
  expect(results).toHaveLength(configs.length);
  const failed = results.map((r, i) => ({ ...r, config: configs[i] })).filter((r) => r.exitCode !== 0 || r.output !== '');
  expect(failed.slice(0, 3)).toEqual([]);
});
