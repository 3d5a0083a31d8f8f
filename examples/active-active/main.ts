// Two HaVips on the same two members (active-active): each member is master of one service IP and
// the backup of the other, so neither sits idle. A member failure moves only its own HaVip.
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AlicloudProvider, HaVipCluster } from '../../lib';

export class ActiveActiveStack extends TerraformStack {
  public readonly cluster: HaVipCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AlicloudProvider(this, 'alicloud', { region: 'cn-hangzhou' });

    this.cluster = new HaVipCluster(this, 'gw', {
      vpcId: 'vpc-bp1k0example',
      vswitchId: 'vsw-bp1y0example',
      vswitchCidrBlock: '192.168.0.0/24',
      // One vrrp_instance per HaVip in each member's keepalived.conf, each with its own router id.
      // Priorities rotate: 150/50 for web, 50/150 for api, so gw-1 prefers web and gw-2 api.
      havips: [
        { ipAddress: '192.168.0.24', virtualRouterId: 51, name: 'web-havip' },
        { ipAddress: '192.168.0.23', virtualRouterId: 52, name: 'api-havip' },
      ],
      nodes: [
        { privateIp: '192.168.0.25', priority: 150 },
        { privateIp: '192.168.0.26', priority: 50 },
      ],
      instance: { instanceType: 'ecs.g7.large', imageId: 'aliyun_3_x64_20G_alibase_20221102.vhd', namePrefix: 'gw' },
      keepalived: {
        // Each HaVip goes back to the member it prefers when that member returns.
        preempt: true,
        authPass: 'g4t3w4y2',
        // One vrrp_script, tracked by both HaVips.
        healthCheck: { script: '/usr/bin/curl -fsS -o /dev/null http://127.0.0.1:8000/' },
      },
      ingress: [{ protocol: 'tcp', port: 8000, sourceCidr: '192.168.0.0/16', description: 'HTTP from the VPC' }],
    });
  }
}

if (require.main === module) {
  const app = new App();
  new ActiveActiveStack(app, 'havip-active-active');
  app.synth();
}
