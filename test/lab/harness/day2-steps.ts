// What a day-2 deploy did to the service, measured from the client's samples and keepalived's logs.
import { mkdirSync, writeFileSync } from 'fs';
import { cpus, release } from 'os';
import { join } from 'path';
import { Deployment } from './day2';
import { Lab, LabNode, Poller, Sample } from './lab';
import { now } from './proc';
import { RESULTS_DIR, clientOutage, seconds } from './results';

/** One day-2 scenario's figures. Times in seconds. */
export interface Day2Figure {
  readonly scenario: string;
  /** Who answered before the deploy ("-" when nothing did). */
  readonly before: string;
  /** Who answers after it. */
  readonly after: string;
  /** Wall time of the apply. */
  readonly applyS: number;
  /** Client requests in the window (deploy start to its end plus the tail). */
  readonly requests: number;
  readonly failed: number;
  /** Answers from another node than the one serving before (only where the VIP must not move). */
  readonly wrong?: number;
  /** Times the answering node changed. */
  readonly moves: number;
  /** Longest time without any answer. */
  readonly outageS: number;
  /** Longest time two or more nodes were MASTER at once (keepalived's logs). */
  readonly twoMastersS: number;
  /** First to last reload (SIGHUP) of the deploy, when there were several. */
  readonly reloadSpreadS?: number;
  /** Advertisements rejected (wrong password, interval mismatch) in the window. */
  readonly rejected: number;
  /** The order the lab applied the steps that touched nodes, "node: what". */
  readonly steps: readonly string[];
  readonly note?: string;
}

/** MASTER intervals per node from its keepalived log, clipped to [from, to]. */
export function masterIntervals(lab: Lab, from: number, to: number): Map<LabNode, Array<[number, number]>> {
  const result = new Map<LabNode, Array<[number, number]>>();
  for (const node of lab.allNodes) {
    const intervals: Array<[number, number]> = [];
    let since: number | undefined;
    for (const line of node.log) {
      if (/Entering MASTER STATE/.test(line.text)) since ??= line.t;
      else if (since !== undefined && /Entering (BACKUP|FAULT) STATE|--- lab: keepalived exited|--- lab: instance stopping/.test(line.text)) {
        intervals.push([since, line.t]);
        since = undefined;
      }
    }
    if (since !== undefined) intervals.push([since, Infinity]);
    result.set(node, intervals.map(([a, b]): [number, number] => [Math.max(a, from), Math.min(b, to)]).filter(([a, b]) => b > a));
  }
  return result;
}

/** The longest stretch with two or more masters at once, in ms. */
export function longestOverlap(intervals: ReadonlyMap<unknown, ReadonlyArray<readonly [number, number]>>): number {
  const events: Array<[number, number]> = [];
  for (const list of intervals.values()) for (const [a, b] of list) events.push([a, 1], [b, -1]);
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let count = 0;
  let since = 0;
  let longest = 0;
  for (const [t, delta] of events) {
    if (count >= 2 && count + delta < 2) longest = Math.max(longest, t - since);
    if (count < 2 && count + delta >= 2) since = t;
    count += delta;
  }
  return longest;
}

/** How many times the answering node changed among the answered samples, starting from `before` when given. */
export function moves(samples: readonly Sample[], before?: string): number {
  let last: string | undefined = before;
  let count = 0;
  for (const s of samples) {
    if (!s.ok) continue;
    if (last !== undefined && s.body !== last) count++;
    last = s.body;
  }
  return count;
}

/** The node answering most recently before `t`, e.g. "ECS 1". */
export function servingAt(poller: Poller, t: number): string {
  const before = poller.samples.filter((s) => s.ok && s.tEnd <= t);
  return before.length ? before[before.length - 1].body : '-';
}

export interface Window {
  readonly from: number;
  readonly to: number;
}

