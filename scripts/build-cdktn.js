#!/usr/bin/env node
// Builds the CDK Terrain (cdktn) twin of this package, `cdktn-alicloud-havip`, from the same sources:
// copies lib/, test/, examples/, scripts/ and provider/ into build/cdktn (git-ignored), rewrites the
// core import `cdktf` -> `cdktn`, writes the twin's package.json (its own name and peer ranges) and
// README quick start, installs the twin's own node_modules from the npm registry, and generates its
// alicloud bindings with @cdktn/provider-generator. Nothing in build/cdktn is edited by hand.
//
// Usage: node scripts/build-cdktn.js [--pack | --test]
//   --pack  also compiles the twin (tsc) and packs it; the tarball's path is the last line printed.
//   --test  also runs the twin's type check and its jest suite, all but the failover lab (test/lab),
//           with the twin's own node_modules (npm run test:cdktn).
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const OUT = path.join(root, 'build', 'cdktn');

/** The twin's identity: what differs from cdktf-alicloud-havip. */
const TWIN = {
  name: 'cdktn-alicloud-havip',
  core: 'cdktn',
  coreVersion: '0.24.0',
  generatorVersion: '0.24.0',
  // cdktn 0.24.0's own peer range; the twin develops against the newest constructs inside it.
  constructsPeer: '>=10.6.0 <10.8.0',
  constructsDev: '10.7.0',
};

/** Where the unchanged cdktf build is copied inside the twin's folder (not packed: `files` leaves it out). */
const CDKTF_BUILD = 'cdktf-build';

/** What is copied (relative to the root); lib/gen is generated instead, build output is skipped. */
const COPY = ['lib', 'test', 'examples', 'scripts', 'provider', 'tsconfig.json', 'tsconfig.build.json', 'jest.config.js', 'cdktf.json', 'typedoc.json'];
const SKIP = new Set(['lib/gen', 'test/lab/results', 'node_modules', 'dist', 'cdktf.out', '.terraform', 'scripts/build-cdktn.js', 'scripts/cdktn-cli-synth.js', 'scripts/jsii.js', 'test/cdktn']);
/** Dev dependencies of cdktf-alicloud-havip the twin does not need (the cdktf core, its generator, the jsii toolchain). */
const DROP_DEV = ['cdktf', '@cdktf/provider-generator', 'jsii', 'jsii-pacmak', 'jsii-rosetta', 'constructs'];
/** Scripts that only make sense in the cdktf package (they build the twin or the jsii languages). */
const DROP_SCRIPTS = ['build:cdktn', 'pack:cdktn', 'test:cdktn', 'synth:cdktn', 'jsii', 'jsii:pacmak'];

/**
 * Files where the npm package's name is rewritten too: they name the package a user installs or
 * imports. Everywhere else (text rendered onto the members: boot script, keepalived.conf) the name
 * stays, so the twin synthesizes byte-identical JSON and moving between the packages changes no resource.
 */
