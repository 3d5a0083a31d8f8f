#!/usr/bin/env node
// `npm run bench`: what HaVipCluster costs, measured against its floors. Not part of `npm test`.
//
//   node bench/run.js                      everything (a few minutes on 2 cores)
//   node bench/run.js --only=sbs,scale     some sections: build, pack, sbs, scale, require, typecheck, jest
//   node bench/run.js --skip=jest          all but some sections
//   node bench/run.js --quick              fewer repetitions (a smoke run; figures are noisier)
//
// Every timed thing runs in a child process (fresh where the section says so). Writes the raw
// results to bench/results/<timestamp>.json and a Markdown summary to bench/results/latest.md.
// Diagnostics (not run here): bench/profile.js (CPU profile of synths, self and inclusive time by
// part) and bench/attribution.js (what the construct's validation and app-wide checks cost).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { median, summary, nowMs, runNodeJson, round } = require('./lib/stats');
const { resourcesPerCluster } = require('./fixtures/clusters');

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(__dirname, 'results');
const SECTIONS = ['build', 'pack', 'sbs', 'scale', 'require', 'typecheck', 'jest'];
const SIZES = [
  [1, 2],
  [10, 2],
  [50, 2],
  [50, 10],
];
const TARGETS = { ab: 1.2, synth50x10Ms: 3000, perResourceSpread: 0.3, requireRatio: 1.15, typecheckRatio: 1.5, packedBytes: 2 * 1024 * 1024 };

