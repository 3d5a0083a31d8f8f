// Day 2 (issue 10): what a change to a running cluster does, read from the synthesized JSON only.
import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
import { AlicloudProvider, HaVipCluster, HaVipClusterProps } from '../lib';
import { renderBootScript } from '../lib/boot-script';
import { HAVIP_ADDRESS_PLACEHOLDER } from '../lib/keepalived';
import { CONFIGURE_TIMEOUT_SECONDS, renderInstallScript } from '../lib/member-scripts';
import { INVOCATION_MARGIN_SECONDS } from '../lib/havip-member';
import { describeWithTerraform, setupJest } from '../lib/testing';
import { CLUSTER_CASES, GUIDE_PROPS, ON_DEMAND, clusterStack } from './support/cluster-cases';
import { DependencyGraph } from './support/graph';
import { checkAgainstSchema } from './support/schema-check';
import { decodeUserData, memberScripts, ref, resourcesOf, SynthDoc, synthJson } from './support/synth';

setupJest();

/** The construct id of the member at 192.168.0.(24 + n): V1's node n (ids come from the address). */
const m = (n: number) => `member-192-168-0-${24 + n}`;

const synth = (props: HaVipClusterProps): SynthDoc => synthJson(clusterStack(props).stack);
const keepalived = (patch: Partial<HaVipClusterProps['keepalived']>) => (p: HaVipClusterProps): HaVipClusterProps => ({
  ...p,
  keepalived: { ...p.keepalived, ...patch },
});

/** Version 1 of the cluster: three members with a health check, on on-demand instances (so in a deployment set). */
const V1: HaVipClusterProps = {
  ...ON_DEMAND,
  nodes: [
    { privateIp: '192.168.0.25', priority: 100 },
    { privateIp: '192.168.0.26', priority: 90 },
    { privateIp: '192.168.0.27', priority: 80 },
  ],
  keepalived: { virtualRouterId: 51, authPass: 'k33p4liv', healthCheck: { script: '/usr/bin/curl -fsS http://127.0.0.1:8000/' } },
};

// Every kind of change that lands in keepalived.conf, and membership.
const CHANGES: [string, (p: HaVipClusterProps) => HaVipClusterProps][] = [
  ['add a member', (p) => ({ ...p, nodes: [...p.nodes, { privateIp: '192.168.0.28', priority: 70 }] })],
  ['add a member with the highest priority', (p) => ({ ...p, nodes: [...p.nodes, { privateIp: '192.168.0.28', priority: 200 }] })],
  ['remove the last member', (p) => ({ ...p, nodes: p.nodes.slice(0, -1) })],
  ['priorities reversed', (p) => ({ ...p, nodes: p.nodes.map((n, i) => ({ ...n, priority: 10 + 10 * i })) })],
  ['advertInt', keepalived({ advertInt: 2 })],
  ['authPass', keepalived({ authPass: 'n3wp4ss%' })],
  ['authPass removed', keepalived({ authPass: undefined })],
  ['health check command and timing', keepalived({ healthCheck: { script: '/usr/bin/pidof nginx', interval: 5, fall: 3 } })],
  ['health check removed', keepalived({ healthCheck: undefined })],
  ['trackInterfaces', keepalived({ trackInterfaces: ['eth1'] })],
  ['virtualRouterId', keepalived({ virtualRouterId: 52 })],
  ['preempt', keepalived({ preempt: true, preemptDelay: 10 })],
  ['garp timers', keepalived({ garpMasterDelay: 2, garpMasterRefresh: 10 })],
  ['HaVip address', (p) => ({ ...p, havip: { ...p.havip, ipAddress: '192.168.0.99' } })],
  ['HaVip address allocated by Alibaba instead', (p) => ({ ...p, havip: { name: 'allocated' } })],
];

