import { Annotations, DefaultTokenResolver, StringConcat, Token, Tokenization } from 'cdktf';
import { Construct } from 'constructs';
import { renderBootScript } from './boot-script';
import { ENI_INTERFACE_PLACEHOLDER, renderEniScript, ENI_MAC_PLACEHOLDER } from './eni-script';
import type { EcsNetworkInterface } from './gen/providers/alicloud/ecs-network-interface';
import type { EcsNetworkInterfaceAttachment } from './gen/providers/alicloud/ecs-network-interface-attachment';
import { EipAddress } from './gen/providers/alicloud/eip-address';
import { EipAssociation } from './gen/providers/alicloud/eip-association';
import { Havip } from './gen/providers/alicloud/havip';
import type { HavipAttachment } from './gen/providers/alicloud/havip-attachment';
import type { Instance } from './gen/providers/alicloud/instance';
import type { RouteEntry } from './gen/providers/alicloud/route-entry';
import { SecurityGroup } from './gen/providers/alicloud/security-group';
import { SecurityGroupRule, type SecurityGroupRuleConfig } from './gen/providers/alicloud/security-group-rule';
import { mixedCoreFinding } from './core-guard';
import { ConfigDelivery, HaVipClusterProps, IngressRule, SharedHaVipOptions } from './havip-cluster-props';
import { EcsCommand } from './gen/providers/alicloud/ecs-command';
import { EcsDeploymentSet } from './gen/providers/alicloud/ecs-deployment-set';
import { address, HaVipMember, MemberCommand, MemberDelivery, type ScriptSubstitution } from './havip-member';
import {
  CONFIGURE_TIMEOUT_SECONDS,
  ENI_CONFIGURE_TIMEOUT_SECONDS,
  renderConfigureScript,
  renderInstallScript,
  renderSettleScript,
  renderStartScript,
  settleSeconds,
  START_TIMEOUT_SECONDS,
} from './member-scripts';
import { checkCommandContentSizes, DEPLOYMENT_SET_SOURCE, SPOT_WITHOUT_DEPLOYMENT_SET, usesDeploymentSet } from './rules/delivery-rules';
import { sharedHealthChecks, sharedKeepalivedConfigs } from './keepalived';
import { havipAddressPlaceholder, renderMemberKeepalivedConfig } from './keepalived-conf';
import { HAVIP_CLUSTER_MARKER, HaVipAppChecks } from './havip-app-checks';
import { readClusterProps, type ClusterSnapshot } from './rules/cluster-rules';
import type { DerivedStrings } from './rules/derived-rules';
import { formatFinding, info, warning, type Finding } from './rules/finding';
import { checkUserDataSize } from './rules/instance-rules';
import type { HaVipLimits } from './rules/limits';
import { HaVipValidationError } from './validation-error';

const USER_DATA_DELIVERY_WARNING =
  'every keepalived change (members, priorities, advertInt, authPass, health check, addresses) changes user_data; ' +
  'the provider then stops and starts the members and the changed script is not run again, so the running config stays old';

/**
 * A high-availability service IP: an HaVip, 2..10 ECS members running Keepalived (configured and
 * reloaded through Cloud Assistant, or through user_data), their security group, a deployment set
 * and an optional EIP.
 */
