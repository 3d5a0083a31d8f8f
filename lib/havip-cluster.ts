import { Annotations, DefaultTokenResolver, Fn, StringConcat, Token, Tokenization } from 'cdktf';
import { Construct } from 'constructs';
import { renderBootScript } from './boot-script';
import { ENI_INTERFACE_PLACEHOLDER, ENI_MAC_PLACEHOLDER, renderEniScript } from './eni-script';
import { EcsNetworkInterface } from './gen/providers/alicloud/ecs-network-interface';
import { EcsNetworkInterfaceAttachment } from './gen/providers/alicloud/ecs-network-interface-attachment';
import { EipAddress } from './gen/providers/alicloud/eip-address';
import { EipAssociation } from './gen/providers/alicloud/eip-association';
import { Havip } from './gen/providers/alicloud/havip';
import { HavipAttachment } from './gen/providers/alicloud/havip-attachment';
import { Instance } from './gen/providers/alicloud/instance';
import { RouteEntry } from './gen/providers/alicloud/route-entry';
import { SecurityGroup } from './gen/providers/alicloud/security-group';
import { SecurityGroupRule } from './gen/providers/alicloud/security-group-rule';
import { HaVipClusterProps, IngressRule } from './havip-cluster-props';
import {
  HAVIP_ADDRESS_PLACEHOLDER,
  HEALTH_CHECK_SCRIPT_PATH,
  clusterKeepalivedConfigs,
  renderKeepalivedConfig,
} from './keepalived';
import { HAVIP_CLUSTER_MARKER, HaVipAppChecks, type HaVipClusterFacts } from './havip-app-checks';
import { validateClusterProps } from './rules/cluster-rules';
import { formatFinding } from './rules/finding';
import { resolveLimits, type HaVipLimits } from './rules/limits';
import { HaVipValidationError } from './validation-error';

/**
 * A high-availability service IP: an HaVip, 2..10 ECS members running Keepalived (configured
 * through user_data), their security group, and an optional EIP.
 */
export class HaVipCluster extends Construct implements HaVipClusterFacts {
  /** Marks the construct for the app-wide checks (HaVipAppChecks). */
  public readonly [HAVIP_CLUSTER_MARKER] = true as const;
  /** The `alicloud_havip` resource. */
  public readonly havip: Havip;
  /** The ECS members, in node order. */
  public readonly instances: Instance[];
  /** The HaVip's association with each member, in node order. */
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
  /** The keepalived.conf each node runs, in node order (with a placeholder for an allocated address). */
  public readonly keepalivedConfigs: string[];
  /** The VPC the cluster lives in. */
  public readonly vpcId: string;
  /** The cluster's VRRP router id. */
  public readonly virtualRouterId: number;
  /** The vSwitch of the HaVip and every node. */
  public readonly vswitchId: string;
  /** The quotas the cluster is checked against: `limits` merged over DEFAULT_HAVIP_LIMITS. */
  public readonly limits: HaVipLimits;