describe('(i) a keepalived change or a new member never changes an existing instance', () => {
  for (const [base, v1] of [['on-demand, deployment set', V1], ['spot, no deployment set', { ...V1, instance: GUIDE_PROPS.instance }]] as const) {
    test.each(CHANGES)(`${base}: %s`, (_name, change) => {
      const before = synth(v1);
      const after = synth(change(v1));
      const kept = Object.keys(after.resource.alicloud_instance).filter((key) => key in before.resource.alicloud_instance);
      expect(kept.length).toBeGreaterThanOrEqual(Math.min(v1.nodes.length, change(v1).nodes.length));
      for (const key of kept) {
        expect(JSON.stringify(after.resource.alicloud_instance[key])).toBe(JSON.stringify(before.resource.alicloud_instance[key]));
        const attachment = key.replace('_instance_', '_attachment_').replace(/_[0-9A-F]{8}$/, '');
        const attachmentKey = (doc: SynthDoc) => Object.keys(doc.resource.alicloud_havip_attachment).find((k) => k.startsWith(attachment));
        expect(JSON.stringify(after.resource.alicloud_havip_attachment[attachmentKey(after)!])).toBe(
          JSON.stringify(before.resource.alicloud_havip_attachment[attachmentKey(before)!]),
        );
      }
    });
  }

  test.each(CHANGES.filter(([name]) => !name.startsWith('add') && !name.startsWith('remove')))(
    '%s: reaches every member through a new configure command (a new command id re-runs the invocation)',
    (_name, change) => {
      const before = memberScripts(synth(V1));
      const after = memberScripts(synth(change(V1)));
      after.forEach((member, i) => expect(member.configure!.script).not.toBe(before[i].configure!.script));
    },
  );
});