export class HaVipCluster extends Construct {
  /** The first (or only) `alicloud_havip` resource. */
  public readonly havip: Havip;
  /** Every `alicloud_havip` resource, in `havips` order (one without `havips`). */
  public readonly havips: Havip[];
  /** Every HaVip's address, in `havips` order: literals given, or tokens when Alibaba allocates them. */
  public readonly havipIpAddresses: string[];
  /** Every HaVip's VRRP router id, in `havips` order. */
  public readonly virtualRouterIds: number[];
  /** The ECS instances the cluster created, in node order (none when the nodes are existing instances). */
  public readonly instances: Instance[];
  /** The first HaVip's association with each member, in node order (every one: `members[i].attachments`). */
  public readonly attachments: HavipAttachment[];
  /** The members' security group. */
  public readonly securityGroup: SecurityGroup;
  /** The ENI members, in node order, when `networkInterfaces` is given (else empty). */
  public readonly networkInterfaces: EcsNetworkInterface[];
  /** Each ENI's attachment to its node's instance, in node order (else empty). */
  public readonly networkInterfaceAttachments: EcsNetworkInterfaceAttachment[];
  /** The route entries to the HaVip, in `gateway.routes` order (else empty). */
  public readonly routeEntries: RouteEntry[];
  /** The EIP created for the HaVip, when `eip` asks for a new one. */
  public readonly eipAddress?: EipAddress;
  /** The EIP's association with the HaVip, when `eip` is given. */
  public readonly eipAssociation?: EipAssociation;
  /** The HaVip's address: the literal given, or a token resolved when Alibaba allocates it. */
  public readonly havipIpAddress: string;
  /** The keepalived.conf each node runs, in node order (with placeholders for allocated addresses). */
  public readonly keepalivedConfigs: string[];
  /** The VPC the cluster lives in. */
  public readonly vpcId: string;
  /** The first (or only) HaVip's VRRP router id. */
  public readonly virtualRouterId: number;
  /** The vSwitch of the HaVip and every node. */
  public readonly vswitchId: string;
  /** The quotas the cluster is checked against: `limits` merged over DEFAULT_HAVIP_LIMITS. */
  public readonly limits: HaVipLimits;
  /** One sub-construct per node, in node order: see memberId. */
  public readonly members: HaVipMember[];
  /** How the keepalived configs reach the members. */
  public readonly delivery: ConfigDelivery;
  /** The deployment set created for the members, unless an existing one is given or none is used. */
  public readonly deploymentSet?: EcsDeploymentSet;
  /** The deployment set id every member carries, when they are in one. */
  public readonly deploymentSetId?: string;

