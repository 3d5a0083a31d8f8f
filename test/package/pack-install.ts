// The package as users get it: `npm pack` (prepack builds dist/), the tarball checked by
// @arethetypeswrong/cli and publint, then installed into a fresh project in a temporary folder outside
// the repository, with its dependencies from the npm registry and no path to this repository's
// node_modules. There, with the README's own install lines, tsconfig.json, cdktf.json and code:
//   - the quick start synthesizes through cdktf-cli (`cdktf synth`, as the README says);
//   - the README's jest snapshot test runs with cdktf's Testing matchers and readableSnapshot;
//   - `/alicloud`, `/testing` and the main entry load from CommonJS, .mjs and .mts, each used through
//     a named export; `/testing` without its optional peers names the packages to install;
//   - the types check under moduleResolution node10, node16, nodenext and bundler, without
//     skipLibCheck and without @types/node.
// Usage: npm run test:package (needs the npm registry; about 2-3 minutes). KEEP=1 keeps the folder.
import { execFileSync, spawn, spawnSync, SpawnSyncOptions } from 'node:child_process';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileBlock, readmeSection, readReadme, shellCommands } from '../support/readme';

const root = path.resolve(__dirname, '..', '..');
const PACKAGE = 'cdktf-alicloud-havip';
const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'havip-package-')));
const app = path.join(work, 'app');
const cliPrefix = path.join(work, 'cli');
const started = Date.now();

/**
 * Environment of the fresh project: this process's (proxy and CA settings included) without
 * NODE_PATH, without the npm_* variables `npm run` sets, and without PATH entries in this repository
 * (`npm run` puts node_modules/.bin first).
 */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NODE_PATH$|INIT_CWD$)/i.test(key))),
  PATH: [path.join(cliPrefix, 'bin'), ...(process.env.PATH ?? '').split(path.delimiter).filter((d) => d && !d.startsWith(root))].join(path.delimiter),
  CHECKPOINT_DISABLE: '1',
  TF_CLI_CONFIG_FILE: '/dev/null',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  CI: 'true',
};

function step<T>(name: string, fn: () => T): T {
  const t = Date.now();
  process.stdout.write(`- ${name} ... `);
  const result = fn();
  console.log(`ok (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  return result;
}

interface Packed {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly files: { readonly path: string }[];
}

function run(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }): string {
  const result = spawnSync(command, args, { env, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024, ...options });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    throw new Error(`\`${[command, ...args].join(' ')}\` in ${options.cwd} failed (${result.error?.message ?? result.status ?? result.signal}):\n${output}`);
  }
  return output;
}

/** Runs a command in the background (the slow cdktf-cli install overlaps the steps before synth). */
function background(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`\`${[command, ...args].join(' ')}\` failed (${code ?? signal}):\n${output}`));
    });
  });
}

/** One line of a README shell block, run as written in the app folder, the package name standing for the tarball. */
function runReadmeLine(line: string, tarball: string): string {
  const words = line.split(/\s+/).map((word) => (word === PACKAGE ? tarball : word));
  assert.equal(words.join(' ').includes('"'), false, `unexpected quoting in README line: ${line}`);
  return run(words[0]!, words.slice(1), { cwd: app });
}