describe('(ii) the synthesized dependencies give the orders of issue 10', () => {
  // Priorities not in node order: first node 3 (150), then node 1 (100), then node 2 (50).
  const PROPS: HaVipClusterProps = {
    ...V1,
    nodes: [
      { privateIp: '192.168.0.25', priority: 100 },
      { privateIp: '192.168.0.26', priority: 50 },
      { privateIp: '192.168.0.27', priority: 150 },
    ],
  };
  const doc = synth(PROPS);
  const graph = new DependencyGraph(doc);
  const start = (n: number) => graph.one('alicloud_ecs_invocation', `_${m(n)}_start_`);
  const configure = (n: number) => graph.one('alicloud_ecs_invocation', `_${m(n)}_configure_`);
  const settle = (n: number) => graph.one('alicloud_ecs_invocation', `_${m(n)}_settle_`);
  const instance = (n: number) => graph.one('alicloud_instance', `_${m(n)}_instance_`);

  test('no cycle', () => {
    expect(graph.hasCycle()).toBe(false);
  });

  test('(c) first creation: members start one after another in priority order, each after every configure', () => {
    expect(graph.dependsOn(start(1), start(3))).toBe(true);
    expect(graph.dependsOn(start(2), start(1))).toBe(true);
    expect(graph.dependsOn(start(3), start(1))).toBe(false);
    expect(graph.dependsOn(start(3), start(2))).toBe(false);
    expect(graph.dependsOn(start(1), start(2))).toBe(false);
    for (const n of [1, 2, 3]) {
      for (const m of [1, 2, 3]) expect(graph.dependsOn(start(n), configure(m))).toBe(true);
      // Each runs on its own instance.
      expect(graph.edges.get(start(n))).toContain(instance(n));
      expect(graph.edges.get(configure(n))).toContain(instance(n));
    }
  });

  test('(a) a new member starts only after every existing member ran the configure command that lists it', () => {
    const v2 = { ...PROPS, nodes: [...PROPS.nodes, { privateIp: '192.168.0.28', priority: 120 }] };
    const doc2 = synth(v2);
    const graph2 = new DependencyGraph(doc2);
    const newStart = graph2.one('alicloud_ecs_invocation', `_${m(4)}_start_`);
    const before = memberScripts(doc);
    memberScripts(doc2).forEach((member, i) => {
      if (i < 3) {
        // Its configure command changed (ForceNew: a new command, a new invocation) and lists the newcomer.
        expect(member.configure!.script).not.toBe(before[i].configure!.script);
        expect(member.configure!.script).toMatch(/unicast_peer \{[^}]*192\.168\.0\.28\n/);
      }
      expect(graph2.dependsOn(newStart, graph2.one('alicloud_ecs_invocation', `_${m(i + 1)}_configure_`))).toBe(true);
    });
    // Existing start invocations are untouched (they already ran); only the newcomer starts.
    for (const n of [1, 2, 3]) {
      const key = (d: SynthDoc) => Object.entries(d.resource.alicloud_ecs_invocation).find(([k]) => k.includes(`_${m(n)}_start_`))!;
      expect(key(doc2)[1].command_id).toBe(key(doc)[1].command_id);
      expect(key(doc2)[1].instance_id).toEqual(key(doc)[1].instance_id);
    }
    expect(new DependencyGraph(doc2).hasCycle()).toBe(false);
  });

  test('(b) no two instances can be stopped together: each waits until the one before is back and settled', () => {
    for (const [a, b] of [[1, 2], [1, 3], [2, 3]]) {
      // b's instance (and so its stop/start) waits for a's settle, which runs on a's updated instance.
      expect(graph.dependsOn(instance(b), settle(a))).toBe(true);
      expect(graph.dependsOn(settle(a), instance(a))).toBe(true);
      expect(graph.dependsOn(instance(a), instance(b))).toBe(false);
    }
  });

  test('an instance update re-runs its configure and settle invocations (replace_triggered_by), never its start', () => {
    const invocations = doc.resource.alicloud_ecs_invocation;
    for (const n of [1, 2, 3]) {
      const body = (role: string) => Object.entries(invocations).find(([k]) => k.includes(`_${m(n)}_${role}_`))![1];
      const own = instance(n);
      expect(body('configure').lifecycle).toEqual({ replace_triggered_by: [own] });
      expect(body('settle').lifecycle).toEqual({ replace_triggered_by: [own] });
      expect(body('start').lifecycle).toBeUndefined();
    }
  });

  test('(d) removing a member re-delivers the others a config without it', () => {
    const doc2 = synth({ ...PROPS, nodes: PROPS.nodes.slice(0, 2) });
    const before = memberScripts(doc);
    memberScripts(doc2).forEach((member, i) => {
      expect(member.configure!.script).not.toBe(before[i].configure!.script);
      expect(member.configure!.script).not.toContain('192.168.0.27');
    });
  });

  test('(d) removing the first member keeps the others: same addresses, same instance arguments, nothing replaced', () => {
    const doc2 = synth({ ...PROPS, nodes: PROPS.nodes.slice(1) });
    const { depends_on: _before, ...kept } = doc.resource.alicloud_instance[graph.one('alicloud_instance', `_${m(2)}_instance_`).split('.')[1]];
    const graph2 = new DependencyGraph(doc2);
    for (const n of [2, 3]) {
      const key = (g: DependencyGraph) => g.one('alicloud_instance', `_${m(n)}_instance_`).split('.')[1];
      // depends_on orders the apply and is no argument: Terraform plans no change for it. The default
      // name `<prefix>-<position>` follows the node's position: renamed in place, no stop (only
      // user_data, host_name and password make the provider reboot: README "Changing a running cluster").
      const strip = (d: SynthDoc, g: DependencyGraph) => {
        const { depends_on: _ignored, instance_name: _renamed, ...rest } = d.resource.alicloud_instance[key(g)];
        return rest;
      };
      expect(strip(doc2, graph2)).toEqual(strip(doc, graph));
    }
    expect(Object.keys(doc2.resource.alicloud_instance)).toHaveLength(2);
    expect(kept.private_ip).toBe('192.168.0.26');
  });

  test('timeouts fit: the invocation waits past the command timeout; the command outlasts the settle time and an install', () => {
    const commands = doc.resource.alicloud_ecs_command;
    const configureCommand = Object.entries(commands).find(([k]) => k.includes(`_${m(1)}_configure-command_`))![1];
    expect(configureCommand.timeout).toBe(CONFIGURE_TIMEOUT_SECONDS);
    expect(CONFIGURE_TIMEOUT_SECONDS).toBeGreaterThanOrEqual(600);
    const startCommand = Object.entries(commands).find(([k]) => k.includes('_start-command_'))![1];
    // 3 x 1 s + (256 - 50)/256 s + 1 s, rounded up: 5 s of settling, plus the systemctl calls.
    expect(memberScripts(doc)[0].start).toContain('sleep 5\n');
    expect(startCommand.timeout).toBe(65);
    for (const [key, invocation] of Object.entries(doc.resource.alicloud_ecs_invocation)) {
      const timeout = key.includes('_configure_') ? CONFIGURE_TIMEOUT_SECONDS : 65;
      expect(invocation.timeouts).toEqual({ create: `${timeout + INVOCATION_MARGIN_SECONDS}s` });
    }
  });
});

