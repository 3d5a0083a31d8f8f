// Child process: the guide's 2-node cluster synthesized side by side, interleaved, in one process.
//   (a) HaVipCluster                       (what the library costs)
//   (b) the same resources by hand, literal user_data (the floor cdktf itself sets)
//   (b+render) (b) plus the renderers called inline (b's cost if the user rendered keepalived.conf in code)
//   (empty) the stack with only the provider and the two variables (cdktf's fixed cost per synth)
//   (c) JSON.stringify of the synthesized document (the physical floor)
// Each timed run builds a fresh App and stack and runs app.synth() (validations on, file written),
// which is what `cdktf synth` does. Usage: node bench/side-by-side.js [warmup] [rounds]
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { summary, nowMs } = require('./lib/stats');
const stacks = require('./lib/stacks');
const { GUIDE_STACK_ID, GUIDE_CLUSTER_ID, guideProps } = require('./fixtures/clusters');

const warmup = Number(process.argv[2] ?? 30);
const rounds = Number(process.argv[3] ?? 150);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-bench-sbs-'));

const pkg = stacks.loadPackage();
const bindings = stacks.loadBindings();
const renderers = stacks.loadRenderers();

const clusterPath = `${GUIDE_STACK_ID}/${GUIDE_CLUSTER_ID}`;
// (b)'s literals, computed once outside the timed region.
const precomputed = stacks.literalSpec(
  guideProps('', ''),
  GUIDE_CLUSTER_ID,
  clusterPath,
  stacks.renderUserData(guideProps('', ''), renderers),
);

function synthFile() {
  return path.join(outdir, 'stacks', GUIDE_STACK_ID, 'cdk.tf.json');
}

const variants = {
  a() {
    const { app, stack, vpcId, vswitchId } = stacks.newStack(outdir, GUIDE_STACK_ID, pkg.AlicloudProvider, true);
    new pkg.HaVipCluster(stack, GUIDE_CLUSTER_ID, guideProps(vpcId, vswitchId));
    app.synth();
  },
  b() {
    const { app, stack, vpcId, vswitchId } = stacks.newStack(outdir, GUIDE_STACK_ID, bindings.AlicloudProvider, true);
    stacks.handWrittenCluster(bindings, stack, GUIDE_CLUSTER_ID, { ...precomputed, vpcId, vswitchId });
    app.synth();
  },
  'b+render'() {
    const { app, stack, vpcId, vswitchId } = stacks.newStack(outdir, GUIDE_STACK_ID, bindings.AlicloudProvider, true);
    const props = guideProps(vpcId, vswitchId);
    const spec = stacks.literalSpec(props, GUIDE_CLUSTER_ID, clusterPath, stacks.renderUserData(props, renderers));
    stacks.handWrittenCluster(bindings, stack, GUIDE_CLUSTER_ID, spec);
    app.synth();
  },
  empty() {
    const { app } = stacks.newStack(outdir, GUIDE_STACK_ID, bindings.AlicloudProvider, true);
    app.synth();
  },
};

// Same work: (a) and (b) must write the same document, byte for byte.
variants.a();
const docA = fs.readFileSync(synthFile(), 'utf8');
variants.b();
const docB = fs.readFileSync(synthFile(), 'utf8');
variants['b+render']();
const docBR = fs.readFileSync(synthFile(), 'utf8');
if (docA !== docB || docA !== docBR) {
  const a = JSON.parse(docA);
  const b = JSON.parse(docA === docB ? docBR : docB);
  throw new Error(`(a) and (b) synthesize different documents; first difference: ${firstDifference(a, b, '')}`);
}
const documentObject = JSON.parse(docA);
variants.c = () => JSON.stringify(documentObject, null, 2);

const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
const names = Object.keys(variants);
for (let round = 0; round < warmup + rounds; round++) {
  // Rotate the order each round so no variant always runs right after another's garbage.
  for (let j = 0; j < names.length; j++) {
    const name = names[(round + j) % names.length];
    const start = nowMs();
    variants[name]();
    const elapsed = nowMs() - start;
    if (round >= warmup) times[name].push(elapsed);
  }
}
fs.rmSync(outdir, { recursive: true, force: true });

const result = Object.fromEntries(names.map((name) => [name, summary(times[name])]));
const resources = Object.values(documentObject.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
console.log(JSON.stringify({ warmup, rounds, resources, jsonBytes: Buffer.byteLength(docA), result }));

function firstDifference(a, b, at) {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || a === null || b === null || typeof a !== 'object') {
    return a === b ? null : `${at || '/'}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`;
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = firstDifference(a[key], b[key], `${at}/${key}`);
    if (d) return d;
  }
  return null;
}
