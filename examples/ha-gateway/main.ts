// An HA egress gateway: two appliance instances keep their primary NIC in a management vSwitch and
// a service ENI in the HaVip's vSwitch; the clients' route table sends 0.0.0.0/0 and a partner
// network to whichever member holds the HaVip. The members' own NAT or firewall rules are theirs.
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AlicloudProvider, HaVipCluster } from '../../lib';

export class HaGatewayStack extends TerraformStack {
  public readonly cluster: HaVipCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AlicloudProvider(this, 'alicloud', { region: 'cn-hangzhou' });

    this.cluster = new HaVipCluster(this, 'egress', {
      vpcId: 'vpc-bp1gwexample0000000001',
      // The HaVip and the service ENIs live here; the route table below is the clients' one.
      vswitchId: 'vsw-bp1gwservice0000000001',
      vswitchCidrBlock: '10.0.0.0/24',
      havip: { ipAddress: '10.0.0.10', name: 'egress-havip' },
      nodes: [
        { privateIp: '10.0.0.11', priority: 150 },
        { privateIp: '10.0.0.12', priority: 100 },
      ],
      networkInterfaces: { instanceVswitchId: 'vsw-bp1gwmgmt00000000001' },
      gateway: {
        routes: [
          { routeTableId: 'vtb-bp1clients0000000001', destinationCidrBlock: '0.0.0.0/0', name: 'egress-default' },
          { routeTableId: 'vtb-bp1clients0000000001', destinationCidrBlock: '172.20.0.0/16', name: 'partner' },
        ],
        sourceCidrs: ['10.0.8.0/22'],
      },
      instance: {
        instanceType: 'ecs.g7.large',
        imageId: 'aliyun_3_x64_20G_alibase_20221102.vhd',
        systemDiskCategory: 'cloud_essd',
        namePrefix: 'egress',
      },
      keepalived: { virtualRouterId: 61, authPass: 'gw-vrrp1', trackInterfaces: ['eth0'] },
    });
  }
}

if (require.main === module) {
  const app = new App();
  new HaGatewayStack(app, 'havip-ha-gateway');
  app.synth();
}