const RENAME_PACKAGE_IN = [/^lib\/testing\//, /^test\/testing\//, /^test\/readme\.test\.ts$/, /^lib\/index\.ts$/, /^README\.md$/, /^scripts\/api-docs\.js$/];

/**
 * The rewrite applied to every copied .ts/.js file (and the README), exported for tests.
 * @param {string} text @param {string} file path relative to the root, `/`-separated
 */
function rewriteSource(text, file) {
  let out = text
    // The core: import ... from 'cdktf' / require('cdktf') / import('cdktf') (and 'cdktf/...').
    .replace(/(\bfrom\s+|\brequire\(\s*|\bimport\(\s*)(['"])cdktf(\/[^'"]*)?\2/g, `$1$2${TWIN.core}$3$2`)
    // The generator (scripts/gen-provider.js): cdktn ships it under build/, its helpers in @cdktn/commons.
    .replace(/@cdktf\/provider-generator\/lib\//g, '@cdktn/provider-generator/build/')
    .replace(/@cdktf\/(provider-generator|commons)\b/g, '@cdktn/$1');
  if (RENAME_PACKAGE_IN.some((re) => re.test(file))) out = out.replace(/\bcdktf-alicloud-havip\b/g, TWIN.name);
  return out;
}

/** The README section about both packages: the twin keeps it as written. */
const BOTH_PACKAGES_SECTION = '## cdktf or cdktn, and other languages';

/** @param {string} section a README section, rewritten for the twin */
function rewriteReadmeSection(section) {
  return rewriteSource(section, 'README.md')
    .replace(/from 'cdktf'/g, `from '${TWIN.core}'`)
    .replace(/\bcdktf@\^0\.21\b/g, `cdktn@^${TWIN.coreVersion}`)
    .replace(/\bconstructs@\^10\b/g, `"constructs@${TWIN.constructsPeer}"`)
    .replace(/\bcdktf-cli(@\^0\.21)?\b/g, (_, v) => `cdktn-cli${v ? `@^${TWIN.coreVersion}` : ''}`)
    .replace(/\bcdktf (synth|deploy|destroy|diff|get)\b/g, 'cdktn $1')
    .replace(/\(with cdktf-cli installed\)/g, '(with cdktn-cli installed; it needs Node >= 22.19)');
}

/**
 * The twin's README: which package this is, then ours with the quick start and commands for cdktn.
 * @param {string} readme
 */
function twinReadme(readme) {
  const body = readme
    .replace(/^# .*\n/, '')
    .split(/^(?=## )/m)
    .map((section) => (section.startsWith(BOTH_PACKAGES_SECTION) ? section : rewriteReadmeSection(section)))
    .join('');
  return (
    `# ${TWIN.name}\n\n` +
    `The [CDK Terrain](https://cdktn.io) (\`cdktn\` ${TWIN.coreVersion}) build of ` +
    '[cdktf-alicloud-havip](https://www.npmjs.com/package/cdktf-alicloud-havip), made from the same ' +
    'sources with bindings generated by `@cdktn/provider-generator`. Use this package with `cdktn`, ' +
    'and `cdktf-alicloud-havip` with `cdktf`: a cluster created in a stack of the other core throws at once. ' +
    '`cdktn-cli` needs Node >= 22.19; the library itself runs on Node 20 too.\n\n' +
    '```sh\nnpm install cdktn-alicloud-havip cdktn constructs\n```\n' +
    body
  );
}

/**
 * The twin's package.json, from ours.
 * @param {Record<string, any>} manifest
 */
function twinManifest(manifest) {
  const m = JSON.parse(JSON.stringify(manifest));
  m.name = TWIN.name;
  m.description = manifest.description.replace(/^CDKTF construct/, 'CDK Terrain (cdktn) construct');
  for (const s of DROP_SCRIPTS) delete m.scripts[s];
  for (const d of DROP_DEV) delete m.devDependencies[d];
  m.devDependencies[TWIN.core] = TWIN.coreVersion;
  m.devDependencies['@cdktn/provider-generator'] = TWIN.generatorVersion;
  m.devDependencies.constructs = TWIN.constructsDev;
  // Only for test/cdktn/mixed-cores.test.ts: both cores side by side on one constructs, as in a user's mixed app.
  m.devDependencies.cdktf = manifest.devDependencies.cdktf;
  delete m.peerDependencies.cdktf;
  m.peerDependencies[TWIN.core] = `^${TWIN.coreVersion}`;
  m.peerDependencies.constructs = TWIN.constructsPeer;
  m.devDependencies = sortKeys(m.devDependencies);
  m.peerDependencies = sortKeys(m.peerDependencies);
  return m;
}

/** @param {Record<string, string>} o */
function sortKeys(o) {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** @param {string} rel */
function copyTree(rel) {
  const from = path.join(root, rel);
  if (!fs.existsSync(from) || SKIP.has(rel) || SKIP.has(path.basename(rel))) return;
  const to = path.join(OUT, rel);
  if (fs.statSync(from).isDirectory()) {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from)) copyTree(path.posix.join(rel, entry));
  } else if (/\.(ts|js)$/.test(rel)) {
    fs.writeFileSync(to, rewriteSource(fs.readFileSync(from, 'utf8'), rel));
  } else {
    fs.copyFileSync(from, to);
  }
}

/** @param {string} cmd @param {string[]} args @param {import('node:child_process').SpawnSyncOptions} [options] */
function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: OUT, stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${OUT} (exit ${result.status})`);
  return result;
}

/** Fails when a copied source still imports the cdktf core (a rewrite rule missed a form). */
/** @param {string} dir */
function assertNoCdktfImports(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') assertNoCdktfImports(file);
    } else if (/\.(ts|js)$/.test(entry.name) && /(\bfrom\s+|\brequire\(\s*|\bimport\(\s*)['"](cdktf|@cdktf\/[^'"]*)['"]/.test(fs.readFileSync(file, 'utf8'))) {
      throw new Error(`${path.relative(OUT, file)} still imports cdktf after the rewrite`);
    }
  }
}

/** @param {{ pack?: boolean }} [options] @returns {string} the twin's folder, or with `pack` the tarball */
function build({ pack = false } = {}) {
  const log = (/** @type {string} */ msg) => console.error(`build-cdktn: ${msg}`);
  // Keep node_modules between builds (reinstalled when the manifest changes); everything else is fresh.
  fs.mkdirSync(OUT, { recursive: true });
  for (const entry of fs.readdirSync(OUT)) {
    if (entry !== 'node_modules' && entry !== '.manifest-hash') fs.rmSync(path.join(OUT, entry), { recursive: true, force: true });
  }
  for (const rel of COPY) copyTree(rel);
  const manifest = twinManifest(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')));
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  fs.writeFileSync(path.join(OUT, 'package.json'), manifestText);
  fs.writeFileSync(path.join(OUT, 'README.md'), twinReadme(fs.readFileSync(path.join(root, 'README.md'), 'utf8')));
  for (const extra of ['LICENSE', 'NOTICE', 'CHANGELOG.md']) {
    if (fs.existsSync(path.join(root, extra))) fs.copyFileSync(path.join(root, extra), path.join(OUT, extra));
  }
  assertNoCdktfImports(OUT);
  // The cdktf build as it is (bindings included), resolving cdktf and constructs from the twin's
  // node_modules: the other half of test/cdktn/mixed-cores.test.ts.
  fs.cpSync(path.join(root, 'lib'), path.join(OUT, CDKTF_BUILD, 'lib'), { recursive: true });

  const hash = crypto.createHash('sha256').update(manifestText).digest('hex');
  const hashFile = path.join(OUT, '.manifest-hash');
  const installed = fs.existsSync(path.join(OUT, 'node_modules')) && fs.existsSync(hashFile) && fs.readFileSync(hashFile, 'utf8') === hash;
  if (!installed) {
    log('installing the twin\'s dependencies from the npm registry');
    fs.rmSync(path.join(OUT, 'node_modules'), { recursive: true, force: true });
    run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], { stdio: ['ignore', 2, 'inherit'] });
    fs.writeFileSync(hashFile, hash);
  }

  log(`generating the alicloud bindings with @cdktn/provider-generator ${TWIN.generatorVersion}`);
  run(process.execPath, ['scripts/gen-provider.js'], {
    env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' },
    stdio: ['ignore', 2, 'inherit'],
  });
  if (fs.existsSync(path.join(OUT, 'scripts', 'api-docs.js'))) {
    log('writing the twin\'s API.md (npm run docs)');
    run(process.execPath, ['scripts/api-docs.js'], { stdio: ['ignore', 2, 'inherit'] });
  }
  if (!pack) {
    log(`ready in ${path.relative(root, OUT)}`);
    return OUT;
  }
  if (!manifest.scripts.prepack) {
    log('compiling');
    fs.rmSync(path.join(OUT, 'dist'), { recursive: true, force: true });
    run(path.join(OUT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { stdio: ['ignore', 2, 'inherit'] });
  }
  log('packing (prepack compiles)');
  const packed = spawnSync('npm', ['pack', '--json', '--loglevel=error'], { cwd: OUT, encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const tarball = path.join(OUT, JSON.parse(packed.stdout)[0].filename);
  console.log(tarball);
  return tarball;
}

/**
 * The same test suite as ours, run in the twin's folder: type check, then jest without the failover
 * lab (test/lab) and without the tests that need root (real keepalived in network namespaces): run as
 * root, jest runs as `nobody`, outside CI mode, so those skip with a message. What they check is
 * the synthesized JSON, byte-identical to ours (the twin passes our snapshots), and they run in our suite.
 */
function testTwin() {
  const started = Date.now();
  const bin = (/** @type {string} */ name) => path.join(OUT, 'node_modules', '.bin', name);
  run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  const asNobody = process.getuid?.() === 0 ? ['--reuid=65534', '--regid=65534', '--clear-groups', '--'] : undefined;
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, HOME: os.tmpdir() };
  delete env.CI;
  // `npm run` hands its own settings to children (e.g. npm_config_cache=/root/.npm), which the
  // unprivileged run cannot use: the tests that call npm get a cache of their own.
  for (const key of Object.keys(env)) if (/^npm_config_/i.test(key)) delete env[key];
  const npmCache = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktn-twin-npm-cache-'));
  if (asNobody) fs.chownSync(npmCache, 65534, 65534);
  env.npm_config_cache = npmCache;
  const jest = [bin('jest'), '--ci', '--testPathIgnorePatterns', '/test/lab/'];
  if (asNobody) {
    // Tests that synthesize with `new App()` write cdktf.out into the working folder.
    const outdir = path.join(OUT, 'cdktf.out');
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.mkdirSync(outdir);
    fs.chownSync(outdir, 65534, 65534);
    run('setpriv', [...asNobody, process.execPath, ...jest], { env });
  } else {
    run(process.execPath, jest, { env });
  }
  console.error(`build-cdktn: the twin's suite passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

module.exports = { build, testTwin, rewriteSource, twinManifest, twinReadme, TWIN, OUT, CDKTF_BUILD };

if (require.main === module) {
  try {
    build({ pack: process.argv.includes('--pack') });
    if (process.argv.includes('--test')) testTwin();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
