// Preloaded with `node -r` into a child (tsc): on exit, prints its peak RSS and CPU time (user + system,
// all threads) as the last stderr lines, so the parent measures a process it does not control.
'use strict';
process.on('exit', () => {
  const cpu = process.cpuUsage();
  process.stderr.write(`\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\nBENCH_CPU_MS=${(cpu.user + cpu.system) / 1000}\n`);
});