describe('the HaVip address reaches the scripts only as the HaVip resource attribute', () => {
  test("a variable's raw value never reaches any script: the scripts read alicloud_havip.ip_address", () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
    const vip = new TerraformVariable(stack, 'vip', { type: 'string', default: '192.168.0.24' });
    const cluster = new HaVipCluster(stack, 'web', { ...GUIDE_PROPS, havip: { ipAddress: vip.stringValue } });
    const doc = synthJson(stack);
    expect(resourcesOf(doc, 'alicloud_havip')[0].ip_address).toBe('${var.vip}');
    for (const member of memberScripts(doc)) {
      expect(member.userData).toBe(renderInstallScript());
      expect(member.configure!.placeholder).toBe(HAVIP_ADDRESS_PLACEHOLDER);
      expect(`\${${member.configure!.reference}}`).toBe(ref(cluster.havip, 'ip_address'));
    }
    const scripts = [...resourcesOf(doc, 'alicloud_ecs_command').map((c) => c.command_content), ...resourcesOf(doc, 'alicloud_instance').map((i) => i.user_data)];
    expect(JSON.stringify(scripts)).not.toContain('var.');
    expect(checkAgainstSchema(doc)).toEqual([]);
  });

  test('the same under user-data delivery', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
    const vip = new TerraformVariable(stack, 'vip', { type: 'string', default: '192.168.0.24' });
    const cluster = new HaVipCluster(stack, 'web', { ...GUIDE_PROPS, delivery: 'user-data', havip: { ipAddress: vip.stringValue } });
    for (const instance of resourcesOf(synthJson(stack), 'alicloud_instance')) {
      const decoded = decodeUserData(instance.user_data);
      expect(`\${${decoded.reference}}`).toBe(ref(cluster.havip, 'ip_address'));
      expect(JSON.stringify(instance.user_data)).not.toContain('var.');
    }
  });
});

describe("delivery: 'user-data' (images without the Cloud Assistant agent)", () => {
  const PROPS: HaVipClusterProps = { ...V1, delivery: 'user-data', nodes: [{ privateIp: '192.168.0.25', priority: 10 }, { privateIp: '192.168.0.26', priority: 100 }] };
  const { stack, cluster } = clusterStack(PROPS);
  const doc = synthJson(stack);

  test('the whole boot script in user_data, no Cloud Assistant resources', () => {
    expect(doc.resource.alicloud_ecs_command).toBeUndefined();
    expect(doc.resource.alicloud_ecs_invocation).toBeUndefined();
    resourcesOf(doc, 'alicloud_instance').forEach((instance, i) => {
      expect(decodeUserData(instance.user_data).script).toBe(
        renderBootScript({ keepalivedConfig: cluster.keepalivedConfigs[i], healthCheck: { path: '/etc/keepalived/havip-health-check.sh', command: V1.keepalived.healthCheck!.script }, scriptUser: 'root' }),
      );
    });
    expect(cluster.members.every((m) => m.configure === undefined && m.start === undefined && m.settle === undefined)).toBe(true);
  });

  test('instances are created in priority order, one after another', () => {
    const graph = new DependencyGraph(doc);
    const instance = (n: number) => graph.one('alicloud_instance', `_${m(n)}_instance_`);
    expect(graph.dependsOn(instance(1), instance(2))).toBe(true);
    expect(graph.dependsOn(instance(2), instance(1))).toBe(false);
  });

  test('a synth warning says what a change then does', () => {
    const warnings = cluster.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining('delivery = "user-data": every keepalived change')]);
    expect(warnings[0]).toContain('the provider then stops and starts the members and the changed script is not run again');
  });
});

