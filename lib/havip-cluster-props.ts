// The props of HaVipCluster. Plain data: no cdktf import, so the rules and renderers can use them.
import type { HaVipLimitOverrides } from './rules/limits';

/** The HaVip itself. */
export interface HaVipOptions {
  /**
   * The HaVip's private IPv4 address, inside the vSwitch's CIDR block.
   * @default - Alibaba allocates a free address of the vSwitch at apply time
   */
  readonly ipAddress?: string;
  /**
   * The HaVip's name (`ha_vip_name`).
   * @default - no name
   */
  readonly name?: string;
  /**
   * The HaVip's description.
   * @default - no description
   */
  readonly description?: string;
}

/**
 * One HaVip of a member set that carries several (`HaVipClusterProps.havips`): its own
 * `vrrp_instance` with its own router id in every member's keepalived.conf.
 */
export interface SharedHaVipOptions extends HaVipOptions {
  /** VRRP router id of this HaVip, 1..255, distinct among the cluster's HaVips and unique in the VPC. */
  readonly virtualRouterId: number;
  /**
   * The members' priorities for this HaVip, in node order (1..254, distinct).
   * @default - the node priorities rotated by the HaVip's position, so HaVip k (from 0) prefers the
   * member that node k+1 would be for the first: each HaVip prefers a different member
   */
  readonly priorities?: number[];
  /**
   * A health check for this HaVip only.
   * @default - `keepalived.healthCheck`: one `vrrp_script` tracked by every HaVip without its own
   */
  readonly healthCheck?: HealthCheckOptions;
}

/** One ECS member of the cluster. */
export interface ClusterNode {
  /** The node's private IPv4 address in the vSwitch; Keepalived's `unicast_src_ip`. */
  readonly privateIp: string;
  /**
   * An existing ECS instance to use as this member (`i-...`, or a token such as another stack's
   * `instance.id`), whose primary private address is `privateIp`. Either every node names one or
   * none does: with them the cluster creates no instances, attaches the HaVip to these, and takes
   * over keepalived on them (installs the package, writes its config and health checks, reloads it)
   * through Cloud Assistant.
   * @default - the cluster creates the instance
   */
  readonly instanceId?: string;
  /**
   * Keepalived priority, 1..254, distinct across nodes; the highest wins the first election.
   * @default - 100, 90, 80, ... in node order
   */
  readonly priority?: number;
  /**
   * The ECS instance name.
   * @default - `<instance.namePrefix>-<n>` with n counting from 1
   */
  readonly name?: string;
}

/** ECS settings shared by every node. */
export interface InstanceOptions {
  /** The ECS instance type, e.g. `ecs.e-c1m1.large`. */
  readonly instanceType: string;
  /** The image id, e.g. `aliyun_3_x64_20G_alibase_20221102.vhd`. */
  readonly imageId: string;
  /**
   * System disk category, e.g. `cloud_essd`.
   * @default - the provider's default (`cloud_efficiency`)
   */
  readonly systemDiskCategory?: string;
  /**
   * System disk size in GiB.
   * @default - the image's size
   */
  readonly systemDiskSize?: number;
  /**
   * Billing method: `PrePaid` or `PostPaid`.
   * @default - the provider's default (`PostPaid`)
   */
  readonly instanceChargeType?: string;
  /**
   * Spot strategy for PostPaid instances: `NoSpot`, `SpotWithPriceLimit` or `SpotAsPriceGo`.
   * @default - the provider's default (`NoSpot`)
   */
  readonly spotStrategy?: string;
  /**
   * Maximum hourly price with `SpotWithPriceLimit`.
   * @default - no limit set
   */
  readonly spotPriceLimit?: number;
  /**
   * Name of an SSH key pair to install.
   * @default - no key pair
   */
  readonly keyName?: string;
  /**
   * Tags for every instance.
   * @default - no tags
   */
  readonly tags?: Record<string, string>;
  /**
   * Prefix of the instance names.
   * @default - the construct's id
   */
  readonly namePrefix?: string;
  /**
   * Security groups to add to every node besides the cluster's own.
   * @default - only the cluster's group
   */
  readonly securityGroupIds?: string[];
}

/** A Keepalived health check (`vrrp_script`), tracked by the VRRP instance. */
export interface HealthCheckOptions {
  /** The command to run, e.g. `/usr/bin/curl -fsS -o /dev/null http://127.0.0.1:8000/`; exit 0 means healthy. */
  readonly script: string;
  /**
   * Seconds between runs.
   * @default 2
   */
  readonly interval?: number;
  /**
   * Seconds after which a run counts as failed.
   * @default 2
   */
  readonly timeout?: number;
  /**
   * Consecutive failures that make the node unhealthy.
   * @default 2
   */
  readonly fall?: number;
  /**
   * Consecutive successes that make it healthy again.
   * @default 2
   */
  readonly rise?: number;
  /**
   * Priority change while failing (-253..253). 0 puts the node in FAULT, which releases the VIP:
   * the only weight that moves the VIP in a non-preemptive cluster.
   * @default 0
   */
  readonly weight?: number;
}

