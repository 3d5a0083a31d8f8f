#!/usr/bin/env node
// The jsii build of cdktf-alicloud-havip, for Python, Java, Go and .NET users: stages lib/ (the
// constructs and the pure modules; not lib/testing, which stays TypeScript-only, and of lib/gen only the
// bindings lib/ uses) into build/jsii (git-ignored) with a package.json holding the jsii settings, and
// compiles it with jsii. With --pacmak it then generates each language's sources with
// `jsii-pacmak --code-only` into build/jsii/dist/<language>. Building and publishing those packages needs
// PyPI, Maven Central, NuGet and Go toolchains this project's CI cannot reach: it stops at the sources.
//
// Usage: node scripts/jsii.js [--pacmak]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const OUT = path.join(root, 'build', 'jsii');
const LANGUAGES = ['python', 'java', 'go', 'dotnet'];
const GEN = 'lib/gen/providers/alicloud';
const BINDING_IMPORT = /from '\.\/gen\/providers\/alicloud\/([\w-]+)'/g;
/**
 * Warnings that do not stop the build: `interface` and the bindings' `delete` / `type` are reserved
 * words some languages rename (pacmak does: `interface_`, `getInterface()`); the constructs dev pin
 * (10.8.1) is newer than the peer range's floor, on purpose.
 */
const SILENCED = ['reserved-word', 'metadata/missing-dev-dependency'];
/**
 * What other languages must reach, or the build fails: jsii drops what it cannot express (free
 * functions, constants) without an error. Type -> the static or instance members it must have.
 */
const REQUIRED_API = {
  HaVipCluster: ['havip', 'instances', 'keepalivedConfigs', 'havipIpAddress'],
  HaVipClusterProps: [],
  HaVipAppChecks: ['ensureApplied'],
  KeepalivedConfig: ['render', 'forCluster', 'HAVIP_ADDRESS_PLACEHOLDER', 'HEALTH_CHECK_SCRIPT_PATH'],
  BootScript: ['render'],
  MemberScripts: ['renderInstall', 'renderConfigure', 'renderStart', 'renderSettle', 'settleSeconds', 'CONFIGURE_TIMEOUT_SECONDS'],
  HaVipMember: [],
  HaVipValidation: ['check', 'formatFinding', 'isValidationError'],
  HaVipQuotas: ['DEFAULTS', 'MIN_MEMBERS_PER_HAVIP', 'resolve', 'sourceOf'],
  HaVipRegions: ['SUPPORTED', 'isSupported'],
  AlicloudProvider: [],
  Havip: [],
  Instance: [],
};

/** The jsii settings of the assembly and each language's package name. @param {Record<string, any>} manifest */
function jsiiManifest(manifest) {
  return {
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    license: manifest.license,
    // jsii requires both; the package has no public repository yet.
    author: manifest.author ?? { name: 'cdktf-alicloud-havip developers', organization: true },
    repository: manifest.repository ?? { type: 'git', url: 'https://github.com/cdktf-alicloud-havip/cdktf-alicloud-havip.git' },
    main: 'out/lib/index.js',
    types: 'out/lib/index.d.ts',
    dependencies: manifest.dependencies,
    // Not jsii modules: shipped inside the package (jsii requires this of every plain npm dependency).
    bundledDependencies: Object.keys(manifest.dependencies ?? {}),
    peerDependencies: { cdktf: manifest.peerDependencies.cdktf, constructs: manifest.peerDependencies.constructs },
    devDependencies: { cdktf: manifest.devDependencies.cdktf, constructs: manifest.devDependencies.constructs },
    jsii: {
      outdir: 'dist',
      tsc: { outDir: 'out', rootDir: '.' },
      excludeTypescript: ['dist', 'out'],
      targets: {
        python: { distName: 'cdktf-alicloud-havip', module: 'cdktf_alicloud_havip' },
        java: { package: 'io.github.cdktf_alicloud_havip', maven: { groupId: 'io.github.cdktf-alicloud-havip', artifactId: 'cdktf-alicloud-havip' } },
        go: { moduleName: 'github.com/cdktf-alicloud-havip/cdktf-alicloud-havip-go', packageName: 'havip' },
        dotnet: { namespace: 'CdktfAlicloudHaVip', packageId: 'CdktfAlicloudHaVip' },
      },
    },
  };
}

