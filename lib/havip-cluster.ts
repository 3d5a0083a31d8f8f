import { Annotations, DefaultTokenResolver, Fn, StringConcat, Token, Tokenization } from 'cdktf';
import { Construct } from 'constructs';
import { renderBootScript } from './boot-script';
import { EipAddress } from './gen/providers/alicloud/eip-address';
import { EipAssociation } from './gen/providers/alicloud/eip-association';
import { Havip } from './gen/providers/alicloud/havip';
import { HavipAttachment } from './gen/providers/alicloud/havip-attachment';
import { Instance } from './gen/providers/alicloud/instance';
import { SecurityGroup } from './gen/providers/alicloud/security-group';
import { SecurityGroupRule } from './gen/providers/alicloud/security-group-rule';
import { mixedCoreFinding } from './core-guard';
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
    const mixedCore = mixedCoreFinding(this);
    if (mixedCore) throw new HaVipValidationError(this.node.path, [mixedCore]);
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

    const models = clusterKeepalivedConfigs(
      props.keepalived,
      props.nodes,
      literalVip ? this.havipIpAddress : HAVIP_ADDRESS_PLACEHOLDER,
    );
    this.keepalivedConfigs = models.map(renderKeepalivedConfig);

    const healthCheck = props.keepalived.healthCheck;
    this.instances = props.nodes.map((node, i) => {
      const script = renderBootScript({
        keepalivedConfig: this.keepalivedConfigs[i],
        healthCheck: healthCheck && { path: HEALTH_CHECK_SCRIPT_PATH, command: healthCheck.script },
        scriptUser: models[i].scriptUser,
      });
      return new Instance(this, `node-${i + 1}`, {
        instanceName: node.name ?? `${namePrefix}-${i + 1}`,
        vswitchId: props.vswitchId,
        privateIp: node.privateIp,
        instanceType: props.instance.instanceType,
        imageId: props.instance.imageId,
        systemDiskCategory: props.instance.systemDiskCategory,
        systemDiskSize: props.instance.systemDiskSize,
        instanceChargeType: props.instance.instanceChargeType,
        spotStrategy: props.instance.spotStrategy,
        spotPriceLimit: props.instance.spotPriceLimit,
        keyName: props.instance.keyName,
        tags: props.instance.tags,
        securityGroups: [this.securityGroup.id, ...(props.instance.securityGroupIds ?? [])],
        userData: literalVip ? base64(script) : this.userDataWithAllocatedVip(script),
      });
    });

    this.attachments = this.instances.map(
      (instance, i) =>
        new HavipAttachment(this, `attachment-${i + 1}`, {
          haVipId: this.havip.id,
          instanceId: instance.id,
          instanceType: 'EcsInstance',
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

  /** Terraform puts the allocated address into the script at apply time, in place of the placeholder. */
  private userDataWithAllocatedVip(script: string): string {
    return Fn.base64encode(Fn.replace(Fn.base64decode(base64(script)), HAVIP_ADDRESS_PLACEHOLDER, this.havipIpAddress));
  }
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