const args = process.argv.slice(2);
const flag = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]?.split(',');
const quick = args.includes('--quick');
const only = flag('only');
const skip = flag('skip') ?? [];
for (const s of [...(only ?? []), ...skip]) if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; known: ${SECTIONS.join(', ')}`);
const wanted = (s) => (only ? only.includes(s) : true) && !skip.includes(s);
const reps = quick
  ? { sbsWarmup: 10, sbsRounds: 40, scaleMinRounds: 2, scaleBudgetMs: 300, scaleProcesses: 2, require: 10, typecheck: 2 }
  : { sbsWarmup: 50, sbsRounds: 400, scaleMinRounds: 3, scaleBudgetMs: 800, scaleProcesses: 4, require: 40, typecheck: 5 };

const report = {
  date: new Date().toISOString(),
  machine: machine(),
  tree: tree(),
  quick,
  loadAverageStart: os.loadavg(),
  sections: {},
};

function log(message) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function machine() {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.split(':')[1].trim();
  } catch {
    // not Linux: os.cpus() already gave a model
  }
  return {
    cores: os.cpus().length,
    cpuModel,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    typescript: require(path.join(ROOT, 'node_modules/typescript/package.json')).version,
    cdktf: require(path.join(ROOT, 'node_modules/cdktf/package.json')).version,
  };
}

/** The commit measured, and whether lib/ had uncommitted changes (read-only git commands). */
function tree() {
  const git = (...a) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim();
  return { commit: git('rev-parse', '--short', 'HEAD') || 'unknown', libChanged: Boolean(git('status', '--porcelain', '--', 'lib')) };
}

function run(command, commandArgs, options = {}) {
  const start = nowMs();
  const result = spawnSync(command, commandArgs, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  const wallMs = nowMs() - start;
  if (result.error) throw result.error;
  return { ...result, wallMs };
}

// -- build: dist/ is what users load and type-check against ------------------------------------
function build() {
  log('npm run build (lib -> dist)');
  const result = run('npm', ['run', '--silent', 'build']);
  if (result.status !== 0) throw new Error(`npm run build failed; the package does not compile:\n${result.stdout}${result.stderr}`);
  return { wallMs: round(result.wallMs, 0) };
}

// -- (iii) packed size ------------------------------------------------------------------------
function pack() {
  log('npm pack --dry-run --json');
  const result = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']);
  if (result.status !== 0) throw new Error(`npm pack failed:\n${result.stderr}`);
  const [info] = JSON.parse(result.stdout);
  const biggest = [...info.files].sort((a, b) => b.size - a.size).slice(0, 5).map((f) => ({ path: f.path, bytes: f.size }));
  const byTop = {};
  for (const f of info.files) {
    const key = f.path.startsWith('dist/lib/gen/') ? 'dist/lib/gen (bindings)' : f.path.startsWith('dist/') ? 'dist/lib (library)' : f.path.split('/')[0];
    byTop[key] = (byTop[key] ?? 0) + f.size;
  }
  return { packedBytes: info.size, unpackedBytes: info.unpackedSize, files: info.entryCount, unpackedByPart: byTop, biggest };
}

// -- (1) side by side -------------------------------------------------------------------------
function sideBySide() {
  log(`side by side: guide cluster, ${reps.sbsWarmup} warm-up + ${reps.sbsRounds} measured rounds`);
  const r = runNodeJson([path.join(__dirname, 'side-by-side.js'), String(reps.sbsWarmup), String(reps.sbsRounds)]);
  const m = (name) => r.result[name].median;
  return {
    ...r,
    ratios: {
      ab: m('a') / m('b'),
      bc: m('b') / m('c'),
      abNetOfEmptyStack: (m('a') - m('empty')) / (m('b') - m('empty')),
      aOverBRender: m('a') / m('b+render'),
    },
  };
}

// -- (2) scale ----------------------------------------------------------------------------------
function scale() {
  const rows = [];
  // Fresh processes per size, alternately starting (cold run, peak RSS) with a and with b; in each,
  // a, b and the empty stack then run interleaved for the warm figures. Medians over the processes.
  for (let p = 0; p < reps.scaleProcesses; p++) {
    for (const [k, n] of SIZES) {
      const first = p % 2 ? 'b' : 'a';
      log(`scale ${k} x ${n}: fresh process ${p + 1} of ${reps.scaleProcesses}, cold run: ${first}`);
      rows.push(runNodeJson([path.join(__dirname, 'scale.js'), first, String(k), String(n), String(reps.scaleMinRounds), String(reps.scaleBudgetMs)]));
    }
  }
  const sizes = SIZES.map(([k, n]) => {
    const all = rows.filter((r) => r.k === k && r.n === n);
    const of = (first) => all.filter((r) => r.first === first);
    if (new Set(all.map((r) => r.sha256)).size !== 1) throw new Error(`scale ${k}x${n}: processes synthesized different documents`);
    const resources = all[0].resources;
    if (resources !== k * resourcesPerCluster(n)) throw new Error(`scale ${k}x${n}: unexpected resource count ${resources}`);
    const med = (list, get) => median(list.map(get));
    const warm = (variant, key) => med(all, (r) => r.warm[variant][key].median);
    const coldA = med(of('a'), (r) => r.cold.totalMs);
    const coldB = med(of('b'), (r) => r.cold.totalMs);
    const warmA = warm('a', 'totalMs');
    const empty = warm('empty', 'totalMs');
    return {
      k,
      n,
      resources,
      jsonBytes: all[0].jsonBytes,
      processes: all.length,
      rounds: all.reduce((acc, r) => acc + r.rounds, 0),
      coldMs: coldA,
      warmMs: warmA,
      warmConstructMs: warm('a', 'constructMs'),
      warmSynthMs: warm('a', 'synthMs'),
      peakRssMiB: med(of('a'), (r) => r.peakRssKb) / 1024,
      rssBeforeMiB: med(of('a'), (r) => r.rssBeforeKb) / 1024,
      coldMsPerResource: coldA / resources,
      warmMsPerResource: warmA / resources,
      emptyStackMs: empty,
      warmNetMs: warmA - empty,
      warmNetMsPerResource: (warmA - empty) / resources,
      handWritten: {
        coldMs: coldB,
        warmMs: warm('b', 'totalMs'),
        warmConstructMs: warm('b', 'constructMs'),
        warmSynthMs: warm('b', 'synthMs'),
        peakRssMiB: med(of('b'), (r) => r.peakRssKb) / 1024,
      },
      // Per process, a and b ran under the same load: the median of those ratios.
      abWarm: med(all, (r) => r.warm.a.totalMs.median / r.warm.b.totalMs.median),
      abCold: coldA / coldB,
    };
  });
  const kinds = { warmNet: 'warmNetMs', warm: 'warmMs', cold: 'coldMs' };
  const lin = Object.fromEntries(Object.entries(kinds).map(([kind, key]) => [kind, linearity(sizes, key)]));
  const handWrittenSizes = sizes.map((z) => ({ resources: z.resources, warmMs: z.handWritten.warmMs, coldMs: z.handWritten.coldMs }));
  const handWrittenLinearity = { warm: linearity(handWrittenSizes, 'warmMs'), cold: linearity(handWrittenSizes, 'coldMs') };
  return { sizes, linearity: lin, handWrittenLinearity, raw: rows };
}

/** Least-squares line t = fixed + perResource * R, and how far each size's t/R is from their mean. */
function linearity(sizes, key) {
  const xs = sizes.map((s) => s.resources);
  const ys = sizes.map((s) => s[key]);
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  const slope = xs.reduce((acc, x, i) => acc + (x - mx) * (ys[i] - my), 0) / xs.reduce((acc, x) => acc + (x - mx) ** 2, 0);
  const perResource = ys.map((y, i) => y / xs[i]);
  const meanPer = perResource.reduce((a, b) => a + b) / perResource.length;
  const ssRes = ys.reduce((acc, y, i) => acc + (y - (my + slope * (xs[i] - mx))) ** 2, 0);
  const ssTot = ys.reduce((acc, y) => acc + (y - my) ** 2, 0);
  return {
    fixedMs: my - slope * mx,
    marginalMsPerResource: slope,
    r2: 1 - ssRes / ssTot,
    perResourceMs: perResource,
    maxDeviationFromMean: Math.max(...perResource.map((p) => Math.abs(p / meanPer - 1))),
  };
}

// -- the user's side: a consumer project with the packed package installed ---------------------
let consumerDir;
function consumer() {
  if (consumerDir) return consumerDir;
  consumerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-bench-consumer-'));
  log(`consumer project in ${consumerDir} (npm pack, extracted into node_modules)`);
  const packed = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', consumerDir]);
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const tarball = path.join(consumerDir, JSON.parse(packed.stdout)[0].filename);
  const modules = path.join(consumerDir, 'node_modules');
  const installed = path.join(modules, 'cdktf-alicloud-havip');
  fs.mkdirSync(installed, { recursive: true });
  const untar = run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  // The package's dependencies and peers, as a user's npm install would provide them.
  for (const dep of ['cdktf', 'constructs', 'ipaddr.js', '@types/node']) {
    const target = path.join(modules, dep);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules', dep), target, 'dir');
  }
  // The timing scripts run from the consumer: inside this repository, `require('cdktf-alicloud-havip')`
  // would resolve to the repository itself (package self-reference through "exports").
  for (const script of ['require-entry.js', 'require-breakdown.js']) fs.copyFileSync(path.join(__dirname, script), path.join(consumerDir, script));
  const fixtures = path.join(__dirname, 'fixtures/consumer');
  fs.copyFileSync(path.join(fixtures, 'havip-stack.ts.txt'), path.join(consumerDir, 'havip-stack.ts'));
  fs.copyFileSync(path.join(fixtures, 'cdktf-stack.ts.txt'), path.join(consumerDir, 'cdktf-stack.ts'));
  const base = JSON.parse(fs.readFileSync(path.join(fixtures, 'tsconfig.base.json'), 'utf8'));
  for (const [name, skipLibCheck] of [
    ['havip', true],
    ['cdktf', true],
    ['havip', false],
    ['cdktf', false],
  ]) {
    const config = { compilerOptions: { ...base.compilerOptions, skipLibCheck }, files: [`${name}-stack.ts`] };
    fs.writeFileSync(path.join(consumerDir, `tsconfig.${name}.${skipLibCheck ? 'skiplib' : 'fulllib'}.json`), JSON.stringify(config, null, 2));
  }
  return consumerDir;
}

// -- (3i) cold require --------------------------------------------------------------------------
function requireCost() {
  const dir = consumer();
  log(`cold require: ${reps.require} fresh processes each, interleaved`);
  const entries = ['cdktf', 'cdktf-alicloud-havip'];
  const wallOf = { cdktf: [], 'cdktf-alicloud-havip': [] };
  const cpuOf = { cdktf: [], 'cdktf-alicloud-havip': [] };
  const processOf = { cdktf: [], 'cdktf-alicloud-havip': [], node: [] };
  const modules = {};
  for (let i = 0; i < reps.require + 2; i++) {
    for (const name of i % 2 ? entries : [...entries].reverse()) {
      const start = nowMs();
      const r = runNodeJson([path.join(dir, 'require-entry.js'), dir, name], { cwd: dir });
      const wall = nowMs() - start;
      if (i < 2) continue; // the first two rounds warm the OS file cache
      wallOf[name].push(r.requireMs);
      cpuOf[name].push(r.requireCpuMs);
      processOf[name].push(wall);
      modules[name] = r.modules;
    }
    const start = nowMs();
    run(process.execPath, ['-e', '0']);
    if (i >= 2) processOf.node.push(nowMs() - start);
  }
  const ratio = (of) => median(of['cdktf-alicloud-havip']) / median(of.cdktf);
  const breakdowns = Array.from({ length: Math.max(5, Math.ceil(reps.require / 3)) }, () => runNodeJson([path.join(dir, 'require-breakdown.js'), dir], { cwd: dir }));
  const groupNames = [...new Set(breakdowns.flatMap((b) => Object.keys(b.groups)))];
  const breakdown = {
    incrementMs: median(breakdowns.map((b) => b.totalMs)),
    modules: breakdowns[0].modules,
    groupsMs: Object.fromEntries(groupNames.map((g) => [g, median(breakdowns.map((b) => b.groups[g] ?? 0))]).sort((x, y) => y[1] - x[1])),
  };
  return {
    breakdown,
    requireMs: { cdktf: summary(wallOf.cdktf), package: summary(wallOf['cdktf-alicloud-havip']) },
    requireCpuMs: { cdktf: summary(cpuOf.cdktf), package: summary(cpuOf['cdktf-alicloud-havip']) },
    processWallMs: { node: summary(processOf.node), cdktf: summary(processOf.cdktf), package: summary(processOf['cdktf-alicloud-havip']) },
    modulesLoaded: modules,
    ratio: ratio(wallOf),
    cpuRatio: ratio(cpuOf),
    processWallRatio: ratio(processOf),
  };
}

// -- (3ii) a user's type check --------------------------------------------------------------------
function typecheck() {
  const dir = consumer();
  const tsc = path.join(ROOT, 'node_modules/typescript/lib/tsc.js');
  const preload = path.join(__dirname, 'lib/report-rss.js');
  const out = {};
  for (const lib of ['skiplib', 'fulllib']) {
    const n = lib === 'skiplib' ? reps.typecheck : Math.max(2, Math.ceil(reps.typecheck / 2));
    log(`tsc --noEmit (${lib === 'skiplib' ? 'skipLibCheck: true, the cdktf init default' : 'skipLibCheck: false'}): ${n} runs each, interleaved`);
    const runs = { havip: [], cdktf: [] };
    for (let i = 0; i < n + 1; i++) {
      for (const name of i % 2 ? ['havip', 'cdktf'] : ['cdktf', 'havip']) {
        const r = run(process.execPath, ['-r', preload, tsc, '--noEmit', '--extendedDiagnostics', '-p', `tsconfig.${name}.${lib}.json`], { cwd: dir });
        if (r.status !== 0) throw new Error(`tsc on the ${name} user stack failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
        if (i === 0) continue; // warm the OS file cache
        const diag = (label) => Number(/^(?:\S.*?):\s+([\d.]+)/.exec(r.stdout.split('\n').find((l) => l.startsWith(`${label}:`)) ?? '')?.[1]);
        runs[name].push({
          wallMs: r.wallMs,
          totalTimeS: diag('Total time'),
          checkTimeS: diag('Check time'),
          files: diag('Files'),
          lines: diag('Lines of Library') + diag('Lines of Definitions') + diag('Lines of TypeScript'),
          memoryUsedKb: Number(/Memory used:\s+(\d+)K/.exec(r.stdout)?.[1]),
          maxRssKb: Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(r.stderr)?.[1]),
          cpuMs: Number(/BENCH_CPU_MS=([\d.]+)/.exec(r.stderr)?.[1]),
        });
      }
    }
    const s = (name, key) => median(runs[name].map((x) => x[key]));
    const stats = (name) => ({
      wallMs: summary(runs[name].map((x) => x.wallMs)),
      cpuMs: s(name, 'cpuMs'),
      totalTimeS: s(name, 'totalTimeS'),
      checkTimeS: s(name, 'checkTimeS'),
      files: s(name, 'files'),
      lines: s(name, 'lines'),
      maxRssMiB: s(name, 'maxRssKb') / 1024,
    });
    out[lib] = {
      havip: stats('havip'),
      cdktf: stats('cdktf'),
      ratio: s('havip', 'wallMs') / s('cdktf', 'wallMs'),
      cpuRatio: s('havip', 'cpuMs') / s('cdktf', 'cpuMs'),
    };
  }
  return out;
}

