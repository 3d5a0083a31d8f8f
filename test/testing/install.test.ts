// The stand-in as the published package runs it: the schema Terraform reads back is the pinned file,
// the compiled JS runs without the TypeScript toolchain, and nothing is left behind.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { transformFileSync } from '@swc/core';
import { describeWithTerraform, runTerraformOffline } from '../../lib/testing';
import { havipStack } from './havip-stack';
import { Testing } from 'cdktf';

const root = path.resolve(__dirname, '../..');
const pinned = path.join(root, 'provider', 'alicloud-1.289.0.schema.json');
const stackJson = () => Testing.synth(havipStack({ ipAddress: '192.168.0.24' }));

describeWithTerraform('the stand-in provider, installed', () => {
  test('terraform providers schema -json gives back exactly the pinned schema file', () => {
    const { init, run } = runTerraformOffline(stackJson(), ['providers', 'schema', '-json']);
    expect(init.stderr).toBe('');
    expect(run!.status).toBe(0);
    expect(JSON.parse(run!.stdout)).toEqual(JSON.parse(fs.readFileSync(pinned, 'utf8')));
  }, 30_000);

  test('from compiled JS (no TypeScript), it validates and plans, and leaves nothing behind', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-installed-'));
    try {
      // A package folder as npm would install it: package.json, provider/, dist/lib/testing/*.js.
      const pkg = path.join(scratch, 'node_modules', 'cdktf-alicloud-havip');
      const out = path.join(pkg, 'dist', 'lib', 'testing');
      fs.mkdirSync(out, { recursive: true });
      fs.copyFileSync(path.join(root, 'package.json'), path.join(pkg, 'package.json'));
      fs.cpSync(path.join(root, 'provider'), path.join(pkg, 'provider'), { recursive: true });
      fs.symlinkSync(path.join(root, 'node_modules'), path.join(pkg, 'node_modules'));
      for (const file of fs.readdirSync(path.join(root, 'lib', 'testing')).filter((f) => f.endsWith('.ts'))) {
        const { code } = transformFileSync(path.join(root, 'lib', 'testing', file), {
          module: { type: 'commonjs' },
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        });
        fs.writeFileSync(path.join(out, file.replace(/\.ts$/, '.js')), code);
      }
      const project = path.join(scratch, 'project');
      const stackDir = path.join(project, 'cdktf.out', 'stacks', 'havip');
      fs.mkdirSync(stackDir, { recursive: true });
      fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), stackJson());
      const tmp = path.join(scratch, 'tmp');
      fs.mkdirSync(tmp);

      const script = `
        const testing = require(${JSON.stringify(out)});
        const runner = require(${JSON.stringify(path.join(out, 'runner.js'))});
        const result = testing.planOffline('cdktf.out');
        console.log(JSON.stringify({ ok: result.ok, diagnostics: result.diagnostics, changes: result.resourceChanges.length, command: runner.providerCommand() }));`;
      const child = spawnSync(process.execPath, ['-e', script], { cwd: project, env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });
      expect(child.stderr).toBe('');
      const report = JSON.parse(child.stdout);
      expect(report).toMatchObject({ ok: true, diagnostics: [], changes: 7 });
      expect(report.command).toEqual([process.execPath, path.join(out, 'provider-main.js')]);

      expect(fs.readdirSync(tmp)).toEqual([]); // mirror, work folders, plugin sockets: all gone
      expect(fs.readdirSync(project, { recursive: true }).sort()).toEqual(['cdktf.out', 'cdktf.out/stacks', 'cdktf.out/stacks/havip', 'cdktf.out/stacks/havip/cdk.tf.json']);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);
});

test('the construct library (main entry) loads none of the testing entry or its dependencies', () => {
  const script = `require('./lib'); console.log(JSON.stringify(Object.keys(require.cache)));`;
  const child = spawnSync(process.execPath, ['-r', './scripts/register.js', '-e', script], { cwd: root, encoding: 'utf8' });
  expect(child.status).toBe(0);
  const loaded: string[] = JSON.parse(child.stdout);
  expect(loaded.some((file) => file.includes(`${path.sep}lib${path.sep}gen${path.sep}`))).toBe(true);
  const ours = path.join(root, 'lib', 'testing');
  expect(loaded.filter((file) => file.startsWith(ours) || /[\\/](@grpc|@msgpack|protobufjs)[\\/]/.test(file))).toEqual([]);
}, 30_000);

test('the package ships what the testing entry needs: both protocol files and the pinned provider files', () => {
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  expect(pack.status).toBe(0);
  const files: string[] = JSON.parse(pack.stdout)[0].files.map((f: { path: string }) => f.path);
  expect(files).toEqual(
    expect.arrayContaining([
      'provider/tfplugin5.proto',
      'provider/go-plugin.proto',
      'provider/alicloud-1.289.0.schema.json',
      'provider/alicloud-1.289.0.validations.json',
    ]),
  );
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  expect(manifest.exports['./testing']).toEqual({ types: './dist/lib/testing/index.d.ts', default: './dist/lib/testing/index.js' });
  for (const dependency of ['@grpc/grpc-js', '@grpc/proto-loader', '@msgpack/msgpack']) {
    expect(manifest.peerDependenciesMeta[dependency]).toEqual({ optional: true });
    expect(manifest.dependencies?.[dependency]).toBeUndefined();
  }
}, 30_000);