  constructor(scope: Construct, id: string, props: HaVipClusterProps) {
    super(scope, id);
    // Marks the construct for the app-wide checks (HaVipAppChecks): duck typing, no import cycle.
    Object.defineProperty(this, HAVIP_CLUSTER_MARKER, { value: true });
    const mixedCore = mixedCoreFinding(this);
    if (mixedCore) this.fail([mixedCore]);
    // From here on only the snapshot is read: every prop once, validated, frozen.
    const snapshot = this.validate(props);
    props = snapshot.props;
    const derived = snapshot.derived;
    this.vpcId = props.vpcId;
    this.vswitchId = props.vswitchId;
    // The snapshot has no error: a router id is given alone (`keepalived.virtualRouterId`) or per `havips` entry.
    const havipSpecs: SharedHaVipOptions[] = props.havips ?? [{ ...props.havip, virtualRouterId: props.keepalived.virtualRouterId! }];
    this.virtualRouterIds = havipSpecs.map((h) => h.virtualRouterId);
    this.virtualRouterId = this.virtualRouterIds[0];
    this.limits = snapshot.limits;
    HaVipAppChecks.ensureApplied(this);

    // The first HaVip keeps the id `havip`, so a cluster that gains HaVips keeps its first one.
    this.havips = havipSpecs.map(
      (h, k) =>
        new Havip(this, k === 0 ? 'havip' : `havip-${k + 1}`, {
          vswitchId: props.vswitchId,
          ipAddress: h.ipAddress,
          haVipName: h.name,
          description: h.description,
        }),
    );
    this.havip = this.havips[0];
    const literal = havipSpecs.map((h) => h.ipAddress !== undefined && !Token.isUnresolved(h.ipAddress));
    this.havipIpAddresses = havipSpecs.map((h, k) => h.ipAddress ?? this.havips[k].ipAddress);
    this.havipIpAddress = this.havipIpAddresses[0];

    const instance = props.instance;
    this.securityGroup = this.createSecurityGroup(derived, props);

    const eniMembers = props.networkInterfaces !== undefined;
    const gateway = props.gateway;
    const { virtualRouterId: _single, ...keepalivedShared } = props.keepalived;
    const models = sharedKeepalivedConfigs(
      eniMembers ? { ...keepalivedShared, interface: ENI_INTERFACE_PLACEHOLDER } : keepalivedShared,
      props.nodes,
      havipSpecs.map((h, k) => ({
        virtualIpAddress: literal[k] ? this.havipIpAddresses[k] : havipAddressPlaceholder(k),
        virtualRouterId: h.virtualRouterId,
        priorities: h.priorities,
        healthCheck: h.healthCheck,
      })),
    );
    this.keepalivedConfigs = models.map(renderMemberKeepalivedConfig);

    const healthChecks = sharedHealthChecks(keepalivedShared, havipSpecs).scripts.map(({ path, command }) => ({ path, command }));
    const prefixLength = eniMembers ? Number(String(props.vswitchCidrBlock).split('/')[1]) : 0;
    const scriptOptions = (i: number) => ({
      keepalivedConfig: this.keepalivedConfigs[i],
      healthChecks,
      scriptUser: models[i].scriptUser,
      // ENI members: the ENI found by its MAC (Terraform puts it in), configured when the image has not.
      eniScript: eniMembers
        ? renderEniScript({ mac: ENI_MAC_PLACEHOLDER, address: props.nodes[i].privateIp, prefixLength, forwarding: gateway !== undefined })
        : undefined,
      ipForward: gateway !== undefined,
    });
    // An address Alibaba allocates, or one given as a token, reaches the scripts only as the HaVip
    // resource's own attribute, never as the user's token.
    const substitutions: ScriptSubstitution[] = havipSpecs.flatMap((_, k) =>
      literal[k] ? [] : [{ placeholder: havipAddressPlaceholder(k), value: this.havips[k].ipAddress }],
    );
    // The first HaVip's priorities order the members' start (the others' are its rotations).
    const priorities = models.map((m) => m.instances[0].priority);
    /** Node indexes, highest priority first. */
    const priorityOrder = priorities.map((_, i) => i).sort((a, b) => priorities[b] - priorities[a]);

    this.delivery = props.delivery ?? 'cloud-assistant';
    if (usesDeploymentSet(props)) {
      if (props.deploymentSet?.id === undefined) {
        this.deploymentSet = new EcsDeploymentSet(this, 'deployment-set', {
          strategy: 'Availability',
          description: 'HaVip cluster members, each on its own physical host',
        });
      }
      this.deploymentSetId = props.deploymentSet?.id ?? this.deploymentSet!.id;
    }

    let delivery: ((i: number) => MemberDelivery) | undefined;
    if (this.delivery === 'cloud-assistant') {
      const allPriorities = models.flatMap((m) => m.instances.map((vrrp) => vrrp.priority));
      const settle = settleSeconds(models[0].instances[0].advertInt, allPriorities);
      const configureScripts = props.nodes.map((_, i) => renderConfigureScript(scriptOptions(i), settle));
      const commands = this.createSharedCommands();
      const configureTimeoutSeconds = eniMembers ? ENI_CONFIGURE_TIMEOUT_SECONDS : CONFIGURE_TIMEOUT_SECONDS;
      delivery = (i) => ({ ...commands, configureScript: configureScripts[i], configureTimeoutSeconds });
      const tooLarge = checkCommandContentSizes(configureScripts);
      if (tooLarge.length > 0) this.fail(tooLarge);
    } else {
      Annotations.of(this).addWarning(formatFinding(this.node.path, warning('delivery', this.delivery, USER_DATA_DELIVERY_WARNING, 'README "Props", delivery')));
    }

    const installScript = renderInstallScript();
    const haVipIds = this.havips.map((h) => h.id);
    const securityGroups = [this.securityGroup.id, ...(instance?.securityGroupIds ?? [])];
    const userData = props.nodes.map((_, i) => (delivery ? installScript : renderBootScript(scriptOptions(i))));
    const userDataTooLarge = instance ? checkUserDataSize(userData) : [];
    if (userDataTooLarge.length > 0) this.fail(userDataTooLarge);
    this.members = props.nodes.map(
      (node, i) =>
        new HaVipMember(this, memberId(node.privateIp, i), {
          index: i + 1,
          haVipIds,
          delivery: delivery?.(i),
          substitutions,
          existingInstanceId: node.instanceId,
          // ENI members: an ENI in the HaVip's vSwitch with the node's address, in the cluster's groups.
          networkInterface: eniMembers
            ? {
                networkInterfaceName: `${derived.instanceNames[i]}-havip`,
                vswitchId: props.vswitchId,
                primaryIpAddress: node.privateIp,
                securityGroupIds: securityGroups,
                // A gateway forwards packets that are neither from nor to the ENI's own address.
                sourceDestCheck: gateway ? false : undefined,
                description: `HaVip member ${i + 1} of ${this.node.path}`,
              }
            : undefined,
          userDataScript: instance && userData[i],
          instance: instance && {
            instanceName: derived.instanceNames[i],
            // An ENI member's instance keeps its primary NIC where asked, its address from Alibaba.
            vswitchId: eniMembers ? (props.networkInterfaces?.instanceVswitchId ?? props.vswitchId) : props.vswitchId,
            privateIp: eniMembers ? undefined : node.privateIp,
            instanceType: instance.instanceType,
            imageId: instance.imageId,
            systemDiskCategory: instance.systemDiskCategory,
            systemDiskSize: instance.systemDiskSize,
            instanceChargeType: instance.instanceChargeType,
            spotStrategy: instance.spotStrategy,
            spotPriceLimit: instance.spotPriceLimit,
            keyName: instance.keyName,
            tags: instance.tags,
            securityGroups,
            deploymentSetId: this.deploymentSetId,
            // An ECS member of a gateway forwards on its primary NIC.
            sourceDestCheck: gateway && !eniMembers ? false : undefined,
          },
        }),
    );
    this.instances = this.members.flatMap((m) => (m.instance ? [m.instance] : []));
    this.attachments = this.members.map((m) => m.attachment);
    this.networkInterfaces = this.members.flatMap((m) => (m.networkInterface ? [m.networkInterface] : []));
    this.networkInterfaceAttachments = this.members.flatMap((m) => (m.networkInterfaceAttachment ? [m.networkInterfaceAttachment] : []));
    this.routeEntries = (gateway?.routes ?? []).map(
      (route, i) =>
        // Loaded on first use: a cluster without a gateway never needs the binding (cold require).
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        new (require('./gen/providers/alicloud/route-entry') as typeof import('./gen/providers/alicloud/route-entry')).RouteEntry(this, `route-${i + 1}`, {
          routeTableId: route.routeTableId,
          destinationCidrblock: route.destinationCidrBlock,
          nexthopType: 'HaVip',
          nexthopId: this.havip.id,
          name: route.name,
          description: route.description,
        }),
    );
    this.order(priorityOrder);
    if (!instance) this.existingInstanceNotes();

    this.day2Notes(props, props.havips !== undefined, instance === undefined);

    if (props.eip) {
      const { allocationId } = props.eip;
      if (allocationId === undefined) {
        this.eipAddress = new EipAddress(this, 'eip', {
          addressName: props.eip.name,
          bandwidth: String(props.eip.bandwidth ?? 1),
          isp: props.eip.isp ?? 'BGP',
          netmode: 'public',
          paymentType: props.eip.paymentType ?? 'PayAsYouGo',
        });
      }
      this.eipAssociation = new EipAssociation(this, 'eip-association', {
        allocationId: allocationId ?? this.eipAddress!.id,
        instanceId: this.havip.id,
        // The provider assumes EcsInstance when this is unset.
        instanceType: 'HaVip',
      });
    }
  }