// -- (4) the unit test suite ----------------------------------------------------------------------
function jest() {
  log('npx jest (whole suite, one run)');
  const output = path.join(RESULTS, 'jest-results.json');
  const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const jestArgs = ['jest', '--json', `--outputFile=${output}`];
  const r = timeBin ? run(timeBin, ['-f', 'BENCH_TIME %U %S %M', 'npx', ...jestArgs]) : run('npx', jestArgs);
  const times = /BENCH_TIME ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  const json = JSON.parse(fs.readFileSync(output, 'utf8'));
  const files = json.testResults
    .map((t) => ({ file: path.relative(ROOT, t.name), ms: t.endTime - t.startTime, tests: t.assertionResults.length, status: t.status }))
    .sort((a, b) => b.ms - a.ms);
  const summed = files.reduce((acc, f) => acc + f.ms, 0);
  const byPart = {};
  for (const f of files) {
    const part = f.file.split(path.sep).length > 2 ? f.file.split(path.sep).slice(0, 2).join('/') : 'test/*.test.ts';
    byPart[part] = (byPart[part] ?? 0) + f.ms;
  }
  return {
    exitCode: r.status,
    wallMs: r.wallMs,
    cpuS: times ? Number(times[1]) + Number(times[2]) : undefined,
    byPartMs: Object.fromEntries(Object.entries(byPart).sort((a, b) => b[1] - a[1])),
    suites: json.numTotalTestSuites,
    tests: json.numTotalTests,
    failed: json.numFailedTests,
    failedTests: json.testResults.flatMap((t) =>
      t.assertionResults.filter((a) => a.status === 'failed').map((a) => `${path.relative(ROOT, t.name)}: ${a.fullName}`),
    ),
    sumOfFileMs: summed,
    files,
  };
}

