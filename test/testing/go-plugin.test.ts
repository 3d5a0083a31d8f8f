// The provider process as Terraform meets it, without Terraform: handshake line, AutoMTLS, the
// Provider service over the unix socket, go-plugin's stdio stream and Shutdown.
import { ChildProcess, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { makeSelfSignedCertificate } from '../../lib/testing/certificate';
import { decodeValue, encodeValue, Unknown } from '../../lib/testing/cty';
import { loadProtocol, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../lib/testing/go-plugin';
import { providerCommand } from '../../lib/testing/runner';

const protocol = loadProtocol();
const clientCert = makeSelfSignedCertificate(); // what Terraform sends in PLUGIN_CLIENT_CERT

interface Started {
  readonly child: ChildProcess;
  readonly handshake: string[];
  readonly exited: Promise<number | null>;
}

function startProvider(env: Record<string, string>): Promise<Started> {
  const [command, ...args] = providerCommand();
  const child = spawn(command!, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no handshake within 10 s')), 10_000);
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.stdout!.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve({ child, handshake: chunk.toString().trim().split('|'), exited });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`exited ${code}: ${stderr}`), { code, stderr }));
    });
  });
}

const pluginEnv = { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6', PLUGIN_CLIENT_CERT: clientCert.certPem };

function client(pkg: string, service: string, socket: string, serverDer: Buffer, withClientCert = true): any {
  const serverPem = new X509Certificate(serverDer).toString();
  const credentials = withClientCert
    ? grpc.credentials.createSsl(Buffer.from(serverPem), Buffer.from(clientCert.keyPem), Buffer.from(clientCert.certPem))
    : grpc.credentials.createSsl(Buffer.from(serverPem));
  const Client = (protocol[pkg] as grpc.GrpcObject)[service] as grpc.ServiceClientConstructor;
  return new Client(`unix:${socket}`, credentials, { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' });
}

const call = (c: any, method: string, request: object): Promise<any> =>
  new Promise((resolve, reject) =>
    c[method](request, { deadline: Date.now() + 10_000 }, (error: Error | null, response: any) => (error ? reject(error) : resolve(response))),
  );

describe('the provider process speaks go-plugin and tfplugin5', () => {
  let started: Started;
  let serverDer: Buffer;

  beforeAll(async () => {
    started = await startProvider(pluginEnv);
    serverDer = Buffer.from(started.handshake[5]!, 'base64');
  }, 20_000);

  afterAll(() => {
    if (started.child.exitCode === null) started.child.kill('SIGKILL');
  });

  test('the handshake line: core protocol 1, tfplugin5, a unix socket, grpc, and a localhost certificate', () => {
    expect(started.handshake.slice(0, 3)).toEqual(['1', '5', 'unix']);
    expect(fs.statSync(started.handshake[3]!).isSocket()).toBe(true);
    expect(started.handshake[4]).toBe('grpc');
    expect(started.handshake[5]).not.toMatch(/=/); // base64 without padding, as go-plugin reads it
    expect(new X509Certificate(serverDer).checkHost('localhost')).toBe('localhost');
  });

  test('a client without the certificate Terraform announced is refused', async () => {
    const stranger = client('tfplugin5', 'Provider', started.handshake[3]!, serverDer, false);
    await expect(call(stranger, 'GetSchema', {})).rejects.toThrow();
    stranger.close();
  });

  test('GetSchema, ValidateResourceTypeConfig and PlanResourceChange over mutual TLS', async () => {
    const provider = client('tfplugin5', 'Provider', started.handshake[3]!, serverDer);
    const schema = await call(provider, 'GetSchema', {});
    expect(Object.keys(schema.resource_schemas)).toContain('alicloud_havip');

    const rule = { type: 'ingress', ip_protocol: 'vrrp', security_group_id: 'sg-1', source_security_group_id: 'sg-1' };
    const validated = await call(provider, 'ValidateResourceTypeConfig', {
      type_name: 'alicloud_security_group_rule',
      config: { msgpack: encodeValue(rule) },
    });
    expect(validated.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        summary: 'expected ip_protocol to be one of [tcp udp icmp icmpv6 gre all], got vrrp',
        attribute: { steps: [{ attribute_name: 'ip_protocol', selector: 'attribute_name' }] },
      }),
    ]);

    const planned = await call(provider, 'PlanResourceChange', {
      type_name: 'alicloud_havip',
      prior_state: { msgpack: encodeValue(null) },
      proposed_new_state: { msgpack: encodeValue({ vswitch_id: 'vsw-1', ip_address: null, id: null }) },
    });
    expect(planned.legacy_type_system).toBe(true);
    expect(decodeValue(planned.planned_state.msgpack)).toMatchObject({ vswitch_id: 'vsw-1', ip_address: Unknown.value });
    provider.close();
  });

  test('Shutdown ends the stdio stream and the process, and removes the socket', async () => {
    const stdio = client('plugin', 'GRPCStdio', started.handshake[3]!, serverDer);
    const stream = stdio.StreamStdio({});
    const streamEnded = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('error', () => resolve());
    });
    stream.on('data', () => undefined);
    const controller = client('plugin', 'GRPCController', started.handshake[3]!, serverDer);
    await call(controller, 'Shutdown', {});
    expect(await started.exited).toBe(0);
    await streamEnded;
    expect(fs.existsSync(started.handshake[3]!)).toBe(false);
    stdio.close();
    controller.close();
  });
});

test('started without Terraform (no magic cookie), it says so and exits 1', async () => {
  await expect(startProvider({ [MAGIC_COOKIE_KEY]: '' })).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining('it is not meant to be run directly'),
  });
}, 20_000);
