// Three members behind one HaVip whose address Alibaba allocates, a health check that releases the
// VIP when the local web server stops answering, and a new EIP for public access.
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AlicloudProvider, HaVipCluster } from '../../lib';

export class ThreeNodeEipStack extends TerraformStack {
  public readonly cluster: HaVipCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AlicloudProvider(this, 'alicloud', { region: 'ap-southeast-1' });

    this.cluster = new HaVipCluster(this, 'web', {
      vpcId: 'vpc-t4n7fz0k1i6ma2cxexample',
      vswitchId: 'vsw-t4nl5bstkmo1xaexample',
      vswitchCidrBlock: '10.0.1.0/24',
      havip: { name: 'web-havip', description: 'Service IP of the web tier' },
      nodes: [{ privateIp: '10.0.1.11' }, { privateIp: '10.0.1.12' }, { privateIp: '10.0.1.13' }],
      instance: {
        instanceType: 'ecs.g7.large',
        imageId: 'ubuntu_22_04_x64_20G_alibase_20240101.vhd',
        systemDiskCategory: 'cloud_essd',
        namePrefix: 'web',
        tags: { team: 'platform' },
      },
      keepalived: {
        virtualRouterId: 52,
        authPass: 'w3b-vrrp',
        healthCheck: { script: '/usr/bin/curl -fsS -o /dev/null http://127.0.0.1:8000/', interval: 2, timeout: 2, fall: 2, rise: 2 },
      },
      ingress: [{ protocol: 'tcp', port: 8000, sourceCidr: '10.0.0.0/16', description: 'HTTP from the VPC' }],
      eip: { bandwidth: 5, isp: 'BGP', name: 'web-eip' },
    });
  }
}

if (require.main === module) {
  const app = new App();
  new ThreeNodeEipStack(app, 'havip-three-node-eip');
  app.synth();
}