async function main(): Promise<void> {
  const quickStart = readmeSection(readReadme(), 'Quick start');
  const [install, cli] = shellCommands(quickStart);
  assert.ok(install && cli, 'the quick start has an install block and a cdktf block');
  const [installCli, synth] = cli;
  assert.match(installCli!, /^npm install --global cdktf-cli@/);
  // --ignore-scripts: CI reaches only the npm registry, and node-pty's install script (the
  // terminal `cdktf deploy` uses; synth does not) would download a prebuilt binary from GitHub.
  const cliInstalled = background('npm', [...installCli!.split(/\s+/).slice(1), '--prefix', cliPrefix, '--ignore-scripts'], work);
  cliInstalled.catch(() => undefined); // awaited below
  const packed = step('npm pack builds and packs the compiled entry points', (): Packed => {
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    const result: Packed = JSON.parse(out.slice(out.indexOf('[')))[0];
    const files = result.files.map((f) => f.path);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const targets = Object.values(manifest.exports as Record<string, string | Record<string, string>>).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
    for (const target of targets) assert.ok(files.includes(target.replace(/^\.\//, '')), `the tarball lacks ${target}`);
    for (const file of ['dist/lib/testing/provider-main.js', 'provider/alicloud-1.289.0.schema.json', 'LICENSE', 'CHANGELOG.md', 'README.md']) {
      assert.ok(files.includes(file), `the tarball lacks ${file}`);
    }
    assert.deepEqual(files.filter((f) => /^(test|bench|scripts|examples)\/|^lib\/|\.ts$(?<!\.d\.ts)/.test(f)), []);
    return result;
  });
  const tarball = path.join(work, packed.filename);
  console.log(`  tarball: ${(packed.size / 1000).toFixed(1)} kB packed, ${(packed.unpackedSize / 1000).toFixed(1)} kB unpacked, ${packed.entryCount} files`);

  step('@arethetypeswrong/cli finds no problem', () => {
    run(path.join(root, 'node_modules', '.bin', 'attw'), [tarball, '--format', 'ascii'], { cwd: work });
  });
  step('publint finds no error or warning', () => {
    const out = run(path.join(root, 'node_modules', '.bin', 'publint'), ['run', tarball, '--strict'], { cwd: work });
    assert.doesNotMatch(out, /Errors:|Warnings:/);
  });

  fs.mkdirSync(app);
  step(`the quick start's install lines (${install.length}) in a fresh folder`, () => {
    for (const line of install) runReadmeLine(line, tarball);
    // the project resolves its own copies and cannot reach this repository's dev dependencies
    assert.ok(run('node', ['-p', "require.resolve('cdktf')"], { cwd: app }).startsWith(path.join(app, 'node_modules')));
    assert.throws(() => run('node', ['-e', "require.resolve('fast-check')"], { cwd: app }));
    const installed = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', PACKAGE, 'package.json'), 'utf8'));
    assert.equal(installed.version, JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);
    assert.ok(!fs.existsSync(path.join(app, 'node_modules', '@grpc', 'grpc-js')), 'the optional peers are not installed by default');
  });
  for (const file of ['tsconfig.json', 'cdktf.json', 'main.ts']) fs.writeFileSync(path.join(app, file), fileBlock(quickStart, file));

  const t = Date.now();
  process.stdout.write('- cdktf-cli as the README installs it (into a private prefix, in the background) ... ');
  await cliInstalled;
  console.log(`ok (${((Date.now() - t) / 1000).toFixed(1)} s more)`);
  step('`cdktf synth` of the quick start', () => {
    assert.equal(synth, 'cdktf synth');
    run(path.join(cliPrefix, 'bin', 'cdktf'), ['synth'], { cwd: app });
    const doc = JSON.parse(fs.readFileSync(path.join(app, 'cdktf.out', 'stacks', 'web', 'cdk.tf.json'), 'utf8'));
    assert.equal(Object.keys(doc.resource.alicloud_instance).length, 2);
    assert.equal(Object.values<{ ip_address: string }>(doc.resource.alicloud_havip)[0]!.ip_address, '192.168.0.24');
    assert.deepEqual(doc.terraform.required_providers.alicloud, { source: 'aliyun/alicloud', version: '~> 1.289' });
    assert.equal(doc.output.havip_address.value, '192.168.0.24');
  });

  const snapshots = readmeSection(readReadme(), 'Snapshot tests of your stacks');
  step("the README's jest snapshot test: writes a readable snapshot, then passes with --ci", () => {
    for (const line of shellCommands(snapshots)[0]!) runReadmeLine(line, tarball);
    for (const file of ['jest.config.js', 'main.test.ts']) fs.writeFileSync(path.join(app, file), fileBlock(snapshots, file));
    const first = run('npx', ['jest', '--ci=false'], { cwd: app });
    assert.match(first, /1 snapshot written/);
    const snapshot = fs.readFileSync(path.join(app, '__snapshots__', 'main.test.ts.snap'), 'utf8');
    assert.match(snapshot, /"user_data": \[\n\s+"#!\/bin\/sh",/);
    assert.match(snapshot, /unicast_peer/);
    assert.doesNotMatch(snapshot, /"user_data": "/);
    assert.match(run('npx', ['jest', '--ci'], { cwd: app }), /Tests:\s+2 passed, 2 total/);
  });

  step('CommonJS, .mjs and .mts use a named export of each entry', () => {
    const uses = (imports: string) => `${imports}
const stack = new TerraformStack(new App(), 'entries');
new AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
new routeEntry.RouteEntry(stack, 'route', { routeTableId: 'vtb-1', destinationCidrblock: '10.0.0.0/8', nexthopType: 'HaVip', nexthopId: 'havip-1' });
const doc = readableSnapshot(stack);
if (!JSON.stringify(doc).includes('"nexthop_type":"HaVip"')) throw new Error('no route entry');
if (typeof HaVipCluster !== 'function') throw new Error('no HaVipCluster');
console.log('entries ok');
`;
    const esmImports = `import { App, TerraformStack } from 'cdktf';
import { AlicloudProvider, HaVipCluster } from '${PACKAGE}';
import { routeEntry } from '${PACKAGE}/alicloud';
import { readableSnapshot } from '${PACKAGE}/testing';`;
    fs.writeFileSync(
      path.join(app, 'entries.cjs'),
      uses(`const { App, TerraformStack } = require('cdktf');
const { AlicloudProvider, HaVipCluster } = require('${PACKAGE}');
const { routeEntry } = require('${PACKAGE}/alicloud');
const { readableSnapshot } = require('${PACKAGE}/testing');`),
    );
    fs.writeFileSync(path.join(app, 'entries.mjs'), uses(esmImports));
    fs.writeFileSync(path.join(app, 'entries.mts'), uses(esmImports));
    for (const file of ['entries.cjs', 'entries.mjs']) assert.match(run('node', [file], { cwd: app }), /entries ok/);
    run('npx', ['tsc', '--module', 'nodenext', '--target', 'es2022', '--strict', '--types', 'node', '--outDir', 'mts-out', 'entries.mts'], { cwd: app });
    assert.match(run('node', [path.join('mts-out', 'entries.mjs')], { cwd: app }), /entries ok/);
  });

  step('/testing without its optional peers names the packages to install', () => {
    fs.writeFileSync(
      path.join(app, 'peers.cjs'),
      `const { planOffline } = require('${PACKAGE}/testing');
try { planOffline('{}'); console.log('no error'); } catch (e) { console.log(e.message); }`,
    );
    assert.match(run('node', ['peers.cjs'], { cwd: app }), /npm install --save-dev @grpc\/grpc-js @grpc\/proto-loader @msgpack\/msgpack/);
  });

  const offline = readmeSection(readReadme(), 'Testing your stacks with real Terraform, offline');
  step("with the README's optional peers, planOffline plans the quick start's stack with real Terraform", () => {
    const terraform = spawnSync('terraform', ['version'], { env, encoding: 'utf8' });
    if (terraform.status !== 0) {
      if (/^(true|1)$/i.test(process.env.CI ?? '')) throw new Error('no terraform on PATH (CI=true)');
      console.log('skipped: no terraform on PATH');
      return;
    }
    for (const line of shellCommands(offline)[0]!) runReadmeLine(line, tarball);
    fs.writeFileSync(
      path.join(app, 'plan.cjs'),
      `const { planOffline } = require('${PACKAGE}/testing');
const result = planOffline('cdktf.out/stacks/web');
console.log(JSON.stringify({ ok: result.ok, diagnostics: result.diagnostics, creates: result.resourceChanges.filter((c) => c.actions.join() === 'create').length }));`,
    );
    const doc = JSON.parse(fs.readFileSync(path.join(app, 'cdktf.out', 'stacks', 'web', 'cdk.tf.json'), 'utf8'));
    const resources = Object.values<object>(doc.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
    const result = JSON.parse(run('node', ['plan.cjs'], { cwd: app }).trim().split('\n').pop()!);
    assert.deepEqual(result, { ok: true, diagnostics: [], creates: resources });
  });

  step('types check under moduleResolution node10, node16, nodenext and bundler (no skipLibCheck, no @types/node)', () => {
    const check = `import { App, TerraformStack } from 'cdktf';
import { HaVipCluster, type HaVipClusterProps } from '${PACKAGE}';
import { routeEntry } from '${PACKAGE}/alicloud';
import { readableSnapshot, type TerraformRun, type OfflinePlanResult } from '${PACKAGE}/testing';
const props: HaVipClusterProps = {
  vpcId: 'vpc-1', vswitchId: 'vsw-1', havip: { ipAddress: '192.168.0.24' },
  nodes: [{ privateIp: '192.168.0.25' }, { privateIp: '192.168.0.26' }],
  instance: { instanceType: 'ecs.g7.large', imageId: 'img' }, keepalived: { virtualRouterId: 51 },
};
const stack = new TerraformStack(new App(), 'types');
const cluster = new HaVipCluster(stack, 'web', props);
const route = new routeEntry.RouteEntry(stack, 'route', { routeTableId: 'vtb-1', nexthopId: cluster.havip.id });
const doc: Record<string, unknown> = readableSnapshot(stack);
export const used: [string, Record<string, unknown>, TerraformRun | undefined, OfflinePlanResult | undefined] = [route.nexthopId, doc, undefined, undefined];
`;
    fs.mkdirSync(path.join(app, 'types'));
    fs.writeFileSync(path.join(app, 'types', 'check.ts'), check);
    fs.writeFileSync(path.join(app, 'types', 'check.mts'), check);
    const settings: Record<string, { module: string; files: string[] }> = {
      node10: { module: 'commonjs', files: ['check.ts'] },
      node16: { module: 'node16', files: ['check.ts', 'check.mts'] },
      nodenext: { module: 'nodenext', files: ['check.ts', 'check.mts'] },
      bundler: { module: 'esnext', files: ['check.ts'] },
    };
    for (const [resolution, { module, files }] of Object.entries(settings)) {
      const config = {
        compilerOptions: { target: 'ES2022', lib: ['ES2022'], module, moduleResolution: resolution, strict: true, noEmit: true, skipLibCheck: false, types: [] },
        files,
      };
      fs.writeFileSync(path.join(app, 'types', `tsconfig.${resolution}.json`), JSON.stringify(config));
      run('npx', ['tsc', '-p', `tsconfig.${resolution}.json`], { cwd: path.join(app, 'types') });
    }
  });

  console.log(`package test passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    if (process.env.KEEP) console.log(`kept ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  });