// -- report -----------------------------------------------------------------------------------------
const steps = { build, pack, sbs: sideBySide, scale, require: requireCost, typecheck, jest };
const started = nowMs();
try {
  for (const section of SECTIONS) {
    if (!wanted(section)) continue;
    // The package must be built before anything loads dist/, even when `build` is skipped.
    if (section !== 'build' && section !== 'jest' && !fs.existsSync(path.join(ROOT, 'dist/lib/index.js'))) throw new Error('dist/ is missing: run without --skip=build');
    report.sections[section] = steps[section]();
  }
} finally {
  if (consumerDir) fs.rmSync(consumerDir, { recursive: true, force: true });
}
report.totalWallS = (nowMs() - started) / 1000;
report.loadAverageEnd = os.loadavg();
report.targets = checkTargets(report.sections);

fs.mkdirSync(RESULTS, { recursive: true });
const stamp = report.date.replace(/[:.]/g, '-');
fs.writeFileSync(path.join(RESULTS, `${stamp}.json`), JSON.stringify(report, null, 2));
const markdown = toMarkdown(report);
fs.writeFileSync(path.join(RESULTS, 'latest.md'), markdown);
process.stdout.write(markdown);
log(`done in ${round(report.totalWallS, 0)} s; raw results in bench/results/${stamp}.json`);