/** Keepalived (VRRP) settings shared by every node. */
export interface KeepalivedOptions {
  /**
   * VRRP router id, 1..255, unique among clusters in the same VPC. Required unless `havips` gives
   * one per HaVip.
   * @default - none: required without `havips`, not allowed with it
   */
  readonly virtualRouterId?: number;
  /**
   * Seconds between VRRP advertisements, 1..255.
   * @default 1
   */
  readonly advertInt?: number;
  /**
   * Whether a higher-priority node takes the VIP back when it returns.
   * @default false - non-preemptive: every node starts BACKUP with `nopreempt`
   */
  readonly preempt?: boolean;
  /**
   * With `preempt: true`, seconds a returning node waits before taking the VIP back (0..1000).
   * @default - no delay
   */
  readonly preemptDelay?: number;
  /**
   * The network interface that carries the VIP.
   * @default 'eth0'
   */
  readonly interface?: string;
  /**
   * VRRP PASS authentication, 1..8 printable characters (keepalived uses only the first 8).
   * @default - no authentication block
   */
  readonly authPass?: string;
  /**
   * Seconds after becoming master before the second gratuitous ARP.
   * @default 1
   */
  readonly garpMasterDelay?: number;
  /**
   * Seconds between gratuitous ARP refreshes while master.
   * @default 5
   */
  readonly garpMasterRefresh?: number;
  /**
   * Other interfaces whose failure puts the node in FAULT (never the VRRP interface itself).
   * @default - none
   */
  readonly trackInterfaces?: string[];
  /**
   * A health check tracked by the VRRP instance (with `havips`: by every HaVip without its own).
   * @default - no health check
   */
  readonly healthCheck?: HealthCheckOptions;
}

/** An ingress rule of the cluster's security group. */
export interface IngressRule {
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `gre` or `all`. */
  readonly protocol: string;
  /**
   * A single port (tcp/udp only).
   * @default - use fromPort/toPort
   */
  readonly port?: number;
  /**
   * First port of a range (tcp/udp only).
   * @default - `port`
   */
  readonly fromPort?: number;
  /**
   * Last port of a range (tcp/udp only).
   * @default - `fromPort`
   */
  readonly toPort?: number;
  /** Source IPv4 CIDR block. `0.0.0.0/0` opens the port to the internet and draws a warning. */
  readonly sourceCidr: string;
  /**
   * The rule's description.
   * @default - no description
   */
  readonly description?: string;
}

/** An EIP for the HaVip: either a new one (bandwidth, isp, ...) or an existing one (allocationId). */
export interface EipOptions {
  /**
   * Associate this existing EIP instead of creating one. Excludes the other options.
   * @default - create a new EIP
   */
  readonly allocationId?: string;
  /**
   * Peak bandwidth of a new EIP in Mbit/s.
   * @default 1
   */
  readonly bandwidth?: number;
  /**
   * Line type of a new EIP, e.g. `BGP` or `BGP_PRO`.
   * @default 'BGP'
   */
  readonly isp?: string;
  /**
   * Name of a new EIP.
   * @default - no name
   */
  readonly name?: string;
  /**
   * Billing of a new EIP: `PayAsYouGo` or `Subscription`.
   * @default 'PayAsYouGo'
   */
  readonly paymentType?: string;
}

/**
 * ENI members: each node gets an elastic network interface in the HaVip's vSwitch with the node's
 * `privateIp`, attached to its instance, and the HaVip is associated with the ENIs
 * (`instance_type = "NetworkInterface"`). Keepalived runs on the ENI's interface, found by its MAC
 * address at boot and given its address when the image has not configured it.
 */
export interface NetworkInterfaceOptions {
  /**
   * The vSwitch of each instance's primary NIC (its management network), in the same zone as
   * `vswitchId`; Alibaba allocates the primary address.
   * @default - the HaVip's vSwitch (`vswitchId`)
   */
  readonly instanceVswitchId?: string;
}

/** A route entry of a VPC route table whose next hop is the HaVip. */
export interface HaVipRoute {
  /** The route table (`alicloud_route_entry.route_table_id`), e.g. the one of the clients' vSwitch. */
  readonly routeTableId: string;
  /** The destination IPv4 CIDR block, e.g. `0.0.0.0/0` or `10.20.0.0/16`. */
  readonly destinationCidrBlock: string;
  /**
   * The route entry's name.
   * @default - no name
   */
  readonly name?: string;
  /**
   * The route entry's description.
   * @default - no description
   */
  readonly description?: string;
}

