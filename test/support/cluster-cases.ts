// The clusters the construct tests synthesize, shared with the real-Terraform test.
import { Testing, TerraformStack } from 'cdktf';
import { AlicloudProvider, HaVipCluster, HaVipClusterProps } from '../../lib';

/** The guide's example cluster, with literal ids so nothing is left to variables. */
export const GUIDE_PROPS: HaVipClusterProps = {
  vpcId: 'vpc-bp1kexample',
  vswitchId: 'vsw-bp1yexample',
  vswitchCidrBlock: '192.168.0.0/24',
  havip: { ipAddress: '192.168.0.24', name: 'test_havip_name', description: 'guide' },
  nodes: [
    { privateIp: '192.168.0.25', priority: 100 },
    { privateIp: '192.168.0.26', priority: 10 },
  ],
  instance: {
    instanceType: 'ecs.e-c1m1.large',
    imageId: 'aliyun_3_x64_20G_alibase_20221102.vhd',
    systemDiskCategory: 'cloud_essd',
    instanceChargeType: 'PostPaid',
    spotStrategy: 'SpotWithPriceLimit',
  },
  keepalived: { virtualRouterId: 51 },
  ingress: [{ protocol: 'tcp', port: 8000, sourceCidr: '192.168.0.0/24' }],
};

/** Every variation the construct tests synthesize, by name. */
export const CLUSTER_CASES: Record<string, HaVipClusterProps> = {
  guide: GUIDE_PROPS,
  'default priorities': {
    ...GUIDE_PROPS,
    nodes: [{ privateIp: '192.168.0.25' }, { privateIp: '192.168.0.26' }, { privateIp: '192.168.0.27' }],
  },
  preempt: {
    ...GUIDE_PROPS,
    nodes: [
      { privateIp: '192.168.0.25', priority: 10 },
      { privateIp: '192.168.0.26', priority: 100 },
    ],
    keepalived: { virtualRouterId: 51, preempt: true },
  },
  'extra security groups': {
    ...GUIDE_PROPS,
    instance: { ...GUIDE_PROPS.instance, securityGroupIds: ['sg-extra1', 'sg-extra2'] },
  },
  'ingress variants': {
    ...GUIDE_PROPS,
    ingress: [
      { protocol: 'udp', fromPort: 5000, toPort: 5010, sourceCidr: '10.0.0.0/8', description: 'media' },
      { protocol: 'icmp', sourceCidr: '192.168.0.0/24' },
    ],
  },
  'allocated address': { ...GUIDE_PROPS, havip: { name: 'allocated' } },
  'new EIP': { ...GUIDE_PROPS, eip: { bandwidth: 5, isp: 'BGP_PRO', name: 'web-eip' } },
  'existing EIP': { ...GUIDE_PROPS, eip: { allocationId: 'eip-bp1existing' } },
};

/** A stack holding one cluster `web` with these props and the alicloud provider. */
export function clusterStack(props: HaVipClusterProps): { stack: TerraformStack; cluster: HaVipCluster } {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
  const cluster = new HaVipCluster(stack, 'web', props);
  return { stack, cluster };
}