function checkTargets(s) {
  const t = [];
  const add = (name, value, limit, met, unit = '') => t.push({ name, value, limit, met, unit });
  if (s.sbs) add('a/b (guide cluster, median synth)', s.sbs.ratios.ab, `<= ${TARGETS.ab}`, s.sbs.ratios.ab <= TARGETS.ab);
  if (s.scale) {
    const big = s.scale.sizes.find((x) => x.k === 50 && x.n === 10);
    add('50 x 10 synth, cold (one fresh `cdktf synth`)', big.coldMs, `< ${TARGETS.synth50x10Ms} ms`, big.coldMs < TARGETS.synth50x10Ms, ' ms');
    for (const [kind, label] of [['warmNet', 'warm, net of the empty stack'], ['warm', 'warm'], ['cold', 'cold']]) {
      const l = s.scale.linearity[kind];
      add(`time per resource (${label}): max deviation from the mean`, l.maxDeviationFromMean, `<= ${TARGETS.perResourceSpread}`, l.maxDeviationFromMean <= TARGETS.perResourceSpread);
    }
  }
  if (s.require) add('cold require, package / cdktf', s.require.ratio, `<= ${TARGETS.requireRatio}`, s.require.ratio <= TARGETS.requireRatio);
  if (s.typecheck) add('user type-check, package / cdktf only (skipLibCheck)', s.typecheck.skiplib.ratio, `<= ${TARGETS.typecheckRatio}`, s.typecheck.skiplib.ratio <= TARGETS.typecheckRatio);
  if (s.pack) add('packed size', s.pack.packedBytes, `< ${TARGETS.packedBytes} bytes`, s.pack.packedBytes < TARGETS.packedBytes, ' bytes');
  return t;
}