/** Measures a deploy over [deploy start, deploy end + tail]. */
export function measure(lab: Lab, poller: Poller, scenario: string, deployment: Deployment, window: Window, options: { note?: string; vipStays?: boolean } = {}): Day2Figure {
  const samples = poller.between(window.from, window.to);
  const before = servingAt(poller, window.from);
  const okAfter = samples.filter((s) => s.ok);
  const reloads = lab.allNodes.flatMap((n) => n.logLines(/--- lab: reload \(SIGHUP\)/, window.from).filter((l) => l.t <= window.to).map((l) => l.t));
  const rejected = lab.allNodes.flatMap((n) => n.logLines(/invalid passwd|interval mismatch|advertisement interval/i, window.from).filter((l) => l.t <= window.to));
  return {
    scenario,
    before,
    after: okAfter.length ? okAfter[okAfter.length - 1].body : '-',
    applyS: seconds(deployment.t1 - deployment.t0)!,
    requests: samples.length,
    failed: samples.filter((s) => !s.ok).length,
    wrong: options.vipStays ? samples.filter((s) => s.ok && s.body !== before).length : undefined,
    moves: moves(samples, before === '-' ? undefined : before),
    outageS: clientOutage(samples),
    twoMastersS: seconds(longestOverlap(masterIntervals(lab, window.from, window.to)))!,
    reloadSpreadS: reloads.length > 1 ? seconds(Math.max(...reloads) - Math.min(...reloads)) : undefined,
    rejected: rejected.length,
    steps: [...deployment.runs]
      .filter((r) => r.node !== undefined)
      .sort((a, b) => a.start - b.start)
      .map((r) => `${(r.start / 1000).toFixed(1)}-${(r.end / 1000).toFixed(1)}s node ${r.node}: ${r.what}`),
    note: options.note,
  };
}

const COLUMNS: Array<[string, (f: Day2Figure) => string]> = [
  ['scenario', (f) => f.scenario],
  ['before → after', (f) => `${f.before} → ${f.after}`],
  ['apply s', (f) => f.applyS.toFixed(1)],
  ['requests', (f) => String(f.requests)],
  ['failed', (f) => String(f.failed)],
  ['wrong', (f) => (f.wrong === undefined ? '-' : String(f.wrong))],
  ['VIP moves', (f) => String(f.moves)],
  ['outage s', (f) => f.outageS.toFixed(3)],
  ['2 masters s', (f) => f.twoMastersS.toFixed(3)],
  ['reload spread s', (f) => (f.reloadSpreadS === undefined ? '-' : f.reloadSpreadS.toFixed(3))],
  ['rejected adverts', (f) => String(f.rejected)],
  ['note', (f) => f.note ?? ''],
];

export function day2Table(figures: readonly Day2Figure[]): string {
  return [
    `| ${COLUMNS.map(([name]) => name).join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...figures.map((f) => `| ${COLUMNS.map(([, cell]) => cell(f).replace(/\|/g, '\\|')).join(' | ')} |`),
  ].join('\n');
}

/** Writes day2.json (with every step) and day2.md to the results directory; returns the markdown. */
export function writeDay2Results(figures: readonly Day2Figure[], extra: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const environment = { kernel: release(), cpus: cpus().length, node: process.version, ...extra };
  writeFileSync(join(RESULTS_DIR, 'day2.json'), JSON.stringify({ generatedAt: new Date().toISOString(), environment, figures }, null, 2) + '\n');
  const markdown = [
    '# HaVip day-2 lab',
    '',
    `Generated ${new Date().toISOString()}; ${Object.entries(environment).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
    'Each row: one synthesized version deployed over the previous one on the running lab, while the client curls the HaVip every 100 ms. ' +
      'Window: apply start to apply end plus Master_Down_Interval + 1 s. wrong (where the VIP must stay): answers from a node other than the one serving before. ' +
      '2 masters s: longest time two nodes were MASTER together (keepalived logs).',
    '',
    day2Table(figures),
    '',
    ...figures.flatMap((f) => [`## ${f.scenario}`, '', ...f.steps.map((s) => `- ${s}`), '']),
  ].join('\n');
  writeFileSync(join(RESULTS_DIR, 'day2.md'), markdown);
  return markdown;
}

/** Monotonic now, re-exported for the scenarios. */
export { now };
