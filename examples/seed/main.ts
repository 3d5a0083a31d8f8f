import { App, TerraformStack } from 'cdktf';
import { AlicloudProvider, Havip } from '../../lib';

const app = new App();
const stack = new TerraformStack(app, 'havip-seed');
new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
new Havip(stack, 'havip', { vswitchId: 'vsw-bp1y******', ipAddress: '192.168.0.24', haVipName: 'test_havip_name' });
app.synth();
