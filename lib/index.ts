export { HaVipCluster } from './havip-cluster';
export { HaVipMember, type HaVipMemberProps, type MemberCommand, type MemberDelivery, type ScriptSubstitution } from './havip-member';
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
  SharedHaVipOptions,
  NetworkInterfaceOptions,
  GatewayOptions,
  HaVipRoute,
} from './havip-cluster-props';
export { HaVipValidationError, isHaVipValidationError } from './validation-error';
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
  type HaVipLimitOverrides,
} from './rules/limits';
export { HAVIP_SUPPORTED_REGIONS, isHaVipSupportedRegion, type SupportedRegion } from './rules/regions';
export {
  HAVIP_ADDRESS_PLACEHOLDER,
  HEALTH_CHECK_SCRIPT_PATH,
  clusterKeepalivedConfigs,
  renderKeepalivedConfig,
  rotatedPriorities,
  sharedHealthChecks,
  sharedKeepalivedConfigs,
  type ClusterKeepalivedOptions,
  type HealthCheckScript,
  type KeepalivedHealthCheck,
  type KeepalivedNodeConfig,
  type SharedHaVipModel,
} from './keepalived';
export {
  KEEPALIVED_CONF_HEADER,
  havipAddressPlaceholder,
  renderMemberKeepalivedConfig,
  type MemberKeepalivedConfig,
  type VrrpInstance,
  type VrrpScript,
} from './keepalived-conf';
export { renderBootScript, type BootScriptHealthCheck, type BootScriptOptions } from './boot-script';
export {
  ENI_INTERFACE_PLACEHOLDER,
  ENI_MAC_PLACEHOLDER,
  ENI_SCRIPT_PATH,
  renderEniScript,
  type EniScriptOptions,
} from './eni-script';
export { REFUSED_DESTINATIONS, refusedDestination } from './rules/route-rules';
export {
  BEFORE_SUFFIX,
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

// The functions and constants above as static members, for Python, Java, Go and .NET (jsii has no free functions).
export { BootScript, HaVipQuotas, HaVipRegions, HaVipValidation, KeepalivedConfig, MemberScripts } from './static-api';

// The alicloud bindings the library uses, generated from the pinned provider schema (no `cdktf get` needed),
// each module whole: jsii needs every struct the classes take (timeouts, nested blocks) exported.
export * from './gen/providers/alicloud/provider';
export * from './gen/providers/alicloud/havip';
export * from './gen/providers/alicloud/havip-attachment';
export * from './gen/providers/alicloud/instance';
export * from './gen/providers/alicloud/ecs-command';
export * from './gen/providers/alicloud/ecs-invocation';
export * from './gen/providers/alicloud/ecs-deployment-set';
// Their config types only: these bindings load when a cluster uses ENI members or a gateway (the
// classes are in `cdktf-alicloud-havip/alicloud`; the jsii build, scripts/jsii.js, exports them
// whole). No class as a type: ESM users would be told they can import it from here.
export type { EcsNetworkInterfaceConfig, EcsNetworkInterfaceTimeouts } from './gen/providers/alicloud/ecs-network-interface';
export type {
  EcsNetworkInterfaceAttachmentConfig,
  EcsNetworkInterfaceAttachmentTimeouts,
} from './gen/providers/alicloud/ecs-network-interface-attachment';
export type { RouteEntryConfig, RouteEntryTimeouts } from './gen/providers/alicloud/route-entry';
export * from './gen/providers/alicloud/security-group';
export * from './gen/providers/alicloud/security-group-rule';
export * from './gen/providers/alicloud/eip-address';
export * from './gen/providers/alicloud/eip-association';
export * from './gen/providers/alicloud/vpc';
export * from './gen/providers/alicloud/vswitch';
// Every generated alicloud binding (route tables, ENIs, data sources, ...) is in the
// `cdktf-alicloud-havip/alicloud` entry, loaded one module at a time on first use.
