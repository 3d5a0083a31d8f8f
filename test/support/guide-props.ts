// The HaVip guide's example as HaVipClusterProps (the same values as its Terraform example).
import type { HaVipClusterProps, InstanceOptions } from '../../lib/havip-cluster-props';

export const GUIDE_PROPS: HaVipClusterProps & { readonly instance: InstanceOptions } = {
  vpcId: 'vpc-bp1k******',
  vswitchId: 'vsw-bp1y******',
  vswitchCidrBlock: '192.168.0.0/24',
  havip: { ipAddress: '192.168.0.24', name: 'test_havip_name' },
  nodes: [
    { privateIp: '192.168.0.25', priority: 100, name: 'test_master_instance_name' },
    { privateIp: '192.168.0.26', priority: 10, name: 'test_backup_instance_name' },
  ],
  instance: {
    instanceType: 'ecs.e-c1m1.large',
    imageId: 'aliyun_3_x64_20G_alibase_20221102.vhd',
    systemDiskCategory: 'cloud_essd',
    instanceChargeType: 'PostPaid',
    spotStrategy: 'SpotWithPriceLimit',
  },
  keepalived: {
    virtualRouterId: 51,
    advertInt: 1,
    interface: 'eth0',
    authPass: '1111',
    garpMasterDelay: 1,
    garpMasterRefresh: 5,
  },
  ingress: [{ protocol: 'tcp', port: 8000, sourceCidr: '192.168.0.0/24' }],
  eip: { bandwidth: 1, isp: 'BGP', name: 'test_eip_name', paymentType: 'PayAsYouGo' },
};
