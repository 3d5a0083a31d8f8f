// An HaVip for two ECS instances that already run the service and are managed elsewhere (another
// stack, another team, the console). The cluster creates no instances: it attaches the HaVip and
// takes over keepalived on them through Cloud Assistant (installs it, writes its config and health
// check, reloads it). Add `cluster.securityGroup` to the instances, or the rules it holds to theirs
// (README, "Existing instances as members").
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AlicloudProvider, HaVipCluster } from '../../lib';

export class ExistingInstancesStack extends TerraformStack {
  public readonly cluster: HaVipCluster;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AlicloudProvider(this, 'alicloud', { region: 'cn-hangzhou' });

    this.cluster = new HaVipCluster(this, 'web', {
      vpcId: 'vpc-bp1k0example',
      vswitchId: 'vsw-bp1y0example',
      vswitchCidrBlock: '192.168.0.0/24',
      havip: { ipAddress: '192.168.0.24', name: 'web-havip' },
      // Instance ids (literals, or tokens such as another stack's instance.id) with their primary private addresses.
      nodes: [
        { instanceId: 'i-bp1existing00001', privateIp: '192.168.0.25', priority: 150 },
        { instanceId: 'i-bp1existing00002', privateIp: '192.168.0.26', priority: 50 },
      ],
      keepalived: {
        virtualRouterId: 53,
        authPass: 'ex1st1ng',
        healthCheck: { script: '/usr/bin/curl -fsS -o /dev/null http://127.0.0.1:80/' },
      },
      ingress: [{ protocol: 'tcp', port: 80, sourceCidr: '192.168.0.0/16', description: 'HTTP from the VPC' }],
    });
    // The group to add to each instance (alicloud_instance.security_groups changes in place).
    new TerraformOutput(this, 'security-group-id', { value: this.cluster.securityGroup.id });
  }
}

if (require.main === module) {
  const app = new App();
  new ExistingInstancesStack(app, 'havip-existing-instances');
  app.synth();
}
