// Steps the lab's scenarios are made of: boot every node from its synthesized user_data, the first
// election, a failover with its timings, a hold (the VIP must not move), and the cluster check that
// tells a healthy cluster from a split brain. They assert with jest's expect.
import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { Lab, LabNode, Poller, Sample } from './lab';
import { now, sleep } from './proc';
import { Figure, clientOutage, seconds } from './results';
import { VrrpFacts, failoverBound, masterDownInterval, readVrrpFacts, skewTime } from './vrrp';

/** Files of the host's /etc a boot could touch; the overlay must keep them as they were. */
const HOST_FILES = ['/etc/keepalived/keepalived.conf', '/etc/keepalived/havip-health-check.sh', '/etc/passwd', '/etc/group', '/etc/shadow'];

function hostFingerprint(): string {
  return HOST_FILES.map((file) => `${file}:${existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'absent'}`).join('\n');
}

const PACKAGE_MANAGERS = ['dnf', 'yum', 'apt-get', 'apt'];

/**
 * Boots every node as cloud-init would and checks what the boot did: exit 0; keepalived installed
 * through exactly one package manager; the service enabled and started through systemctl; a config
 * for this node (interface, VIP) in the overlay; the host's /etc untouched. Returns each node's facts.
 */
export async function bootCluster(lab: Lab): Promise<Map<number, VrrpFacts>> {
  const facts = new Map<number, VrrpFacts>();
  const before = hostFingerprint();
  for (const node of lab.nodes) {
    const boot = await node.boot();
    const context = `node ${node.spec.index} boot (exit ${boot.code}):\n${boot.output}\ncalls: ${boot.calls.join('; ')}`;
    expect({ exit: boot.code, context }).toEqual({ exit: 0, context });

    const installs = boot.calls.filter((call) => PACKAGE_MANAGERS.includes(call.split(' ')[0]));
    expect(installs.filter((call) => /\binstall\b.*\bkeepalived\b/.test(call))).toHaveLength(1);
    expect([...new Set(installs.map((call) => call.split(' ')[0]))]).toEqual([node.spec.packageManager ?? 'dnf']);
    const systemctl = boot.calls.filter((call) => call.startsWith('systemctl '));
    expect(systemctl.some((call) => /^systemctl enable\b.*\bkeepalived\b/.test(call))).toBe(true);
    expect(systemctl.some((call) => /^systemctl (enable --now|start|restart)\b.*\bkeepalived\b/.test(call))).toBe(true);

    const conf = node.readFile('/etc/keepalived/keepalived.conf');
    const nodeFacts = readVrrpFacts(conf);
    expect(nodeFacts.interface).toBe(lab.spec.interfaceName);
    expect(nodeFacts.virtualIpAddress).toBe(lab.spec.vip);
    expect(conf).toContain(`unicast_src_ip ${node.spec.privateIp}`);
    if (node.spec.keepalivedConfig !== undefined) expect(conf).toBe(node.spec.keepalivedConfig);
    facts.set(node.spec.index, nodeFacts);
  }
  expect(hostFingerprint()).toBe(before);
  return facts;
}

/** Problems a running cluster must not have: more or less than one VIP holder, rejected advertisements. */
export async function clusterProblems(lab: Lab): Promise<string[]> {
  const problems: string[] = [];
  const holders = await lab.vipHolders();
  if (holders.length > 1) problems.push(`split brain: nodes ${holders.join(', ')} all hold the VIP ${lab.spec.vip}`);
  if (holders.length === 0) problems.push(`no node holds the VIP ${lab.spec.vip}`);
  for (const node of lab.nodes) {
    const rejected = node.logLines(/invalid passwd|auth.*mismatch/i);
    if (rejected.length > 0) problems.push(`node ${node.spec.index} rejects its peers' advertisements: "${rejected[0].text}"`);
  }
  return problems;
}

/** Waits until the client gets an answer from node `index` (bounded); throws with the last samples otherwise. */
export async function expectServing(poller: Poller, index: number, timeoutMs = 3000): Promise<Sample> {
  const since = now();
  const hit = await poller.waitFor((s) => s.ok && s.body === `ECS ${index}`, since, timeoutMs);
  if (!hit) throw new Error(`the client got no "ECS ${index}" within ${timeoutMs} ms; last answers: ${describeSamples(poller.between(since, now()))}`);
  return hit;
}

function describeSamples(samples: readonly Sample[]): string {
  return samples.slice(-5).map((s) => (s.ok ? s.body : `error (${s.body})`)).join(', ') || 'none';
}

export interface Context {
  readonly lab: Lab;
  readonly poller: Poller;
  readonly facts: Map<number, VrrpFacts>;
  readonly figures: Figure[];
}