  /**
   * Reads the props once into a validated snapshot (readClusterProps) and runs every per-cluster
   * rule: all errors at once, warnings and notes as annotations.
   */
  private validate(props: unknown): ClusterSnapshot {
    const snapshot = readClusterProps(props, Token.isUnresolved, {
      id: this.node.id,
      path: this.node.path,
      pathIds: this.node.scopes.slice(1).map((c) => c.node.id),
    });
    const findings = snapshot.findings.map((finding) =>
      // Show a token as what it stands for (e.g. `${var.vpc_id}`), not as `${TfToken[TOKEN.0]}`.
      Token.isUnresolved(finding.value) ? { ...finding, value: this.describeToken(finding.value) } : finding,
    );
    const errors = findings.filter((f) => f.level === 'error');
    if (errors.length > 0) this.fail(errors);
    for (const finding of findings) {
      const message = formatFinding(this.node.path, finding);
      if (finding.level === 'warning') Annotations.of(this).addWarning(message);
      else Annotations.of(this).addInfo(message);
    }
    return snapshot;
  }

  /** Leaves nothing behind: removes the cluster from its scope, then throws. */
  private fail(errors: readonly Finding[]): never {
    const path = Token.isUnresolved(this.node.path) ? String(this.describeToken(this.node.path)) : this.node.path;
    this.node.scope?.node.tryRemoveChild(this.node.id);
    throw new HaVipValidationError(path, errors);
  }

