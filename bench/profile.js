// Where synth time goes: CPU-profiles warm synths of k clusters x n nodes and prints self time by
// part (cdktf, constructs, bindings, the library's files) and the hottest functions. Writes the
// .cpuprofile (open it in Chrome DevTools) to bench/results/. Not part of `npm run bench`.
// Usage: node bench/profile.js <a|b> <k> <n> [seconds | cold]   (cold: only the process's first synth)
'use strict';
const fs = require('node:fs');
const inspector = require('node:inspector');
const os = require('node:os');
const path = require('node:path');
const stacks = require('./lib/stacks');
const { scaleProps } = require('./fixtures/clusters');
const { nowMs } = require('./lib/stats');

const [variant = 'a', kArg = '50', nArg = '10', secondsArg = '5'] = process.argv.slice(2);
const k = Number(kArg);
const n = Number(nArg);
const api = variant === 'a' ? stacks.loadPackage() : stacks.loadBindings();
const clusters = Array.from({ length: k }, (_, i) => ({ id: `c${i + 1}`, props: scaleProps(i + 1, n) }));
const specs =
  variant === 'b'
    ? clusters.map(({ id, props }) => stacks.literalSpec(props, id, `havip-profile/${id}`, stacks.renderUserData(props, stacks.loadRenderers())))
    : undefined;
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-bench-profile-'));

function once() {
  const { app, stack } = stacks.newStack(outdir, 'havip-profile', api.AlicloudProvider, false);
  clusters.forEach(({ id, props }, i) => {
    if (variant === 'a') new api.HaVipCluster(stack, id, props);
    else stacks.handWrittenCluster(api, stack, id, specs[i]);
  });
  app.synth();
}

const coldOnly = secondsArg === 'cold';
if (!coldOnly) for (let i = 0; i < 3; i++) once(); // warm-up
const session = new inspector.Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));

(async () => {
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  const start = nowMs();
  let runs = 0;
  while (runs === 0 || (!coldOnly && nowMs() - start < Number(secondsArg) * 1000)) {
    once();
    runs++;
  }
  const elapsed = nowMs() - start;
  const { profile } = await post('Profiler.stop');
  session.disconnect();
  fs.rmSync(outdir, { recursive: true, force: true });
  const file = path.join(__dirname, 'results', `profile-${variant}-${k}x${n}${coldOnly ? '-cold' : ''}.cpuprofile`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(profile));

  // Self time per node from the samples.
  const selfUs = new Map();
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i + 1] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byPart = new Map();
  const byFunction = new Map();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    const url = node.callFrame.url;
    const part = partOf(url, node.callFrame.functionName);
    byPart.set(part, (byPart.get(part) ?? 0) + us);
    const key = `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(url)}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const pct = (us) => `${((100 * us) / total).toFixed(1)}%`;
  // Inclusive time of the library's functions (self + callees, cdktf's work on their behalf included),
  // counting a function once per call path even when it recurses.
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const inclusive = new Map();
  const libKey = (node) => {
    const url = node.callFrame.url;
    if (!/\/dist\/lib\//.test(url) || url.includes('/dist/lib/gen/')) return undefined;
    return `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(url)}:${node.callFrame.lineNumber + 1}`;
  };
  const walk = (id, open) => {
    const node = byId.get(id);
    const key = libKey(node);
    const opened = key && !open.has(key);
    if (opened) open.add(key);
    let sum = selfUs.get(id) ?? 0;
    for (const child of node.children ?? []) sum += walk(child, open);
    if (opened) {
      open.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
    }
    return sum;
  };
  walk(profile.nodes[0].id, new Set());
  console.log(`${variant} ${k}x${n}: ${runs} synths in ${(elapsed / 1000).toFixed(1)} s, ${(elapsed / runs).toFixed(1)} ms each; profile ${file}`);
  console.log('\nSelf time by part:');
  for (const [part, us] of [...byPart].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(us).padStart(6)}  ${part}`);
  console.log('\nThe library\'s functions, inclusive time (with what cdktf does for them):');
  for (const [fn, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(us).padStart(6)}  ${fn}`);
  console.log('\nHottest functions (self time):');
  for (const [fn, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${pct(us).padStart(6)}  ${fn}`);
})();

function partOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8)';
  if (url.startsWith('node:')) return 'node internals';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (m) return m[1];
  if (url.includes('/dist/lib/gen/')) return 'generated bindings';
  const lib = /\/dist\/lib\/(.*)$/.exec(url);
  if (lib) return `lib/${lib[1]}`;
  if (url.includes('/bench/')) return 'bench harness';
  return url;
}

function shortUrl(url) {
  return url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/').replace(/^.*\/bench\//, 'bench/');
}