describe('deployment set', () => {
  test('on-demand members: a new deployment set with strategy Availability holds every member', () => {
    const { stack, cluster } = clusterStack(ON_DEMAND);
    const doc = synthJson(stack);
    expect(resourcesOf(doc, 'alicloud_ecs_deployment_set')).toEqual([
      { strategy: 'Availability', description: 'HaVip cluster members, each on its own physical host' },
    ]);
    for (const instance of resourcesOf(doc, 'alicloud_instance')) {
      expect(instance.deployment_set_id).toBe(ref(cluster.deploymentSet!, 'id'));
    }
  });

  test('an existing deployment set by id', () => {
    const doc = synth({ ...ON_DEMAND, deploymentSet: { id: 'ds-bp1existing' } });
    expect(doc.resource.alicloud_ecs_deployment_set).toBeUndefined();
    expect(resourcesOf(doc, 'alicloud_instance').map((i) => i.deployment_set_id)).toEqual(['ds-bp1existing', 'ds-bp1existing']);
  });

  test('opted out', () => {
    const doc = synth({ ...ON_DEMAND, deploymentSet: { enabled: false } });
    expect(doc.resource.alicloud_ecs_deployment_set).toBeUndefined();
    expect(resourcesOf(doc, 'alicloud_instance').every((i) => !('deployment_set_id' in i))).toBe(true);
  });

  test('spot members: none, and an info says why', () => {
    const { stack, cluster } = clusterStack(GUIDE_PROPS);
    expect(synthJson(stack).resource.alicloud_ecs_deployment_set).toBeUndefined();
    const infos = cluster.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => String(m.data));
    expect(infos).toContainEqual(expect.stringContaining('instance.spotStrategy = "SpotWithPriceLimit": spot instances get no deployment set'));
  });
});

test('synth infos: what a router id change costs, and what Terraform cannot order', () => {
  const { cluster } = clusterStack(V1);
  const infos = cluster.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => String(m.data));
  expect(infos).toContainEqual(expect.stringContaining('keepalived.virtualRouterId = 51: changing it on a running cluster'));
  expect(infos).toContainEqual(expect.stringContaining('nodes = 3: a change that replaces every member at once'));
  expect(cluster.node.metadata.filter((m) => m.type === '@cdktf/warn')).toEqual([]);
});

test.each(Object.entries(CLUSTER_CASES))('%s: every resource fits the provider schema (real Terraform plans it in havip-cluster-real)', (_name, props) => {
  expect(checkAgainstSchema(synth(props))).toEqual([]);
});

test.each(CHANGES)('version 2 after "%s" fits the provider schema', (_name, change) => {
  expect(checkAgainstSchema(synth(change(V1)))).toEqual([]);
});

describeWithTerraform('real Terraform plans version 1 and version 2 of the membership changes, offline', () => {
  const PLANNED = ['add a member with the highest priority', 'remove the last member', 'HaVip address allocated by Alibaba instead'];
  test('version 1', () => {
    expect(clusterStack(V1).stack).toPlanOffline();
  }, 60_000);
  test.each(CHANGES.filter(([name]) => PLANNED.includes(name)))('%s', (_name, change) => {
    expect(clusterStack(change(V1)).stack).toPlanOffline();
  }, 60_000);
});