/** @param {string} from @param {string} to */
function copyTs(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) continue;
    if (entry.name.endsWith('.ts')) fs.copyFileSync(path.join(from, entry.name), path.join(to, entry.name));
  }
}

/** @param {string} dir @param {RegExp} [pattern] @returns {string[]} the files under dir (default: .ts) */
function tsFiles(dir, pattern = /\.ts$/) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

function stage() {
  fs.rmSync(OUT, { recursive: true, force: true });
  const lib = path.join(root, 'lib');
  for (const dir of fs.readdirSync(lib, { withFileTypes: true })) {
    if (dir.isDirectory() && dir.name !== 'testing' && dir.name !== 'gen') copyTs(path.join(lib, dir.name), path.join(OUT, 'lib', dir.name));
  }
  copyTs(lib, path.join(OUT, 'lib'));
  const bindings = new Set();
  for (const file of tsFiles(path.join(OUT, 'lib'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(BINDING_IMPORT)) bindings.add(m[1]);
  }
  for (const binding of bindings) copyTs(path.join(root, GEN, binding), path.join(OUT, GEN, binding));
  // lib/index.ts exports only the config types of the bindings that load lazily (ENI members,
  // routes); other languages create them through the jsii runtime, which needs the classes themselves.
  const index = path.join(OUT, 'lib', 'index.ts');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace(/^export type \{[^}]*\} from '(\.\/gen\/[^']+)';$/gm, "export * from '$1';"));
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(OUT, 'package.json'), `${JSON.stringify(jsiiManifest(manifest), null, 2)}\n`);
  fs.copyFileSync(path.join(root, 'README.md'), path.join(OUT, 'README.md'));
}

/** Fails when the assembly lacks a type or member of REQUIRED_API. */
function checkAssembly() {
  const assembly = JSON.parse(fs.readFileSync(path.join(OUT, '.jsii'), 'utf8'));
  const missing = [];
  for (const [name, members] of Object.entries(REQUIRED_API)) {
    const type = assembly.types[`${assembly.name}.${name}`];
    if (!type) {
      missing.push(name);
      continue;
    }
    const have = new Set([...(type.methods ?? []), ...(type.properties ?? [])].map((m) => m.name));
    missing.push(...members.filter((m) => !have.has(m)).map((m) => `${name}.${m}`));
  }
  if (missing.length > 0) throw new Error(`the jsii assembly lacks ${missing.join(', ')}`);
  return Object.keys(assembly.types).length;
}

/** @param {string} bin @param {string[]} args */
function run(bin, args) {
  const env = { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' };
  const result = spawnSync(path.join(root, 'node_modules', '.bin', bin), args, { cwd: OUT, stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (exit ${result.status})`);
}

function main() {
  const started = Date.now();
  stage();
  run('jsii', ['--fail-on-warnings', ...SILENCED.map((w) => `--silence-warnings=${w}`)]);
  const types = checkAssembly();
  console.log(`jsii: compiled ${path.relative(root, OUT)} with no errors: ${types} types (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (process.argv.includes('--pacmak')) {
    const t = Date.now();
    run('jsii-pacmak', ['--code-only', '--targets', LANGUAGES.join(','), '--outdir', 'dist']);
    for (const lang of LANGUAGES) {
      const out = path.join(OUT, 'dist', lang);
      const sources = fs.existsSync(out) ? tsFiles(out, /\.(py|java|go|cs)$/) : [];
      if (!sources.some((f) => fs.readFileSync(f, 'utf8').includes('class KeepalivedConfig') || f.endsWith('KeepalivedConfig.go'))) {
        throw new Error(`jsii-pacmak wrote no ${lang} sources with KeepalivedConfig`);
      }
    }
    console.log(`jsii-pacmak: ${LANGUAGES.join(', ')} sources in ${path.relative(root, path.join(OUT, 'dist'))} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
}

module.exports = { jsiiManifest, REQUIRED_API, OUT };

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
