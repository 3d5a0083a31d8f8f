// A hand-built HaVip stack from the generated bindings (7 resources): an HaVip, one ECS instance whose
// user_data gets the HaVip's address put in by Terraform, the attachment, a security group with a
// peer rule, and an EIP bound to the HaVip.
import * as os from 'node:os';
import * as path from 'node:path';
import { Fn, TerraformStack, Testing } from 'cdktf';
import {
  AlicloudProvider,
  EipAddress,
  EipAssociation,
  Havip,
  HavipAttachment,
  Instance,
  SecurityGroup,
  SecurityGroupRule,
} from '../../lib';

export const ADDRESS_MARK = '@@HAVIP_IP_ADDRESS@@';
export const BOOT_SCRIPT = `#!/bin/sh\nset -eu\necho 'virtual_ipaddress { ${ADDRESS_MARK} }' > /etc/keepalived/vip.conf\n`;

export interface HavipStackOptions {
  /** The HaVip's literal address; without it Alibaba allocates one at apply time. */
  readonly ipAddress?: string;
}

export function havipStack(options: HavipStackOptions = {}): TerraformStack {
  // One fixed outdir for every stack (cdktf's App makes an empty <outdir>/stacks; Testing.synth writes
  // nothing there): Testing.app() alone would leave a new temporary folder per stack.
  const app = Testing.app({ outdir: path.join(os.tmpdir(), 'havip-offline-unused-outdir') });
  const stack = new TerraformStack(app, 'havip-offline');
  new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
  const vswitchId = 'vsw-bp1y0000000000000000';
  const havip = new Havip(stack, 'x', { vswitchId, ipAddress: options.ipAddress, haVipName: 'offline-test' });
  const group = new SecurityGroup(stack, 'peers', { vpcId: 'vpc-bp1y0000000000000000', securityGroupName: 'havip-peers' });
  new SecurityGroupRule(stack, 'vrrp', {
    type: 'ingress',
    ipProtocol: 'all',
    portRange: '-1/-1',
    securityGroupId: group.id,
    sourceSecurityGroupId: group.id,
  });
  const node = new Instance(stack, 'node', {
    instanceType: 'ecs.e-c1m1.large',
    imageId: 'aliyun_3_x64_20G_alibase_20221102.vhd',
    vswitchId,
    securityGroups: [group.id],
    instanceName: 'havip-node-1',
    privateIp: '192.168.0.11',
    userData: Fn.base64encode(Fn.replace(Fn.base64decode(Buffer.from(BOOT_SCRIPT).toString('base64')), ADDRESS_MARK, havip.ipAddress)),
  });
  new HavipAttachment(stack, 'attach', { haVipId: havip.id, instanceId: node.id, instanceType: 'EcsInstance' });
  const eip = new EipAddress(stack, 'eip', { addressName: 'havip-eip', bandwidth: '5', internetChargeType: 'PayByTraffic', paymentType: 'PayAsYouGo' });
  new EipAssociation(stack, 'eip-to-havip', { allocationId: eip.id, instanceId: havip.id, instanceType: 'HaVip' });
  return stack;
}
