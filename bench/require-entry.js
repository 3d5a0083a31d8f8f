// Child process: how long `require(name)` takes in a fresh Node process, resolved from `dir` the way a
// user's app resolves it. Usage: node bench/require-entry.js <dir> <name>
'use strict';
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const [dir, name] = process.argv.slice(2);
require(require.resolve(name, { paths: [dir] }));
const requireMs = Number(process.hrtime.bigint() - start) / 1e6;
const cpu = process.cpuUsage(cpuStart);
const requireCpuMs = (cpu.user + cpu.system) / 1000;
const modules = Object.keys(require.cache).length;
console.log(JSON.stringify({ name, requireMs, requireCpuMs, modules, uptimeMs: process.uptime() * 1000, maxRssKb: process.resourceUsage().maxRSS }));