  private describeToken(value: unknown): unknown {
    try {
      return Tokenization.resolve(value, { scope: this, resolver: new DefaultTokenResolver(new StringConcat()) });
    } catch {
      return value;
    }
  }

  private createSecurityGroup(derived: DerivedStrings, props: HaVipClusterProps): SecurityGroup {
    const group = new SecurityGroup(this, 'security-group', {
      vpcId: props.vpcId,
      securityGroupName: derived.securityGroupName,
      description: derived.securityGroupDescription,
    });
    // Every rule of the group: an intranet ingress accept rule at priority 1.
    const allow = (id: string, rule: Pick<SecurityGroupRuleConfig, 'ipProtocol' | 'portRange' | 'cidrIp' | 'sourceSecurityGroupId' | 'description'>) =>
      new SecurityGroupRule(this, id, { securityGroupId: group.id, type: 'ingress', ...rule, nicType: 'intranet', policy: 'accept', priority: 1 });
    // VRRP is IP protocol 112 and Alibaba's rules have no such value: members need `all` among
    // themselves, limited to the group itself.
    allow('members', { ipProtocol: 'all', portRange: '-1/-1', sourceSecurityGroupId: group.id, description: 'VRRP and all traffic among the cluster members' });
    // A gateway's clients send every protocol through the members.
    (props.gateway?.sourceCidrs ?? []).forEach((cidr, i) =>
      allow(`forward-${i + 1}`, { ipProtocol: 'all', portRange: '-1/-1', cidrIp: cidr, description: 'Traffic the HaVip members forward (route entries to the HaVip)' }),
    );
    (props.ingress ?? []).forEach((rule, i) =>
      allow(`ingress-${i + 1}`, { ipProtocol: rule.protocol, portRange: portRange(rule), cidrIp: rule.sourceCidr, description: rule.description }),
    );
    return group;
  }

  /**
   * The cluster's start and settle commands, shared by every member. Their content and timeout are
   * the same for every cluster: no keepalived setting replaces them (see SETTLE_SECONDS_PATH).
   */
  private createSharedCommands(): Pick<MemberDelivery, 'start' | 'settle'> {
    const timeoutSeconds = START_TIMEOUT_SECONDS;
    const command = (id: string, name: string, description: string, script: string): MemberCommand => ({
      command: new EcsCommand(this, id, { name, description, type: 'RunShellScript', commandContent: base64(script), timeout: timeoutSeconds, workingDir: '/root' }),
      timeoutSeconds,
    });
    return {
      start: command('start-command', 'havip-start', 'Starts keepalived on an HaVip cluster member once, then lets it settle', renderStartScript()),
      settle: command('settle-command', 'havip-settle', 'Waits until keepalived on an HaVip cluster member is back and settled', renderSettleScript()),
    };
  }

  /**
   * Existing instances keep their own security groups: the provider has no resource that adds a
   * group to an instance another stack manages, so the user adds ours (README, "Existing instances").
   */
  private existingInstanceNotes(): void {
    const note = info(
      'nodes[].instanceId',
      this.members.map((m) => m.instanceId),
      'the cluster takes over keepalived on these instances (installs it, replaces keepalived.conf, keeping a foreign one as keepalived.conf.before-havip) ' +
        'and does not change their security groups: add this cluster\'s security group to each (alicloud_instance.security_groups, updated in place) ' +
        'or allow all traffic among the members\' addresses in theirs (VRRP is IP protocol 112)',
      'README "Existing instances as members"',
    );
    Annotations.of(this).addInfo(formatFinding(this.node.path, note));
  }

