export { HaVipCluster } from './havip-cluster';
export { HaVipMember, type HaVipMemberProps, type MemberCommand, type MemberDelivery } from './havip-member';
export type {
  HaVipClusterProps,
  HaVipOptions,
  ClusterNode,
  InstanceOptions,
  KeepalivedOptions,
  HealthCheckOptions,
  IngressRule,
  EipOptions,
  ConfigDelivery,
  DeploymentSetOptions,
} from './havip-cluster-props';
export { HaVipValidationError } from './validation-error';
export { HaVipAppChecks } from './havip-app-checks';
export { readClusterProps, validateClusterProps, type ClusterSnapshot, type ValidateOptions } from './rules/cluster-rules';
export type { ClusterContext, DerivedStrings } from './rules/derived-rules';
export { formatFinding, type Finding, type FindingLevel } from './rules/finding';
export {
  DEFAULT_HAVIP_LIMITS,
  HAVIP_LIMIT_SOURCES,
  MIN_MEMBERS_PER_HAVIP,
  resolveLimits,
  type HaVipLimits,
} from './rules/limits';
export { HAVIP_SUPPORTED_REGIONS, isHaVipSupportedRegion, type SupportedRegion } from './rules/regions';
export {
  HAVIP_ADDRESS_PLACEHOLDER,
  HEALTH_CHECK_SCRIPT_PATH,
  clusterKeepalivedConfigs,
  renderKeepalivedConfig,
  type KeepalivedHealthCheck,
  type KeepalivedNodeConfig,
} from './keepalived';
export { renderBootScript, type BootScriptOptions } from './boot-script';
export {
  CONFIGURE_TIMEOUT_SECONDS,
  renderConfigureScript,
  renderInstallScript,
  renderSettleScript,
  renderStartScript,
  settleSeconds,
} from './member-scripts';
export {
  CLOUD_ASSISTANT_COMMAND_CONTENT_MAX_BYTES,
  CLOUD_ASSISTANT_COMMANDS_PER_REGION,
  DEPLOYMENT_SET_INSTANCES_PER_ZONE,
} from './rules/delivery-rules';

// The alicloud bindings the library uses, generated from the pinned provider schema (no `cdktf get` needed).
export { AlicloudProvider, type AlicloudProviderConfig } from './gen/providers/alicloud/provider';
export { Havip, type HavipConfig } from './gen/providers/alicloud/havip';
export { HavipAttachment, type HavipAttachmentConfig } from './gen/providers/alicloud/havip-attachment';
export { Instance, type InstanceConfig } from './gen/providers/alicloud/instance';
export { EcsCommand, type EcsCommandConfig } from './gen/providers/alicloud/ecs-command';
export { EcsInvocation, type EcsInvocationConfig } from './gen/providers/alicloud/ecs-invocation';
export { EcsDeploymentSet, type EcsDeploymentSetConfig } from './gen/providers/alicloud/ecs-deployment-set';
export { SecurityGroup, type SecurityGroupConfig } from './gen/providers/alicloud/security-group';
export { SecurityGroupRule, type SecurityGroupRuleConfig } from './gen/providers/alicloud/security-group-rule';
export { EipAddress, type EipAddressConfig } from './gen/providers/alicloud/eip-address';
export { EipAssociation, type EipAssociationConfig } from './gen/providers/alicloud/eip-association';
export { Vpc, type VpcConfig } from './gen/providers/alicloud/vpc';
export { Vswitch, type VswitchConfig } from './gen/providers/alicloud/vswitch';
// Every generated alicloud binding (route tables, ENIs, data sources, ...) is in the
// `cdktf-alicloud-havip/alicloud` entry, loaded one module at a time on first use.