function timing(context: Context, index: number) {
  const f = context.facts.get(index);
  if (!f) throw new Error(`no facts for node ${index}`);
  return {
    priority: f.priority,
    advertInt: f.advertInt,
    skewS: skewTime(f.priority),
    masterDownIntervalS: masterDownInterval(f.advertInt, f.priority),
  };
}

/** The highest priority of the given nodes (all by default). */
export function highestPriority(context: Context, among?: readonly number[]): number {
  const candidates = [...context.facts.entries()].filter(([index]) => !among || among.includes(index));
  return candidates.reduce((best, entry) => (entry[1].priority > best[1].priority ? entry : best))[0];
}

export interface ElectionOptions {
  readonly scenario: string;
  /**
   * Starts what the election needs and returns the start time.
   * @default every web server, then every keepalived at once (Lab.startAll)
   */
  readonly start?: () => Promise<number>;
  /**
   * The node that must win. Without it any node may: in a non-preemptive cluster the first node to
   * time out wins and keeps the VIP, and which one that is depends on start-up jitter as much as on
   * priority; the winner is reported in the figure's note.
   * @default - any node may win
   */
  readonly mustWin?: number;
  /** Nodes taking part (the others' keepalived is not running). @default - every node */
  readonly candidates?: readonly number[];
}

/**
 * An election from a cold start: the client must be answered by the one node that ends up holding
 * the VIP within its MDI + 1 s; every other candidate must be BACKUP. Returns the winner.
 */
export async function election(context: Context, options: ElectionOptions): Promise<number> {
  const { lab, poller } = context;
  const candidates = options.candidates ?? lab.nodes.map((n) => n.spec.index);
  const highest = highestPriority(context, candidates);
  const slowest = Math.max(...candidates.map((index) => timing(context, index).masterDownIntervalS));
  const start = await (options.start ?? (() => lab.startAll()))();
  const first = await poller.waitFor((s) => s.ok && /^ECS \d+$/.test(s.body), start, (slowest + 4) * 1000);
  if (!first) throw new Error(`${options.scenario}: no answer from the HaVip within ${slowest + 4} s; last answers: ${describeSamples(poller.between(start, now()))}`);
  // Two nodes timing out within a few ms both become master for an advertisement or so: settle.
  await sleep(1500 * timing(context, highest).advertInt);
  const holders = await lab.vipHolders();
  expect(holders).toHaveLength(1);
  const winner = holders[0];
  const t = timing(context, winner);
  const boundS = failoverBound(t.advertInt, t.priority);
  const hit = poller.samples.find((s) => s.tStart >= start && s.ok && s.body === `ECS ${winner}`);
  const master = lab.node(winner).logLines(/Entering MASTER STATE/, start)[0];
  const clientS = seconds(hit && hit.tEnd - start);
  const race = winner === highest
    ? `won by the highest priority of ${candidates.length}`
    : `non-preemptive start-up race: won by ECS ${winner}, not ECS ${highest} (highest priority)`;
  const figure: Figure = {
    lab: lab.spec.name,
    scenario: options.scenario,
    from: '-',
    to: `ECS ${winner}`,
    ...t,
    boundS,
    vrrpS: seconds(master && master.t - start),
    clientS,
    note: options.mustWin === undefined ? race : undefined,
    pass: clientS !== undefined && clientS <= boundS && (options.mustWin === undefined || winner === options.mustWin),
  };
  context.figures.push(figure);
  if (options.mustWin !== undefined) expect(winner).toBe(options.mustWin);
  for (const index of candidates.filter((i) => i !== winner)) {
    expect({ node: index, backup: lab.node(index).logLines(/Entering BACKUP STATE/, start).length > 0 }).toEqual({ node: index, backup: true });
  }
  expect(hit?.body).toBe(`ECS ${winner}`);
  expect(await clusterProblems(lab)).toEqual([]);
  expect(clientS).toBeLessThanOrEqual(boundS);
  return winner;
}

export interface FailoverOptions {
  readonly scenario: string;
  readonly from: number;
  readonly to: number;
  /** Injects the fault; t0 is taken just before it. */
  readonly fault: () => Promise<void>;
  /** Extra seconds allowed before the fault can be noticed (e.g. a health check's detection). */
  readonly detectionAllowanceS?: number;
  /** A log line on the failing node that marks detection, reported in the note. */
  readonly detectedBy?: RegExp;
  readonly note?: string;
}

/**
 * Injects a fault while the client polls, then measures: fault → new master ("Entering MASTER
 * STATE"), fault → the client's first answer from the new node, and the client's longest outage.
 * Asserts the client-observed failover is within MDI (of the new master) + 1 s (+ detection allowance).
 */
