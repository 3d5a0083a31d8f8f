#!/usr/bin/env node
// What an offline apply costs: applyOffline of the guide's example (examples/seed) changed to a
// bigger instance type, from the example as it is. One run = terraform init, apply of the example
// from nothing, validate, plan of the change, show -json, apply of the change. Uses the compiled
// package (dist/, what users run: `npm run build` first) and the terraform on PATH.
//
//   npm run build && node bench/offline-apply.js [--runs=5]
//
// Prints the median and spread of the whole run, the median CPU time it used (this process and its
// children: Terraform and the provider processes; less sensitive to other load on the machine) and
// the median of each step, in milliseconds. Not part of `npm test` or `npm run bench` (it needs
// terraform).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { summary, median, nowMs, round } = require('./lib/stats');

const ROOT = path.resolve(__dirname, '..');
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 5);

const testing = require(path.join(ROOT, 'dist/lib/testing'));

function synthSeed() {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-bench-seed-'));
  try {
    const run = spawnSync(process.execPath, ['-r', './scripts/register.js', 'examples/seed/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`examples/seed failed: ${run.stderr}`);
    return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'havip-seed', 'cdk.tf.json'), 'utf8'));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const before = synthSeed();
const after = JSON.parse(JSON.stringify(before));
for (const instance of Object.values(after.resource.alicloud_instance)) instance.instance_type = 'ecs.e-c1m2.large';

let terraformVersion = '';
const totals = [];
/** @type {number[]} */
const cpu = [];
/** @type {Record<string, number[]>} */
const steps = {};
/** CPU seconds (user + system) of this process and every child it waited for (Linux, 100 ticks/s). */
function cpuSeconds() {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return (utime + stime + cutime + cstime) / 100;
}

for (let i = 0; i < runs + 1; i++) {
  const cpuStarted = cpuSeconds();
  const started = nowMs();
  const result = testing.applyOffline(after, { from: before });
  const ms = nowMs() - started;
  if (!result.ok) throw new Error(testing.formatDiagnostics(result.diagnostics));
  const kinds = testing.sortInstanceChanges(result).map((/** @type {{kind: string}} */ c) => c.kind);
  if (kinds.join() !== 'reboot,reboot') throw new Error(`unexpected plan: ${kinds}`);
  terraformVersion = result.terraformVersion;
  if (i === 0) continue; // warm-up: file caches, first compile of the provider process
  totals.push(ms);
  cpu.push((cpuSeconds() - cpuStarted) * 1000);
  for (const [step, value] of Object.entries(result.timings)) (steps[step] ??= []).push(value);
}

const total = summary(totals);
const line = {
  terraform: terraformVersion,
  runs,
  totalMs: { median: round(total.median, 0), min: round(total.min, 0), max: round(total.max, 0) },
  cpuMsMedian: round(median(cpu), 0),
  stepMedianMs: Object.fromEntries(Object.entries(steps).map(([step, values]) => [step, round(median(values), 0)])),
  loadAverage: os.loadavg().map((l) => round(l, 2)),
};
console.log(JSON.stringify(line));
