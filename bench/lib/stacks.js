// The stacks the bench times, built from the compiled package in dist/ (what users run):
// (a) HaVipCluster, (b) the same resources written by hand with the generated bindings.
'use strict';
const path = require('node:path');
const { App, TerraformStack, TerraformVariable } = require('cdktf');
const { Construct } = require('constructs');

const DIST = path.resolve(__dirname, '../../dist/lib');
const GEN = path.join(DIST, 'gen/providers/alicloud');

/** The package's public entry (dist/lib/index.js): HaVipCluster and the re-exported bindings. */
function loadPackage() {
  return require(DIST);
}

/** The generated bindings, loaded directly (the hand-written stack never touches the construct). */
function loadBindings() {
  return {
    AlicloudProvider: require(path.join(GEN, 'provider')).AlicloudProvider,
    Havip: require(path.join(GEN, 'havip')).Havip,
    HavipAttachment: require(path.join(GEN, 'havip-attachment')).HavipAttachment,
    Instance: require(path.join(GEN, 'instance')).Instance,
    EcsCommand: require(path.join(GEN, 'ecs-command')).EcsCommand,
    EcsInvocation: require(path.join(GEN, 'ecs-invocation')).EcsInvocation,
    SecurityGroup: require(path.join(GEN, 'security-group')).SecurityGroup,
    SecurityGroupRule: require(path.join(GEN, 'security-group-rule')).SecurityGroupRule,
  };
}

/** The pure renderers the construct calls (keepalived.conf and the member scripts). */
function loadRenderers() {
  return { keepalived: require(path.join(DIST, 'keepalived')), memberScripts: require(path.join(DIST, 'member-scripts')) };
}