  constructor(scope: Construct, id: string, props: HaVipClusterProps) {
    super(scope, id);
    this.validate(props, id);
    this.vpcId = props.vpcId;
    this.vswitchId = props.vswitchId;
    this.virtualRouterId = props.keepalived.virtualRouterId;
    this.limits = resolveLimits(props.limits).limits;
    HaVipAppChecks.ensureApplied(this);

    const havipOptions = props.havip ?? {};
    this.havip = new Havip(this, 'havip', {
      vswitchId: props.vswitchId,
      ipAddress: havipOptions.ipAddress,
      haVipName: havipOptions.name,
      description: havipOptions.description,
    });
    const literalVip = havipOptions.ipAddress !== undefined && !Token.isUnresolved(havipOptions.ipAddress);
    this.havipIpAddress = havipOptions.ipAddress ?? this.havip.ipAddress;

    const namePrefix = props.instance.namePrefix ?? id;
    this.securityGroup = this.createSecurityGroup(namePrefix, props);

    const eniMembers = props.networkInterfaces !== undefined;
    const gateway = props.gateway;
    const models = clusterKeepalivedConfigs(
      eniMembers ? { ...props.keepalived, interface: ENI_INTERFACE_PLACEHOLDER } : props.keepalived,
      props.nodes,
      literalVip ? this.havipIpAddress : HAVIP_ADDRESS_PLACEHOLDER,
    );
    this.keepalivedConfigs = models.map(renderKeepalivedConfig);

    // ENI members: an ENI in the HaVip's vSwitch with the node's address, in the cluster's groups.
    const securityGroups = [this.securityGroup.id, ...(props.instance.securityGroupIds ?? [])];
    this.networkInterfaces = eniMembers
      ? props.nodes.map(
          (node, i) =>
            new EcsNetworkInterface(this, `eni-${i + 1}`, {
              networkInterfaceName: `${node.name ?? `${namePrefix}-${i + 1}`}-havip`,
              vswitchId: props.vswitchId,
              primaryIpAddress: node.privateIp,
              securityGroupIds: securityGroups,
              // A gateway forwards packets that are neither from nor to the ENI's own address.
              sourceDestCheck: gateway ? false : undefined,
              description: `HaVip member ${i + 1} of ${this.node.path}`,
            }),
        )
      : [];
    const prefixLength = eniMembers ? Number(String(props.vswitchCidrBlock).split('/')[1]) : 0;

    const healthCheck = props.keepalived.healthCheck;
    this.instances = props.nodes.map((node, i) => {
      const eni = this.networkInterfaces[i];
      const script = renderBootScript({
        keepalivedConfig: this.keepalivedConfigs[i],
        healthCheck: healthCheck && { path: HEALTH_CHECK_SCRIPT_PATH, command: healthCheck.script },
        scriptUser: models[i].scriptUser,
        eniScript: eni && renderEniScript({ mac: ENI_MAC_PLACEHOLDER, address: node.privateIp, prefixLength, forwarding: gateway !== undefined }),
        ipForward: gateway !== undefined,
      });
      const substitutions: [string, string][] = [];
      if (!literalVip) substitutions.push([HAVIP_ADDRESS_PLACEHOLDER, this.havipIpAddress]);
      if (eni) substitutions.push([ENI_MAC_PLACEHOLDER, eni.mac]);
      return new Instance(this, `node-${i + 1}`, {
        instanceName: node.name ?? `${namePrefix}-${i + 1}`,
        vswitchId: eni ? (props.networkInterfaces?.instanceVswitchId ?? props.vswitchId) : props.vswitchId,
        // An ENI member's instance gets its primary address from Alibaba; the node's is the ENI's.
        privateIp: eni ? undefined : node.privateIp,
        instanceType: props.instance.instanceType,
        imageId: props.instance.imageId,
        systemDiskCategory: props.instance.systemDiskCategory,
        systemDiskSize: props.instance.systemDiskSize,
        instanceChargeType: props.instance.instanceChargeType,
        spotStrategy: props.instance.spotStrategy,
        spotPriceLimit: props.instance.spotPriceLimit,
        keyName: props.instance.keyName,
        tags: props.instance.tags,
        securityGroups,
        // An ECS member of a gateway forwards on its primary NIC.
        sourceDestCheck: gateway && !eni ? false : undefined,
        userData: userData(script, substitutions),
      });
    });

    this.networkInterfaceAttachments = this.networkInterfaces.map(
      (eni, i) =>
        new EcsNetworkInterfaceAttachment(this, `eni-attachment-${i + 1}`, {
          instanceId: this.instances[i].id,
          networkInterfaceId: eni.id,
        }),
    );

    this.attachments = props.nodes.map((_, i) => {
      const eni = this.networkInterfaces[i];
      return new HavipAttachment(this, `attachment-${i + 1}`, {
        haVipId: this.havip.id,
        instanceId: eni ? eni.id : this.instances[i].id,
        instanceType: eni ? 'NetworkInterface' : 'EcsInstance',
        // The guide: "When you associate an HaVip with an ENI, make sure the ENI is attached to an ECS instance".
        dependsOn: eni ? [this.networkInterfaceAttachments[i]] : undefined,
      });
    });

    this.routeEntries = (gateway?.routes ?? []).map(
      (route, i) =>
        new RouteEntry(this, `route-${i + 1}`, {
          routeTableId: route.routeTableId,
          destinationCidrblock: route.destinationCidrBlock,
          nexthopType: 'HaVip',
          nexthopId: this.havip.id,
          name: route.name,
          description: route.description,
        }),
    );

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

  /** Runs every per-cluster rule: all errors at once, warnings and notes as annotations. */
  private validate(props: HaVipClusterProps, id: string): void {
    const findings = validateClusterProps(props, Token.isUnresolved, { defaultNamePrefix: id }).map((finding) =>
      // Show a token as what it stands for (e.g. `${var.vpc_id}`), not as `${TfToken[TOKEN.0]}`.
      Token.isUnresolved(finding.value) ? { ...finding, value: this.describeToken(finding.value) } : finding,
    );
    const errors = findings.filter((f) => f.level === 'error');
    if (errors.length > 0) throw new HaVipValidationError(this.node.path, errors);
    for (const finding of findings) {
      const message = formatFinding(this.node.path, finding);
      if (finding.level === 'warning') Annotations.of(this).addWarning(message);
      else Annotations.of(this).addInfo(message);
    }
  }

  private describeToken(value: unknown): unknown {
    try {
      return Tokenization.resolve(value, { scope: this, resolver: new DefaultTokenResolver(new StringConcat()) });
    } catch {
      return value;
    }
  }

  private createSecurityGroup(namePrefix: string, props: HaVipClusterProps): SecurityGroup {
    const group = new SecurityGroup(this, 'security-group', {
      vpcId: props.vpcId,
      securityGroupName: `${namePrefix}-havip`,
      description: `Members of the HaVip cluster ${this.node.path}`,
    });
    // VRRP is IP protocol 112 and Alibaba's rules have no such value: members need `all` among
    // themselves, limited to the group itself.
    new SecurityGroupRule(this, 'members', {
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
    // A gateway's clients send every protocol through the members.
    (props.gateway?.sourceCidrs ?? []).forEach((cidr, i) => {
      new SecurityGroupRule(this, `forward-${i + 1}`, {
        securityGroupId: group.id,
        type: 'ingress',
        ipProtocol: 'all',
        portRange: '-1/-1',
        nicType: 'intranet',
        policy: 'accept',
        priority: 1,
        cidrIp: cidr,
        description: 'Traffic the HaVip members forward (route entries to the HaVip)',
      });
    });
    (props.ingress ?? []).forEach((rule, i) => {
      new SecurityGroupRule(this, `ingress-${i + 1}`, {
        securityGroupId: group.id,
        type: 'ingress',
        ipProtocol: rule.protocol,
        portRange: portRange(rule),
        nicType: 'intranet',
        policy: 'accept',
        priority: 1,
        cidrIp: rule.sourceCidr,
        description: rule.description,
      });
    });
    return group;
  }

}

/**
 * user_data: the script in base64; with placeholders, Terraform puts each value (the allocated
 * HaVip address, an ENI's MAC) into the script at apply time. The script itself never passes
 * through Terraform's template syntax.
 */
function userData(script: string, substitutions: readonly [string, string][]): string {
  if (substitutions.length === 0) return base64(script);
  const replaced = substitutions.reduce<string>((text, [placeholder, value]) => Fn.replace(text, placeholder, value), Fn.base64decode(base64(script)));
  return Fn.base64encode(replaced);
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
