// The lab's figures: one row per scenario, printed as a table and written to test/lab/results/.
import { mkdirSync, writeFileSync } from 'fs';
import { cpus, release } from 'os';
import { join } from 'path';
import { Sample } from './lab';

/** One measured scenario. Times in seconds; undefined when not measured. */
export interface Figure {
  readonly lab: string;
  readonly scenario: string;
  /** The node serving before the fault ("-" for the first election). */
  readonly from: string;
  /** The node expected to serve after it. */
  readonly to: string;
  /** Priority of the node that takes over (what its Master_Down_Interval depends on). */
  readonly priority: number;
  readonly advertInt: number;
  readonly skewS: number;
  readonly masterDownIntervalS: number;
  /** What the lab asserts the client-observed time against. */
  readonly boundS: number;
  /** Fault (or start) to the new master's "Entering MASTER STATE". */
  readonly vrrpS?: number;
  /** Fault (or start) to the client's first answer from the new node. */
  readonly clientS?: number;
  /** Longest stretch without any answer, seen by the client (0: it was always answered). */
  readonly outageS?: number;
  /** Scenario-specific detail (detection time, stale VIP, observation window, ...). */
  readonly note?: string;
  readonly pass: boolean;
}

/**
 * Longest client outage among the samples: from the end of the last answered request before a run
 * of failed requests to the end of the first answered one after it. 0 when none failed.
 */
export function clientOutage(samples: readonly Sample[]): number {
  let lastOk: number | undefined;
  let gapStart: number | undefined;
  let longest = 0;
  for (const sample of samples) {
    if (!sample.ok) {
      if (gapStart === undefined) gapStart = lastOk ?? sample.tStart;
      continue;
    }
    if (gapStart !== undefined) {
      longest = Math.max(longest, sample.tEnd - gapStart);
      gapStart = undefined;
    }
    lastOk = sample.tEnd;
  }
  return longest / 1000;
}

export function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms) / 1000;
}

const COLUMNS: Array<[string, (f: Figure) => string]> = [
  ['lab', (f) => f.lab],
  ['scenario', (f) => f.scenario],
  ['from → to', (f) => `${f.from} → ${f.to}`],
  ['prio', (f) => String(f.priority)],
  ['skew s', (f) => f.skewS.toFixed(3)],
  ['MDI s', (f) => f.masterDownIntervalS.toFixed(3)],
  ['VRRP s', (f) => fmt(f.vrrpS)],
  ['client s', (f) => fmt(f.clientS)],
  ['outage s', (f) => fmt(f.outageS)],
  ['bound s', (f) => f.boundS.toFixed(3)],
  ['ok', (f) => (f.pass ? 'yes' : 'NO')],
  ['note', (f) => f.note ?? ''],
];

function fmt(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(3);
}

/** A markdown table of the figures. */
export function figuresTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => COLUMNS.map(([, cell]) => cell(f).replace(/\|/g, '\\|')));
  return [
    `| ${COLUMNS.map(([name]) => name).join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** The lab's results directory (git-ignored). */
export const RESULTS_DIR = join(__dirname, '..', 'results');

/** Writes <name>.json and <name>.md to the results directory; returns the markdown. */
export function writeResults(name: string, figures: readonly Figure[], extra: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const environment = {
    kernel: release(),
    cpus: cpus().length,
    node: process.version,
    ...extra,
  };
  writeFileSync(join(RESULTS_DIR, `${name}.json`), JSON.stringify({ generatedAt: new Date().toISOString(), environment, figures }, null, 2) + '\n');
  const markdown = [
    `# HaVip failover lab: ${name}`,
    '',
    `Generated ${new Date().toISOString()}; ${Object.entries(environment).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
    'VRRP s: fault to the new master\'s "Entering MASTER STATE". client s: fault to the first HTTP answer from the new node at the HaVip address (curl every 100 ms). ' +
      'outage s: longest time the client got no answer. MDI: Master_Down_Interval = 3 x advert_int + (256 - priority)/256 s of the node taking over; bound = MDI + 1 s.',
    '',
    figuresTable(figures),
    '',
  ].join('\n');
  writeFileSync(join(RESULTS_DIR, `${name}.md`), markdown);
  return markdown;
}