/**
 * The members as an HA gateway (NAT, firewall, VPN or proxy appliance): route entries send
 * destinations to whichever member holds the HaVip, and the members forward the packets.
 */
export interface GatewayOptions {
  /** Route entries with `nexthop_type = "HaVip"` and the cluster's HaVip as next hop. */
  readonly routes: HaVipRoute[];
  /**
   * The clients whose traffic the members forward: security group rules accept every protocol
   * from these blocks. The members' own forwarding rules (NAT, filtering) are the appliance's.
   */
  readonly sourceCidrs: string[];
}

/**
 * How each member's keepalived config reaches it.
 * - `cloud-assistant`: Alibaba's Cloud Assistant runs a configure command on every change
 *   (`keepalived --config-test`, then a reload: no reboot, no restart) and starts the members one
 *   at a time in priority order. user_data only installs keepalived and never changes.
 * - `user-data`: for images without the Cloud Assistant agent. The whole config lives in user_data:
 *   every keepalived change then changes user_data, the provider stops and starts the member, and
 *   the changed script is not run again (a synth warning says so).
 */
export type ConfigDelivery = 'cloud-assistant' | 'user-data';

/** Where the members are placed: a deployment set spreads them over physical hosts. */
export interface DeploymentSetOptions {
  /**
   * Put the members in this existing deployment set (`ds-...`) instead of creating one.
   * @default - a new deployment set with strategy `Availability`
   */
  readonly id?: string;
  /**
   * `false`: no deployment set; members may share a physical host.
   * @default true
   */
  readonly enabled?: boolean;
}

/** Props of HaVipCluster. */
export interface HaVipClusterProps {
  /** The VPC of the vSwitch; the cluster's security group lives here. */
  readonly vpcId: string;
  /** The vSwitch of the HaVip and every node. */
  readonly vswitchId: string;
  /**
   * The vSwitch's CIDR block. When a literal, the HaVip and node addresses are checked against it.
   * @default - no address checks against the vSwitch
   */
  readonly vswitchCidrBlock?: string;
  /**
   * The HaVip's address, name and description.
   * @default - an HaVip whose address Alibaba allocates
   */
  readonly havip?: HaVipOptions;
  /**
   * Several HaVips on the same members (1..5, `limits.haVipsPerInstance`), each with its own router
   * id: active-active when each prefers a different member. Excludes `havip` and
   * `keepalived.virtualRouterId`.
   * @default - one HaVip, from `havip` and `keepalived.virtualRouterId`
   */
  readonly havips?: SharedHaVipOptions[];
  /** The ECS members, 2..10: instances the cluster creates, or existing ones (`instanceId`). */
  readonly nodes: ClusterNode[];
  /**
   * ECS settings shared by every node the cluster creates. Required unless the nodes are existing
   * instances (`nodes[].instanceId`), and not allowed then.
   * @default - none: required when the cluster creates the instances
   */
  readonly instance?: InstanceOptions;
  /** Keepalived settings shared by every node. */
  readonly keepalived: KeepalivedOptions;
  /**
   * Ingress rules of the cluster's security group, besides the members' traffic among themselves.
   * @default - no ingress from outside the cluster
   */
  readonly ingress?: IngressRule[];
  /**
   * An EIP for the HaVip.
   * @default - no EIP
   */
  readonly eip?: EipOptions;
  /**
   * Make the members ENIs in the HaVip's vSwitch instead of the instances themselves.
   * @default - the instances are the members, in the HaVip's vSwitch
   */
  readonly networkInterfaces?: NetworkInterfaceOptions;
  /**
   * Run the members as an HA gateway: route entries to the HaVip, IP forwarding, source/destination
   * check off, forwarded traffic let in.
   * @default - no route entries, no forwarding
   */
  readonly gateway?: GatewayOptions;
  /**
   * Alibaba quotas, for an account whose quotas were raised.
   * @default - the HaVip guide's limits (DEFAULT_HAVIP_LIMITS)
   */
  readonly limits?: HaVipLimitOverrides;
  /**
   * How the keepalived config reaches the members.
   * @default 'cloud-assistant'
   */
  readonly delivery?: ConfigDelivery;
  /**
   * The deployment set holding the members.
   * @default - a new deployment set with strategy `Availability` (every member on its own physical
   * host); none for spot instances, which deployment sets do not take (an info says so)
   */
  readonly deploymentSet?: DeploymentSetOptions;
}
