// Child process: one stack of k clusters x n nodes, in a fresh process.
//   1. cold: the first synth of `first` (a or b) in this process, what one `cdktf synth` pays; peak
//      RSS is read right after it, with only that variant loaded.
//   2. warm: then a, b and the empty stack (provider only: cdktf's fixed cost per synth) run
//      interleaved, after a warm-up, as many rounds as fit in `budgetMs` (at least `minRounds`), so
//      the a/b ratio is measured under the same machine load. Medians.
// Each synth builds a new App and runs app.synth() (validations on, cdk.tf.json written).
// Usage: node bench/scale.js <a|b> <k> <n> [minRounds] [budgetMs]
//   a: k HaVipClusters; b: the same resources by hand (literal user_data, computed before timing).
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { summary, nowMs } = require('./lib/stats');
const { scaleProps, resourcesPerCluster } = require('./fixtures/clusters');

const [first, kArg, nArg, minRoundsArg, budgetArg] = process.argv.slice(2);
const k = Number(kArg);
const n = Number(nArg);
const minRounds = Number(minRoundsArg ?? 5);
const budgetMs = Number(budgetArg ?? 1500);
if (!['a', 'b'].includes(first) || !(k >= 1) || !(n >= 2)) throw new Error('usage: scale.js <a|b> <k> <n> [minRounds] [budgetMs]');
const STACK_ID = 'havip-scale';

const loadStart = nowMs();
const stacks = require('./lib/stacks');
const api = { a: undefined, b: undefined };
const load = (variant) => (api[variant] ??= variant === 'a' ? stacks.loadPackage() : stacks.loadBindings());
load(first);
const loadMs = nowMs() - loadStart;

const clusters = Array.from({ length: k }, (_, i) => ({ id: `c${i + 1}`, props: scaleProps(i + 1, n) }));
let specs;
const handWrittenSpecs = () =>
  (specs ??= (() => {
    const renderers = stacks.loadRenderers();
    return clusters.map(({ id, props }) => stacks.literalSpec(props, id, `${STACK_ID}/${id}`, stacks.renderUserData(props, renderers)));
  })());
if (first === 'b') handWrittenSpecs();
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `havip-bench-scale-${first}-`));
const file = path.join(outdir, 'stacks', STACK_ID, 'cdk.tf.json');
const rssBeforeKb = Math.round(process.memoryUsage().rss / 1024);

function once(variant) {
  const start = nowMs();
  const { app, stack } = stacks.newStack(outdir, STACK_ID, load(variant === 'empty' ? first : variant).AlicloudProvider, false);
  if (variant === 'a') clusters.forEach(({ id, props }) => new api.a.HaVipCluster(stack, id, props));
  if (variant === 'b') clusters.forEach(({ id }, i) => stacks.handWrittenCluster(api.b, stack, id, handWrittenSpecs()[i]));
  const built = nowMs();
  app.synth();
  const end = nowMs();
  return { constructMs: built - start, synthMs: end - built, totalMs: end - start };
}

const cold = once(first);
const peakRssKb = process.resourceUsage().maxRSS;
const document = fs.readFileSync(file);
const resources = Object.values(JSON.parse(document).resource).reduce((count, byName) => count + Object.keys(byName).length, 0);
if (resources !== k * resourcesPerCluster(n)) throw new Error(`expected ${k * resourcesPerCluster(n)} resources, got ${resources}`);
const sha256 = (buffer) => crypto.createHash('sha256').update(buffer).digest('hex');

// Same work: the other variant must write the same document, byte for byte.
const other = first === 'a' ? 'b' : 'a';
once(other);
if (sha256(fs.readFileSync(file)) !== sha256(document)) throw new Error(`${k}x${n}: HaVipCluster and the hand-written stack synthesize different documents`);

const variants = ['a', 'b', 'empty'];
const warm = { a: [], b: [], empty: [] };
const warmupMs = budgetMs / 3;
const start = nowMs();
let rounds = 0;
for (let round = 0; ; round++) {
  const warmingUp = round < 2 || nowMs() - start < warmupMs;
  if (!warmingUp && rounds >= minRounds && (nowMs() - start >= warmupMs + budgetMs || rounds >= 500)) break;
  for (let j = 0; j < variants.length; j++) {
    const variant = variants[(round + j) % variants.length];
    const t = once(variant);
    if (!warmingUp) warm[variant].push(t);
  }
  if (!warmingUp) rounds++;
}
fs.rmSync(outdir, { recursive: true, force: true });

const stats = (list) => ({
  totalMs: summary(list.map((w) => w.totalMs)),
  constructMs: summary(list.map((w) => w.constructMs)),
  synthMs: summary(list.map((w) => w.synthMs)),
});
console.log(
  JSON.stringify({
    first,
    k,
    n,
    resources,
    loadMs,
    cold,
    rounds,
    warm: { a: stats(warm.a), b: stats(warm.b), empty: stats(warm.empty) },
    rssBeforeKb,
    peakRssKb,
    jsonBytes: document.length,
    sha256: sha256(document),
  }),
);
