// readableSnapshot: every delivered script decoded to lines, everything else as synthesized.
import { gzipSync } from 'node:zlib';
import { App, Fn, TerraformStack, Testing } from 'cdktf';
import { EcsCommand } from '../../lib/gen/providers/alicloud/ecs-command';
import { Instance } from '../../lib/gen/providers/alicloud/instance';
import { AlicloudProvider } from '../../lib/gen/providers/alicloud/provider';
import { decodeScript, readableSnapshot } from '../../lib/testing/snapshot';

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const SCRIPT = '#!/bin/sh\necho "héllo ${x}"\n';
const templated = (script: string, reference = 'alicloud_havip.web_havip_F116CD47.ip_address') =>
  `\${base64encode(replace(base64decode("${b64(script)}"), "@@HAVIP_IP_ADDRESS@@", ${reference}))}`;

describe('decodeScript', () => {
  test.each([
    ['plain base64', b64(SCRIPT), ['#!/bin/sh', 'echo "héllo ${x}"', '']],
    ['one line, no newline', b64('true'), ['true']],
    [
      'the templated form',
      templated('vip=@@HAVIP_IP_ADDRESS@@\n'),
      { script: ['vip=@@HAVIP_IP_ADDRESS@@', ''], replacements: [{ placeholder: '@@HAVIP_IP_ADDRESS@@', replacedWith: 'alicloud_havip.web_havip_F116CD47.ip_address' }] },
    ],
    [
      'a chain of replacements (an allocated address and an ENI MAC)',
      `\${base64encode(replace(replace(base64decode("${b64('ip @@A@@ mac @@M@@')}"), "@@A@@", alicloud_havip.h.ip_address), "@@M@@", alicloud_ecs_network_interface.e.mac))}`,
      { script: ['ip @@A@@ mac @@M@@'], replacements: [{ placeholder: '@@A@@', replacedWith: 'alicloud_havip.h.ip_address' }, { placeholder: '@@M@@', replacedWith: 'alicloud_ecs_network_interface.e.mac' }] },
    ],
  ])('%s is decoded', (_, value, expected) => {
    expect(decodeScript(value)).toEqual(expected);
  });

  test.each([
    ['a reference', '${alicloud_instance.x.user_data}'],
    ['plain text', '#!/bin/sh\ntrue\n'],
    ['base64 of binary data (gzip)', b64(gzipSync('#!/bin/sh\n'))],
    ['not base64 padding', 'abc'],
    ['the empty string', ''],
    ['another expression around base64', `\${base64encode("${b64('x')}")}`],
  ])('%s is not a script', (_, value) => {
    expect(decodeScript(value)).toBeUndefined();
  });
});

describe('readableSnapshot', () => {
  function stack() {
    const s = new TerraformStack(Testing.app(), 'test');
    new AlicloudProvider(s, 'alicloud', { region: 'cn-hangzhou' });
    new Instance(s, 'plain', { instanceType: 't', imageId: 'i', instanceName: 'abcd', userData: b64(SCRIPT) });
    new Instance(s, 'templated', { instanceType: 't', imageId: 'i', userData: templated('ip @@HAVIP_IP_ADDRESS@@') });
    new EcsCommand(s, 'command', { name: 'keepalived', type: 'RunShellScript', commandContent: b64('systemctl reload keepalived\n') });
    return s;
  }

  test('decodes user_data and command_content in every form and leaves every other value as synthesized', () => {
    const doc = JSON.parse(Testing.synth(stack()));
    const view = readableSnapshot(doc) as any;
    expect(view.resource.alicloud_instance.plain.user_data).toEqual(['#!/bin/sh', 'echo "héllo ${x}"', '']);
    expect(view.resource.alicloud_instance.templated.user_data).toEqual({
      script: ['ip @@HAVIP_IP_ADDRESS@@'],
      replacements: [{ placeholder: '@@HAVIP_IP_ADDRESS@@', replacedWith: 'alicloud_havip.web_havip_F116CD47.ip_address' }],
    });
    expect(view.resource.alicloud_ecs_command.command.command_content).toEqual(['systemctl reload keepalived', '']);
    // base64-looking values under other attributes stay: only delivered scripts are decoded
    expect(view.resource.alicloud_instance.plain.instance_name).toBe('abcd');
    const { user_data: _a, ...plainRest } = view.resource.alicloud_instance.plain;
    const { user_data: _b, ...docRest } = doc.resource.alicloud_instance.plain;
    expect(plainRest).toEqual(docRest);
    expect(view.terraform).toEqual(doc.terraform);
  });

  test('takes a stack, its JSON text or the parsed JSON, and changes none of them', () => {
    const json = Testing.synth(stack());
    const doc = JSON.parse(json);
    expect(readableSnapshot(stack())).toEqual(readableSnapshot(json));
    expect(readableSnapshot(doc)).toEqual(readableSnapshot(json));
    expect(doc).toEqual(JSON.parse(json));
  });

  test('scriptAttributes names the attributes to decode', () => {
    const view = readableSnapshot(Testing.synth(stack()), { scriptAttributes: ['command_content'] }) as any;
    expect(view.resource.alicloud_instance.plain.user_data).toBe(b64(SCRIPT));
    expect(view.resource.alicloud_ecs_command.command.command_content).toEqual(['systemctl reload keepalived', '']);
  });

  test('a templated script written with Fn (as HaVipCluster writes it) is decoded', () => {
    const s = new TerraformStack(new App(), 'fn');
    new AlicloudProvider(s, 'alicloud', { region: 'cn-hangzhou' });
    const other = new Instance(s, 'a', { instanceType: 't', imageId: 'i' });
    new Instance(s, 'b', {
      instanceType: 't',
      imageId: 'i',
      userData: Fn.base64encode(Fn.replace(Fn.base64decode(b64('peer @@IP@@')), '@@IP@@', other.privateIp)),
    });
    expect((readableSnapshot(s) as any).resource.alicloud_instance.b.user_data).toEqual({
      script: ['peer @@IP@@'],
      replacements: [{ placeholder: '@@IP@@', replacedWith: 'alicloud_instance.a.private_ip' }],
    });
  });
});
