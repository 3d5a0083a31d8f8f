// The alicloud bindings the library uses, generated from the pinned provider schema (no `cdktf get` needed).
export { AlicloudProvider, type AlicloudProviderConfig } from './gen/providers/alicloud/provider';
export { Havip, type HavipConfig } from './gen/providers/alicloud/havip';
export { HavipAttachment, type HavipAttachmentConfig } from './gen/providers/alicloud/havip-attachment';
export { Instance, type InstanceConfig } from './gen/providers/alicloud/instance';
export { SecurityGroup, type SecurityGroupConfig } from './gen/providers/alicloud/security-group';
export { SecurityGroupRule, type SecurityGroupRuleConfig } from './gen/providers/alicloud/security-group-rule';
export { EipAddress, type EipAddressConfig } from './gen/providers/alicloud/eip-address';
export { EipAssociation, type EipAssociationConfig } from './gen/providers/alicloud/eip-association';
export { Vpc, type VpcConfig } from './gen/providers/alicloud/vpc';
export { Vswitch, type VswitchConfig } from './gen/providers/alicloud/vswitch';
export { RouteEntry, type RouteEntryConfig } from './gen/providers/alicloud/route-entry';
export { EcsNetworkInterface, type EcsNetworkInterfaceConfig } from './gen/providers/alicloud/ecs-network-interface';
export {
  EcsNetworkInterfaceAttachment,
  type EcsNetworkInterfaceAttachmentConfig,
} from './gen/providers/alicloud/ecs-network-interface-attachment';
