// Diagnostic, not part of `npm run bench`: what each part of HaVipCluster costs at synth time. Runs,
// interleaved in one process, the construct as shipped and with parts switched off (by replacing
// the library's own functions for the duration of one synth), plus the hand-written floor (b).
// Usage: node bench/attribution.js [k] [n] [seconds]     (default: 1 2 8, the guide's size)
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const stacks = require('./lib/stacks');
const { scaleProps } = require('./fixtures/clusters');
const { summary, nowMs } = require('./lib/stats');

const [k = 1, n = 2, seconds = 8] = process.argv.slice(2).map(Number);
const pkg = stacks.loadPackage();
const bindings = stacks.loadBindings();
const appChecks = require(path.join(stacks.DIST, 'havip-app-checks'));
const clusterRules = require(path.join(stacks.DIST, 'rules/cluster-rules'));
const { deriveStrings } = require(path.join(stacks.DIST, 'rules/derived-rules'));
const { DEFAULT_HAVIP_LIMITS } = require(path.join(stacks.DIST, 'rules/limits'));
/** readClusterProps without the rules: the props as given, the derived names, no findings. */
const unchecked = (props, _isToken, context) => ({ props, limits: DEFAULT_HAVIP_LIMITS, derived: deriveStrings(props, context), findings: [] });
const clusters = Array.from({ length: k }, (_, i) => ({ id: `c${i + 1}`, props: scaleProps(i + 1, n) }));
const renderers = stacks.loadRenderers();
const specs = clusters.map(({ id, props }) => stacks.literalSpec(props, id, `havip-attr/${id}`, stacks.renderUserData(props, renderers)));
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-bench-attr-'));

/** Replaces `object[key]` with `value` while `fn` runs. */
function without(object, key, value, fn) {
  const original = object[key];
  object[key] = value;
  try {
    return fn();
  } finally {
    object[key] = original;
  }
}

function construct() {
  const { app, stack } = stacks.newStack(outdir, 'havip-attr', pkg.AlicloudProvider, false);
  for (const { id, props } of clusters) new pkg.HaVipCluster(stack, id, props);
  app.synth();
}

const variants = {
  'a (as shipped)': construct,
  'a without app-wide checks': () => without(appChecks.HaVipAppChecks, 'ensureApplied', () => {}, construct),
  'a without per-cluster validation': () => without(clusterRules, 'readClusterProps', unchecked, construct),
  'a without either': () =>
    without(appChecks.HaVipAppChecks, 'ensureApplied', () => {}, () => without(clusterRules, 'readClusterProps', unchecked, construct)),
  'b (by hand)': () => {
    const { app, stack } = stacks.newStack(outdir, 'havip-attr', bindings.AlicloudProvider, false);
    clusters.forEach(({ id }, i) => stacks.handWrittenCluster(bindings, stack, id, specs[i]));
    app.synth();
  },
};

const names = Object.keys(variants);
const times = Object.fromEntries(names.map((name) => [name, []]));
const start = nowMs();
for (let round = 0; nowMs() - start < seconds * 1000 || round < 5; round++) {
  for (let j = 0; j < names.length; j++) {
    const name = names[(round + j) % names.length];
    const t = nowMs();
    variants[name]();
    if (round >= 3) times[name].push(nowMs() - t);
  }
}
fs.rmSync(outdir, { recursive: true, force: true });
const b = summary(times['b (by hand)']).median;
console.log(`${k} x ${n}, ${times[names[0]].length} interleaved rounds; median ms, and / b:`);
for (const name of names) {
  const m = summary(times[name]).median;
  console.log(`  ${m.toFixed(3).padStart(9)}  ${(m / b).toFixed(3)}  ${name}`);
}
