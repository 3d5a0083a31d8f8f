// The HaVip guide's Terraform example (Alibaba Cloud, "Use an HaVip for failover"), with HaVipCluster:
// the same region, VPC, vSwitch, addresses, priorities, router id, port, instance type and image.
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { AlicloudProvider, HaVipCluster } from '../../lib';

export class SeedStack extends TerraformStack {
  public readonly cluster: HaVipCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AlicloudProvider(this, 'alicloud', { region: 'cn-hangzhou' });
    const vpcId = new TerraformVariable(this, 'vpc_id', { type: 'string', default: 'vpc-bp1k******' });
    const vswitchId = new TerraformVariable(this, 'vswitch_id', { type: 'string', default: 'vsw-bp1y******' });

    this.cluster = new HaVipCluster(this, 'test', {
      vpcId: vpcId.stringValue,
      vswitchId: vswitchId.stringValue,
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
      keepalived: { virtualRouterId: 51, authPass: 'k33p4liv' },
      ingress: [{ protocol: 'tcp', port: 8000, sourceCidr: '192.168.0.0/24', description: 'HTTP from the VPC' }],
    });
  }
}

if (require.main === module) {
  const app = new App();
  new SeedStack(app, 'havip-seed');
  app.synth();
}
