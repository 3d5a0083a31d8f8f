// Small statistics and process helpers shared by the bench scripts (no dependencies).
'use strict';
const { spawnSync } = require('node:child_process');

/** The median of a list of numbers. */
function median(values) {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median, min, max and the spread between the 25th and 75th percentile, for reporting. */
function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
  return { n: values.length, median: median(values), min: sorted[0], max: sorted[sorted.length - 1], p25: at(0.25), p75: at(0.75) };
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Runs `node <args>` in a fresh process and returns the JSON it prints on its last stdout line.
 * Throws, with the child's stderr, when it fails.
 */
function runNodeJson(args, options = {}) {
  const result = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: options.timeoutMs ?? 300_000,
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${result.status}:\n${result.stderr}\n${result.stdout}`);
  }
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** Rounds to a given number of decimals, for tables. */
function round(value, decimals = 1) {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

module.exports = { median, summary, nowMs, runNodeJson, round };