function toMarkdown(r) {
  const s = r.sections;
  const f = (x, d = 2) => (x === undefined || Number.isNaN(x) ? 'n/a' : round(x, d).toString());
  const lines = [];
  const m = r.machine;
  lines.push(`# Bench run ${r.date}${r.quick ? ' (--quick)' : ''}`, '');
  lines.push(`Tree: commit ${r.tree.commit}${r.tree.libChanged ? ' with uncommitted changes in lib/' : ''}.`);
  lines.push(`Machine: ${m.cores} cores, ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}; Node ${m.node}, TypeScript ${m.typescript}, cdktf ${m.cdktf}.`);
  lines.push(`Load average at start ${r.loadAverageStart.map((x) => f(x)).join(' ')}, at end ${r.loadAverageEnd.map((x) => f(x)).join(' ')}; total ${f(r.totalWallS, 0)} s.`, '');
  if (r.targets.length) {
    lines.push('## Targets', '', '| target | value | limit | met |', '|---|---|---|---|');
    for (const t of r.targets) lines.push(`| ${t.name} | ${f(t.value, 3)}${t.unit} | ${t.limit} | ${t.met ? 'yes' : '**no**'} |`);
    lines.push('');
  }
  if (s.sbs) {
    const x = s.sbs;
    lines.push(`## Side by side: the guide's 2-node cluster (${x.resources} resources, ${x.jsonBytes} bytes of JSON)`, '');
    lines.push(`Medians of ${x.rounds} interleaved rounds after ${x.warmup} warm-up rounds; each round builds a new App and runs app.synth().`, '');
    lines.push('| variant | median ms | p25 | p75 |', '|---|---|---|---|');
    for (const [name, v] of Object.entries(x.result)) lines.push(`| ${name} | ${f(v.median, 3)} | ${f(v.p25, 3)} | ${f(v.p75, 3)} |`);
    lines.push('', `a/b = ${f(x.ratios.ab, 3)}; b/c = ${f(x.ratios.bc, 1)}; a/b net of the empty stack = ${f(x.ratios.abNetOfEmptyStack, 3)}; a/(b+render) = ${f(x.ratios.aOverBRender, 3)}.`, '');
  }
  if (s.scale) {
    lines.push('## Scale: k clusters x n nodes in one stack (each in a fresh process)', '');
    lines.push(
      `${s.scale.sizes[0].processes} fresh processes per size, half of them starting with a, half with b. Cold: the first synth of a process (median over the processes that started with that variant); peak RSS right after it. Warm: a, b and the empty stack interleaved after a warm-up, median over the processes' medians; a/b warm is the median of the per-process ratios.`,
      '',
    );
    lines.push('HaVipCluster (a):', '');
    lines.push('| k x n | resources | JSON bytes | cold ms | warm ms | construct / synth ms (warm) | empty stack ms | peak RSS MiB | cold ms/res | warm ms/res | warm net ms/res |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const z of s.scale.sizes) {
      lines.push(
        `| ${z.k} x ${z.n} | ${z.resources} | ${z.jsonBytes} | ${f(z.coldMs, 1)} | ${f(z.warmMs, 1)} | ${f(z.warmConstructMs, 1)} / ${f(z.warmSynthMs, 1)} | ${f(z.emptyStackMs, 1)} | ${f(z.peakRssMiB, 1)} | ${f(z.coldMsPerResource, 3)} | ${f(z.warmMsPerResource, 3)} | ${f(z.warmNetMsPerResource, 3)} |`,
      );
    }
    lines.push('', 'The same resources by hand (b), each in a fresh process too:', '');
    lines.push('| k x n | cold ms | warm ms | construct / synth ms (warm) | peak RSS MiB | a/b warm | a/b cold |', '|---|---|---|---|---|---|---|');
    for (const z of s.scale.sizes) {
      const h = z.handWritten;
      lines.push(`| ${z.k} x ${z.n} | ${f(h.coldMs, 1)} | ${f(h.warmMs, 1)} | ${f(h.warmConstructMs, 1)} / ${f(h.warmSynthMs, 1)} | ${f(h.peakRssMiB, 1)} | ${f(z.abWarm, 3)} | ${f(z.abCold, 3)} |`);
    }
    for (const kind of ['warmNet', 'warm', 'cold']) {
      const l = s.scale.linearity[kind];
      lines.push('', `(a) ${kind}: t = ${f(l.fixedMs, 1)} ms + ${f(l.marginalMsPerResource, 3)} ms x resources (R^2 ${f(l.r2, 4)}); per-resource time deviates at most ${f(l.maxDeviationFromMean * 100, 1)}% from its mean.`);
    }
    for (const kind of ['warm', 'cold']) {
      const l = s.scale.handWrittenLinearity[kind];
      lines.push('', `(b) ${kind}: t = ${f(l.fixedMs, 1)} ms + ${f(l.marginalMsPerResource, 3)} ms x resources (R^2 ${f(l.r2, 4)}); per-resource time deviates at most ${f(l.maxDeviationFromMean * 100, 1)}% from its mean.`);
    }
    lines.push('');
  }
  if (s.require) {
    const q = s.require;
    lines.push('## Cold require (fresh processes)', '');
    lines.push('| entry | require ms, wall (median) | p25 | p75 | require ms, CPU (median) | process wall ms | modules loaded |', '|---|---|---|---|---|---|---|');
    for (const [label, key, name] of [["require('cdktf')", 'cdktf', 'cdktf'], ["require('cdktf-alicloud-havip')", 'package', 'cdktf-alicloud-havip']]) {
      lines.push(`| ${label} | ${f(q.requireMs[key].median)} | ${f(q.requireMs[key].p25)} | ${f(q.requireMs[key].p75)} | ${f(q.requireCpuMs[key].median)} | ${f(q.processWallMs[key].median, 1)} | ${q.modulesLoaded[name]} |`);
    }
    lines.push(`| node -e 0 | | | | | ${f(q.processWallMs.node.median, 1)} | |`);
    lines.push('', `Ratio package / cdktf: ${f(q.ratio, 3)} (require wall time), ${f(q.cpuRatio, 3)} (require CPU time), ${f(q.processWallRatio, 3)} (whole process).`, '');
    lines.push(`What the package adds once cdktf and constructs are loaded: ${f(q.breakdown.incrementMs)} ms for ${q.breakdown.modules} modules (median self time): ${Object.entries(q.breakdown.groupsMs).map(([g, ms]) => `${g} ${f(ms)}`).join(', ')}.`, '');
  }
  if (s.typecheck) {
    lines.push("## A user's type check (tsc --noEmit through the shipped .d.ts)", '');
    lines.push('| tsconfig | stack | wall ms (median) | CPU ms | tsc total time s | check time s | files | lines | peak RSS MiB |', '|---|---|---|---|---|---|---|---|---|');
    for (const lib of ['skiplib', 'fulllib']) {
      for (const name of ['cdktf', 'havip']) {
        const x = s.typecheck[lib][name];
        lines.push(`| skipLibCheck ${lib === 'skiplib'} | ${name === 'havip' ? 'with the package' : 'cdktf only'} | ${f(x.wallMs.median, 0)} | ${f(x.cpuMs, 0)} | ${f(x.totalTimeS)} | ${f(x.checkTimeS)} | ${x.files} | ${x.lines} | ${f(x.maxRssMiB, 0)} |`);
      }
    }
    const t = s.typecheck;
    lines.push('', `Ratio package / cdktf only, wall: ${f(t.skiplib.ratio, 3)} (skipLibCheck: true), ${f(t.fulllib.ratio, 3)} (skipLibCheck: false); CPU: ${f(t.skiplib.cpuRatio, 3)} and ${f(t.fulllib.cpuRatio, 3)}.`, '');
  }
  if (s.pack) {
    const p = s.pack;
    lines.push('## Packed size (npm pack --dry-run)', '');
    lines.push(`${p.packedBytes} bytes packed, ${p.unpackedBytes} unpacked, ${p.files} files. Unpacked by part: ${Object.entries(p.unpackedByPart).map(([k, v]) => `${k} ${v}`).join(', ')}.`, '');
  }
  if (s.build) lines.push(`Build (npm run build): ${f(s.build.wallMs / 1000, 1)} s.`, '');
  if (s.jest) {
    const j = s.jest;
    lines.push('## Unit test suite (npx jest, whole suite, one run)', '');
    lines.push(`Wall ${f(j.wallMs / 1000, 1)} s (CPU ${f(j.cpuS, 1)} s), exit ${j.exitCode}; ${j.suites} suites, ${j.tests} tests, ${j.failed} failed; sum of per-file times ${f(j.sumOfFileMs / 1000, 1)} s (jest's workers: ${Math.max(1, os.cpus().length - 1)} on this machine).`, '');
    if (j.failedTests.length) lines.push(`Failed: ${j.failedTests.join('; ')}.`, '');
    lines.push(`By folder: ${Object.entries(j.byPartMs).map(([p, ms]) => `${p} ${f(ms / 1000, 1)} s (${f((100 * ms) / j.sumOfFileMs, 0)}%)`).join(', ')}.`, '');
    lines.push('| file | s | tests |', '|---|---|---|');
    for (const x of j.files.slice(0, 12)) lines.push(`| ${x.file} | ${f(x.ms / 1000, 2)} | ${x.tests} |`);
    lines.push('');
  }
  return lines.join('\n');
}