  /**
   * The order the dependency graph imposes. Cloud Assistant: a member starts keepalived only after
   * every member's configure ran (a new member after the others listed it) and after the member
   * before it in priority order started and settled (first creation, one at a time); an instance
   * update waits until the member before it in node order is back and settled (one stopped member
   * at a time). user_data: instances are created one after another in priority order.
   */
  private order(priorityOrder: readonly number[]): void {
    const members = this.members;
    if (this.delivery === 'user-data') {
      priorityOrder.forEach((node, k) => {
        if (k > 0) members[node].instance!.dependsOn = [address(members[priorityOrder[k - 1]].instance!)];
      });
      return;
    }
    const configured = members.map((m) => address(m.configure!));
    priorityOrder.forEach((node, k) => {
      members[node].start!.dependsOn = k === 0 ? configured : [...configured, address(members[priorityOrder[k - 1]].start!)];
    });
    members.forEach((member, i) => {
      if (i > 0 && member.instance) member.instance.dependsOn = [address(members[i - 1].settle!)];
    });
  }

  /** What a change to a running cluster costs where the graph cannot help: infos at synth, as in the README. */
  private day2Notes(props: HaVipClusterProps, sharedHaVips: boolean, existingInstances: boolean): void {
    const spot = props.instance?.spotStrategy;
    const notes = [
      ...(spot !== undefined && spot !== 'NoSpot' && !usesDeploymentSet(props) && props.deploymentSet?.enabled !== false
        ? [info('instance.spotStrategy', spot, SPOT_WITHOUT_DEPLOYMENT_SET, DEPLOYMENT_SET_SOURCE)]
        : []),
      sharedHaVips
        ? info('havips[].virtualRouterId', this.virtualRouterIds, "changing one on a running cluster tears that HaVip's VRRP instance down on every member: one re-election, about 3.7 s without that HaVip (measured)", 'keepalived 2.2.7 reload; README "Changing a running cluster"')
        : info('keepalived.virtualRouterId', this.virtualRouterId, 'changing it on a running cluster tears the VRRP instance down on every member: one re-election, about 3.7 s without the VIP (measured)', 'keepalived 2.2.7 reload; README "Changing a running cluster"'),
      ...(props.gateway !== undefined && props.networkInterfaces === undefined
        ? [info('gateway', '{...}', 'turns source/destination check off on the instances (source_dest_check = false), which alicloud_instance replaces them for (ForceNew): adding or removing a gateway on a running cluster of ECS members replaces every member at once; ENI members take the change in place', 'alicloud provider 1.289.0: alicloud_instance.source_dest_check ForceNew, alicloud_ecs_network_interface.source_dest_check updatable')]
        : []),
    ];
    if (!existingInstances) {
      notes.push(info('nodes', this.members.length, 'a change that replaces every member at once (anything ForceNew on alicloud_instance, e.g. systemDiskCategory, spotStrategy) cannot be ordered safely by Terraform, and a new imageId re-images members whose keepalived the settle step does not start again: change such props one member at a time', 'README "Changing a running cluster"'));
    }
    for (const note of notes) Annotations.of(this).addInfo(formatFinding(this.node.path, note));
  }
}

/**
 * A member's construct id, and so its resources' Terraform addresses: `member-192-168-0-25` from a
 * literal address, so that removing or reordering other nodes never renames (and so replaces) a
 * member; `member-<n>` (node position) only when the address is a token.
 */
export function memberId(privateIp: string, index: number): string {
  return Token.isUnresolved(privateIp) ? `member-${index + 1}` : `member-${privateIp.replace(/\./g, '-')}`;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Alibaba's `port_range`: `from/to` for tcp and udp, `-1/-1` for every other protocol. */
function portRange(rule: IngressRule): string {
  if (rule.protocol !== 'tcp' && rule.protocol !== 'udp') return '-1/-1';
  const from = rule.fromPort ?? rule.port;
  const to = rule.toPort ?? from;
  return `${from}/${to}`;
}
