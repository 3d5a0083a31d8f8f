// Child process: where the package's require time goes, beyond cdktf. Loads cdktf and constructs
// first, then the package entry, timing every module the entry loads (self time: its own load minus
// the modules it loads) and grouping them (bindings: those HaVipCluster loads, and each one only the
// entry loads, to show what lazy re-exports would save). Usage: node bench/require-breakdown.js <dir>
'use strict';
const Module = require('node:module');
const path = require('node:path');

const dir = process.argv[2];
const resolveFrom = (name) => require.resolve(name, { paths: [dir] });
require(resolveFrom('cdktf'));
require(resolveFrom('constructs'));

const packageRoot = path.dirname(resolveFrom('cdktf-alicloud-havip/package.json'));
const selfMs = new Map();
const parentOf = new Map();
const stack = [];
const originalLoad = Module._load;
Module._load = function timedLoad(request, parent, isMain) {
  let filename;
  try {
    filename = Module._resolveFilename(request, parent, isMain);
  } catch {
    return originalLoad.apply(this, arguments);
  }
  if (Module._cache[filename] || !filename.includes(path.sep)) return originalLoad.apply(this, arguments);
  parentOf.set(filename, parent?.filename);
  const frame = { start: process.hrtime.bigint(), children: 0n };
  stack.push(frame);
  try {
    return originalLoad.apply(this, arguments);
  } finally {
    stack.pop();
    const total = process.hrtime.bigint() - frame.start;
    if (stack.length) stack[stack.length - 1].children += total;
    selfMs.set(filename, Number(total - frame.children) / 1e6);
  }
};

const start = process.hrtime.bigint();
require(resolveFrom('cdktf-alicloud-havip'));
const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
Module._load = originalLoad;

const groups = {};
for (const [file, ms] of selfMs) {
  const rel = path.relative(packageRoot, file);
  let group;
  if (rel.startsWith('..')) group = file.includes(`${path.sep}node_modules${path.sep}`) ? file.split(`node_modules${path.sep}`).pop().split(path.sep)[0] : 'other';
  else if (rel.startsWith(path.join('dist', 'lib', 'gen'))) {
    // Loaded first by the entry itself: re-exported for users but not used by HaVipCluster.
    const byEntry = path.basename(parentOf.get(file) ?? '') === 'index.js' && path.dirname(parentOf.get(file)) === path.join(packageRoot, 'dist', 'lib');
    group = byEntry ? `bindings only re-exported by index.js (${path.basename(path.dirname(file))})` : 'bindings used by HaVipCluster';
  }
  else if (rel.startsWith(path.join('dist', 'lib', 'rules'))) group = 'lib/rules';
  else group = rel.replace(/^dist[\\/]/, '');
  groups[group] = (groups[group] ?? 0) + ms;
}
console.log(JSON.stringify({ totalMs, modules: selfMs.size, groups }));
