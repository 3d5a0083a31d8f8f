// Serving a gRPC plugin the way HashiCorp go-plugin clients (Terraform) expect: check the magic
// cookie, listen on a unix socket with mutual TLS (AutoMTLS: the client sends its certificate in
// PLUGIN_CLIENT_CERT, we answer with a fresh one in the handshake line), print the handshake line,
// and serve go-plugin's own GRPCStdio and GRPCController services next to the plugin's.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { makeSelfSignedCertificate } from './certificate';
import { providerFile } from './schema';

/** Terraform's handshake cookie (the same for every provider). */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
const CORE_PROTOCOL_VERSION = 1;
const PLUGIN_PROTOCOL_VERSION = 5;

/** Loads the protocol definitions (provider/tfplugin5.proto, provider/go-plugin.proto). */
export function loadProtocol(): grpc.GrpcObject {
  const definition = protoLoader.loadSync([providerFile('tfplugin5.proto'), providerFile('go-plugin.proto')], {
    keepCase: true,
    longs: Number,
    enums: String,
    bytes: Buffer,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(definition);
}

function serviceOf(protocol: grpc.GrpcObject, pkg: string, name: string): grpc.ServiceDefinition {
  return ((protocol[pkg] as grpc.GrpcObject)[name] as grpc.ServiceClientConstructor).service;
}

/** One gRPC service's handlers, by RPC name. */
export type Handlers = grpc.UntypedServiceImplementation;

export interface ServeOptions {
  /** The tfplugin5 Provider service. */
  readonly provider: Handlers;
  readonly env?: NodeJS.ProcessEnv;
  /** Where the handshake line goes (stdout, which Terraform reads). */
  readonly out?: NodeJS.WritableStream;
}

/**
 * Serves until Terraform calls GRPCController.Shutdown or the parent process goes away.
 * Resolves once serving; the process exits on shutdown.
 */
export async function servePlugin(protocol: grpc.GrpcObject, options: ServeOptions): Promise<void> {
  const env = options.env ?? process.env;
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    throw new Error('This is a Terraform provider plugin, started by Terraform; it is not meant to be run directly.');
  }
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? String(PLUGIN_PROTOCOL_VERSION)).split(',').map(Number);
  if (!offered.includes(PLUGIN_PROTOCOL_VERSION)) {
    throw new Error(`Terraform offers plugin protocol ${offered.join(',')}; this provider speaks ${PLUGIN_PROTOCOL_VERSION}`);
  }

  const clientCert = env.PLUGIN_CLIENT_CERT;
  const certificate = clientCert ? makeSelfSignedCertificate() : undefined;
  const credentials = certificate
    ? grpc.ServerCredentials.createSsl(
        Buffer.from(clientCert!),
        [{ private_key: Buffer.from(certificate.keyPem), cert_chain: Buffer.from(certificate.certPem) }],
        true,
      )
    : grpc.ServerCredentials.createInsecure();

  const socketDir = fs.mkdtempSync(path.join(env.PLUGIN_UNIX_SOCKET_DIR || os.tmpdir(), 'plugin'));
  const socketPath = path.join(socketDir, 'provider.sock');
  const server = new grpc.Server();
  const stdioStreams = new Set<grpc.ServerWritableStream<unknown, unknown>>();
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    for (const stream of stdioStreams) stream.end();
    const exit = () => {
      fs.rmSync(socketDir, { recursive: true, force: true });
      process.exit(0);
    };
    server.tryShutdown(exit); // lets the answer to Shutdown reach Terraform
    setTimeout(() => {
      server.forceShutdown();
      exit();
    }, 2000).unref();
  };

  server.addService(serviceOf(protocol, 'tfplugin5', 'Provider'), options.provider);
  server.addService(serviceOf(protocol, 'plugin', 'GRPCStdio'), {
    // Terraform reads our stdio through this stream; we write nothing to it and close it at shutdown.
    StreamStdio: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      stdioStreams.add(call);
      call.on('cancelled', () => stdioStreams.delete(call));
    },
  });
  server.addService(serviceOf(protocol, 'plugin', 'GRPCController'), {
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<object>) => {
      callback(null, {});
      shutdown();
    },
  });

  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix:${socketPath}`, credentials, (error) => (error ? reject(error) : resolve())),
  ).catch((error) => {
    fs.rmSync(socketDir, { recursive: true, force: true });
    throw error;
  });

  // Exit with Terraform, even when it could not say goodbye.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && shutdown(), 500).unref();
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', () => undefined); // as go-plugin plugins do: Terraform handles Ctrl-C and stops us

  const fields = [CORE_PROTOCOL_VERSION, PLUGIN_PROTOCOL_VERSION, 'unix', socketPath, 'grpc'];
  if (certificate) fields.push(certificate.der.toString('base64').replace(/=+$/, ''));
  (options.out ?? process.stdout).write(fields.join('|') + '\n');
}