function base64(text) {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * The scripts of each node, as base64 literals: the static install script (user_data), each node's
 * configure command, the cluster's start and settle commands, as HaVipCluster renders them for
 * these props (literal HaVip address), computed with the same pure renderers.
 */
function renderUserData(props, renderers) {
  const { keepalived, memberScripts } = renderers;
  const nodes = props.nodes.map((node, i) => ({ privateIp: node.privateIp, priority: node.priority ?? 100 - 10 * i }));
  const models = keepalived.clusterKeepalivedConfigs(props.keepalived, nodes, props.havip.ipAddress);
  const healthCheck = props.keepalived.healthCheck;
  const settle = memberScripts.settleSeconds(models[0].advertInt, models.map((m) => m.priority));
  return {
    userData: base64(memberScripts.renderInstallScript()),
    configure: models.map((model) =>
      base64(
        memberScripts.renderConfigureScript({
          keepalivedConfig: keepalived.renderKeepalivedConfig(model),
          healthCheck: healthCheck && { path: keepalived.HEALTH_CHECK_SCRIPT_PATH, command: healthCheck.script },
          scriptUser: model.scriptUser,
        }),
      ),
    ),
    configureTimeout: memberScripts.CONFIGURE_TIMEOUT_SECONDS,
    start: base64(memberScripts.renderStartScript(settle)),
    settle: base64(memberScripts.renderSettleScript(settle)),
    startTimeout: memberScripts.startTimeoutSeconds(settle),
    // Node indexes, highest priority first: the start order.
    priorityOrder: models.map((_, i) => i).sort((x, y) => models[y].priority - models[x].priority),
  };
}

/**
 * What a user who writes the cluster by hand types: every attribute a literal, user_data included
 * (like the guide's HCL, whose keepalived.conf files are written by hand). `path` is the cluster's
 * construct path, which HaVipCluster puts in the group's description.
 */
function literalSpec(props, id, clusterPath, scripts) {
  const namePrefix = props.instance.namePrefix ?? id;
  const { namePrefix: _omit, securityGroupIds = [], ...instance } = props.instance;
  return {
    vpcId: props.vpcId,
    vswitchId: props.vswitchId,
    havip: { ipAddress: props.havip.ipAddress, haVipName: props.havip.name, description: props.havip.description },
    securityGroupName: `${namePrefix}-havip`,
    securityGroupDescription: `Members of the HaVip cluster ${clusterPath}`,
    ingress: (props.ingress ?? []).map((rule) => ({
      ipProtocol: rule.protocol,
      portRange: rule.protocol === 'tcp' || rule.protocol === 'udp' ? `${rule.fromPort ?? rule.port}/${rule.toPort ?? rule.fromPort ?? rule.port}` : '-1/-1',
      cidrIp: rule.sourceCidr,
      description: rule.description,
    })),
    extraSecurityGroupIds: securityGroupIds,
    instance,
    scripts,
    nodes: props.nodes.map((node, i) => ({
      instanceName: node.name ?? `${namePrefix}-${i + 1}`,
      privateIp: node.privateIp,
    })),
  };
}

/** (b): the cluster's resources written with the bindings, from literal values. */
function handWrittenCluster(bindings, scope, id, spec) {
  const { Havip, HavipAttachment, Instance, SecurityGroup, SecurityGroupRule, EcsCommand, EcsInvocation } = bindings;
  const cluster = new Construct(scope, id);
  const havip = new Havip(cluster, 'havip', { vswitchId: spec.vswitchId, ...spec.havip });
  const group = new SecurityGroup(cluster, 'security-group', {
    vpcId: spec.vpcId,
    securityGroupName: spec.securityGroupName,
    description: spec.securityGroupDescription,
  });
  new SecurityGroupRule(cluster, 'members', {
    securityGroupId: group.id,
    type: 'ingress',
    ipProtocol: 'all',
    portRange: '-1/-1',
    nicType: 'intranet',
    policy: 'accept',
    priority: 1,
    sourceSecurityGroupId: group.id,
    description: 'VRRP and all traffic among the cluster members',
  });
  spec.ingress.forEach((rule, i) => {
    new SecurityGroupRule(cluster, `ingress-${i + 1}`, {
      securityGroupId: group.id,
      type: 'ingress',
      nicType: 'intranet',
      policy: 'accept',
      priority: 1,
      ...rule,
    });
  });
  const { scripts } = spec;
  const command = (scope, commandId, name, description, content, timeout) =>
    new EcsCommand(scope, commandId, { name, description, type: 'RunShellScript', commandContent: content, timeout, workingDir: '/root' });
  const start = command(cluster, 'start-command', 'havip-start', 'Starts keepalived on an HaVip cluster member once, then lets it settle', scripts.start, scripts.startTimeout);
  const settle = command(cluster, 'settle-command', 'havip-settle', 'Waits until keepalived on an HaVip cluster member is back and settled', scripts.settle, scripts.startTimeout);
  const address = (r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`;
  const members = spec.nodes.map((node, i) => {
    const memberId = `member-${node.privateIp.replace(/\./g, '-')}`;
    const member = new Construct(cluster, memberId);
    const instance = new Instance(member, 'instance', {
      ...spec.instance,
      instanceName: node.instanceName,
      vswitchId: spec.vswitchId,
      privateIp: node.privateIp,
      securityGroups: [group.id, ...spec.extraSecurityGroupIds],
      userData: scripts.userData,
    });
    const attachment = new HavipAttachment(member, 'attachment', { haVipId: havip.id, instanceId: instance.id, instanceType: 'EcsInstance' });
    const configureCommand = command(member, 'configure-command', `havip-configure-${memberId}`, 'Writes the keepalived config of one HaVip cluster member, tests it and reloads keepalived', scripts.configure[i], scripts.configureTimeout);
    const invoke = (invocationId, cmd, timeout, rerun) =>
      new EcsInvocation(member, invocationId, {
        commandId: cmd.id,
        instanceId: [instance.id],
        timeouts: { create: `${timeout + 120}s` },
        lifecycle: rerun ? { replaceTriggeredBy: [address(instance)] } : undefined,
      });
    const configure = invoke('configure', configureCommand, scripts.configureTimeout, true);
    const startInvocation = invoke('start', start, scripts.startTimeout, false);
    const settleInvocation = invoke('settle', settle, scripts.startTimeout, true);
    settleInvocation.dependsOn = [address(configure)];
    return { instance, attachment, configure, start: startInvocation, settle: settleInvocation };
  });
  const configured = members.map((m) => address(m.configure));
  scripts.priorityOrder.forEach((node, k) => {
    members[node].start.dependsOn = k === 0 ? configured : [...configured, address(members[scripts.priorityOrder[k - 1]].start)];
  });
  members.forEach((member, i) => {
    if (i > 0) member.instance.dependsOn = [address(members[i - 1].settle)];
  });
}

/** A stack with the provider, like examples/seed/main.ts; `vars` adds its two variables. */
function newStack(outdir, stackId, AlicloudProvider, vars) {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, stackId);
  new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
  if (!vars) return { app, stack };
  const vpcId = new TerraformVariable(stack, 'vpc_id', { type: 'string', default: 'vpc-bp1k******' });
  const vswitchId = new TerraformVariable(stack, 'vswitch_id', { type: 'string', default: 'vsw-bp1y******' });
  return { app, stack, vpcId: vpcId.stringValue, vswitchId: vswitchId.stringValue };
}

module.exports = { DIST, loadPackage, loadBindings, loadRenderers, renderUserData, literalSpec, handWrittenCluster, newStack, base64 };
