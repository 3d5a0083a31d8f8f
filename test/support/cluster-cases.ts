// The clusters the construct tests synthesize, shared with the real-Terraform test.
import { Testing, TerraformStack } from 'cdktf';
import { AlicloudProvider, HaVipCluster, HaVipClusterProps } from '../../lib';
import { GUIDE_PROPS as GUIDE_EXAMPLE } from './guide-props';

/**
 * The guide's example cluster as the construct tests use it: literal ids, no names, the construct's
 * keepalived defaults and no EIP, so every assertion sees what the defaults produce.
 */
export const GUIDE_PROPS: HaVipClusterProps = {
  vpcId: 'vpc-bp1kexample',
  vswitchId: 'vsw-bp1yexample',
  vswitchCidrBlock: GUIDE_EXAMPLE.vswitchCidrBlock,
  havip: { ipAddress: GUIDE_EXAMPLE.havip!.ipAddress, name: 'test_havip_name', description: 'guide' },
  nodes: GUIDE_EXAMPLE.nodes.map(({ privateIp, priority }) => ({ privateIp, priority })),
  instance: GUIDE_EXAMPLE.instance,
  keepalived: { virtualRouterId: GUIDE_EXAMPLE.keepalived.virtualRouterId },
  ingress: GUIDE_EXAMPLE.ingress,
};

/** The guide's cluster on on-demand instances: spot instances cannot join a deployment set. */
export const ON_DEMAND: HaVipClusterProps = {
  ...GUIDE_PROPS,
  instance: { ...GUIDE_PROPS.instance, spotStrategy: 'NoSpot' },
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
  'on-demand: a new deployment set': ON_DEMAND,
  'existing deployment set': { ...ON_DEMAND, deploymentSet: { id: 'ds-bp1existing' } },
  'no deployment set': { ...ON_DEMAND, deploymentSet: { enabled: false } },
  'user-data delivery': { ...GUIDE_PROPS, delivery: 'user-data' },
  'user-data delivery, allocated address': { ...GUIDE_PROPS, delivery: 'user-data', havip: { name: 'allocated' } },
};

/** A stack holding one cluster `web` with these props and the alicloud provider. */
export function clusterStack(props: HaVipClusterProps): { stack: TerraformStack; cluster: HaVipCluster } {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
  const cluster = new HaVipCluster(stack, 'web', props);
  return { stack, cluster };
}