export async function failover(context: Context, options: FailoverOptions): Promise<Figure> {
  const { lab, poller } = context;
  await expectServing(poller, options.from);
  const t = timing(context, options.to);
  const boundS = failoverBound(t.advertInt, t.priority) + (options.detectionAllowanceS ?? 0);
  const t0 = now();
  await options.fault();
  const hit = await poller.waitFor((s) => s.ok && s.body === `ECS ${options.to}`, t0, (boundS + 3) * 1000);
  const master = await lab.node(options.to).waitForLog(/Entering MASTER STATE/, t0, 1000);
  const detected = options.detectedBy && lab.node(options.from).logLines(options.detectedBy, t0)[0];
  await sleep(300); // a few more samples after the switch for the outage figure
  const window = poller.between(t0 - 500, now());
  const strangers = [...new Set(window.filter((s) => s.ok && s.body !== `ECS ${options.from}` && s.body !== `ECS ${options.to}`).map((s) => s.body))];
  const clientS = seconds(hit && hit.tEnd - t0);
  const notes = [
    options.note,
    detected ? `detected after ${seconds(detected.t - t0)} s` : undefined,
    strangers.length ? `transient answers from ${strangers.join(', ')}` : undefined,
  ].filter(Boolean);
  const figure: Figure = {
    lab: lab.spec.name,
    scenario: options.scenario,
    from: `ECS ${options.from}`,
    to: `ECS ${options.to}`,
    ...t,
    boundS,
    vrrpS: seconds(master && master.t - t0),
    clientS,
    outageS: clientOutage(window),
    note: notes.join('; ') || undefined,
    pass: clientS !== undefined && clientS <= boundS,
  };
  context.figures.push(figure);
  if (!hit) throw new Error(`${options.scenario}: the client never got "ECS ${options.to}" within ${boundS + 3} s; last answers: ${describeSamples(window)}`);
  expect(master).toBeDefined();
  expect(clientS).toBeLessThanOrEqual(boundS);
  return figure;
}

export interface HoldOptions {
  readonly scenario: string;
  /** The node that must keep serving. */
  readonly serving: number;
  /** What happens at the start of the window (e.g. the old master restarts). */
  readonly action: () => Promise<void>;
  /** Nodes that must enter BACKUP during the window, and never MASTER. */
  readonly backups: readonly number[];
  readonly windowS: number;
}

/** The VIP must not move: every answer during the window comes from `serving`. */
export async function hold(context: Context, options: HoldOptions): Promise<Figure> {
  const { lab, poller } = context;
  await expectServing(poller, options.serving);
  const t = timing(context, options.serving);
  const t0 = now();
  await options.action();
  const backupTimes: string[] = [];
  for (const index of options.backups) {
    const line = await lab.node(index).waitForLog(/Entering BACKUP STATE/, t0, options.windowS * 1000);
    expect({ node: index, enteredBackup: line !== undefined }).toEqual({ node: index, enteredBackup: true });
    backupTimes.push(`node ${index} BACKUP after ${seconds(line!.t - t0)} s`);
  }
  const rest = t0 + options.windowS * 1000 - now();
  if (rest > 0) await sleep(rest);
  const window = poller.between(t0, now());
  const wrong = window.filter((s) => !s.ok || s.body !== `ECS ${options.serving}`);
  const masters = options.backups.flatMap((index) => lab.node(index).logLines(/Entering MASTER STATE/, t0).map(() => index));
  const figure: Figure = {
    lab: lab.spec.name,
    scenario: options.scenario,
    from: `ECS ${options.serving}`,
    to: `ECS ${options.serving}`,
    ...t,
    boundS: options.windowS,
    outageS: clientOutage(window),
    note: `${window.length} answers in ${options.windowS} s, ${wrong.length} not from ECS ${options.serving}; ${backupTimes.join(', ')}`,
    pass: wrong.length === 0 && masters.length === 0 && window.length > 0,
  };
  context.figures.push(figure);
  expect(window.length).toBeGreaterThan(0);
  expect(wrong.map((s) => s.body)).toEqual([]);
  expect(masters).toEqual([]);
  expect(await lab.vipHolders()).toEqual([options.serving]);
  return figure;
}

/** Restarts keepalived on a node and waits until it reports BACKUP (bounded). */
export async function restartAsBackup(node: LabNode, timeoutMs = 8000): Promise<void> {
  const t = now();
  node.startKeepalived();
  const line = await node.waitForLog(/Entering BACKUP STATE/, t, timeoutMs);
  if (!line) throw new Error(`node ${node.spec.index}: keepalived did not enter BACKUP within ${timeoutMs} ms after restart`);
}
