// How long a fresh Node process takes to load each entry point from the compiled package (dist/,
// `npm run build` first): CommonJS `require` and ESM `import` of a named export, medians of 15 runs,
// interleaved. ESM `import { routeEntry } from '.../alicloud'` reaches the plain index (every binding,
// as an ESM namespace must); `require` keeps the lazy one. Usage: node bench/entry-imports.js
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist', 'lib');
const alicloud = path.join(dist, 'gen', 'providers', 'alicloud');
/** @type {Record<string, string[]>} */
const cases = {
  'node alone': ['-e', '0'],
  "require('cdktf')": ['-e', "require('cdktf')"],
  'require main entry': ['-e', `require(${JSON.stringify(path.join(dist, 'index.js'))})`],
  'import { HaVipCluster } from main entry': ['--input-type=module', '-e', `import { HaVipCluster } from ${JSON.stringify(path.join(dist, 'index.js'))}; HaVipCluster;`],
  'require /alicloud, use routeEntry (lazy index)': ['-e', `require(${JSON.stringify(path.join(alicloud, 'lazy-index.js'))}).routeEntry`],
  'import { routeEntry } from /alicloud (plain index)': ['--input-type=module', '-e', `import { routeEntry } from ${JSON.stringify(path.join(alicloud, 'index.js'))}; routeEntry;`],
};
/** @type {Record<string, number[]>} */
const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let i = 0; i < 15; i++) {
  for (const [name, args] of Object.entries(cases)) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, args, { cwd: root });
    times[name]?.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}
for (const [name, samples] of Object.entries(times)) {
  samples.sort((a, b) => a - b);
  console.log(`${samples[7]?.toFixed(0).padStart(5)} ms  ${name}`);
}
