// The failover lab: an isolated layer-2 network of namespaces (a bridge as the switch, one namespace
// per node, one client), each node booted from its synthesized user_data in a sandbox with /etc
// overlaid, then running real keepalived and a web server, as on the guide's ECS instances.
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LAB_PATH, LabProcess, Reaper, RunResult, labEnv, now, run, runOk, sleep, startProcess } from './proc';
import { ServiceManager, systemctlStandIn } from './systemd';

/** One node of the lab, as synthesized. */
export interface LabNodeSpec {
  /** 1-based position in the cluster's `nodes`; the web server answers "ECS <index>". */
  readonly index: number;
  readonly privateIp: string;
  /** The boot script decoded from the instance's synthesized `user_data`. */
  readonly bootScript: string;
  /**
   * What a first deploy runs on the member after user_data, in order, each decoded from its
   * synthesized Cloud Assistant command (configure, then start).
   * @default - none (user_data delivery: the boot script does everything)
   */
  readonly deliveredScripts?: readonly string[];
  /**
   * What the construct says this node runs (`HaVipCluster.keepalivedConfigs[i]`): the file the boot
   * writes must be exactly this.
   * @default - not compared
   */
  readonly keepalivedConfig?: string;
  /**
   * The image's package manager: the only one the boot script can find (a stand-in); any real one
   * on the host is masked in the node's mount namespace.
   * @default 'dnf' (Alibaba Cloud Linux 3, the guide's image)
   */
  readonly packageManager?: PackageManager;
  /**
   * The MAC address of the node's VRRP interface (an ENI's `mac`, which Terraform puts into user_data).
   * @default - the kernel's random one
   */
  readonly mac?: string;
  /**
   * Whether the image configured the interface's address before the boot script runs. `false` is an
   * image that leaves a secondary ENI unconfigured: the boot must add the address itself.
   * @default true
   */
  readonly addressConfigured?: boolean;
}

/** The package managers the boot script may use: Alibaba Cloud Linux 3, CentOS 7, Debian/Ubuntu. */
export type PackageManager = 'dnf' | 'yum' | 'apt-get';

/** Every package-manager command a boot script could find; all but the node's one are hidden. */
const PACKAGE_MANAGER_COMMANDS = ['dnf', 'yum', 'apt-get', 'apt'];

export interface LabSpec {
  /** Short name for logs and results, e.g. "guide-2-node". */
  readonly name: string;
  /** The HaVip address (keepalived's virtual_ipaddress). */
  readonly vip: string;
  /** Prefix length of the vSwitch, e.g. 24. */
  readonly prefixLength: number;
  /** The VRRP interface name the cluster was synthesized with (the node's veth end gets it). */
  readonly interfaceName: string;
  /** The client's address in the vSwitch. */
  readonly clientIp: string;
  /** The web server port (the guide's 8000). */
  readonly port: number;
  readonly nodes: readonly LabNodeSpec[];
  /** Directory for the per-node logs (boot output, stand-in calls, keepalived output, HTTP log). */
  readonly logDir: string;
  /**
   * What the nodes' `systemctl` does. 'record': records the call and succeeds (the lab starts
   * keepalived itself). 'systemd': the lab plays systemd for keepalived (enable, start, stop,
   * reload = SIGHUP, is-active, ...; see systemd.ts), as the day-2 lab needs.
   * @default 'record'
   */
  readonly services?: 'record' | 'systemd';
}

/** A keepalived output line, stamped on arrival with the lab's monotonic clock. */
export interface LogLine {
  readonly t: number;
  /** Which start of keepalived on this node produced it (1 = the first). */
  readonly run: number;
  readonly text: string;
}

export interface BootResult {
  readonly code: number | null;
  readonly output: string;
  /** The package-manager and systemctl stand-ins' calls, "<tool> <args...>" each. */
  readonly calls: readonly string[];
}

/** Stand-ins placed first on the boot script's PATH (besides the package manager): they record their arguments and succeed. */
const SERVICE_STAND_INS = ['systemctl', 'service'];

/** Stand-ins for the boot only: the start command's settle wait (the lab starts keepalived itself afterwards). */
const BOOT_STAND_INS = ['sleep'];

const SANDBOX_PATH_PREFIX = 'bin';

/** The lab network and its nodes. Create with `Lab.create`, always `destroy` in afterAll. */
export class Lab {
  readonly nodes: LabNode[] = [];
  /** Nodes removed from the running lab (their logs stay readable). */
  readonly removed: LabNode[] = [];
  readonly client: LabClient;
  /** Namespaces a scenario added (addNamespace), deleted with the lab. */
  private readonly extraNamespaces: string[] = [];
  private destroyed = false;

  private constructor(
    readonly spec: LabSpec,
    readonly id: string,
    readonly dir: string,
    readonly switchNs: string,
    private readonly reaper: Reaper,
    readonly t0: number,
  ) {
    this.client = new LabClient(`${id}-cl`, spec.vip, spec.port);
  }

  /** Builds the network and the nodes' sandboxes (nothing booted yet). Cleans up what it made if it fails. */
  static async create(spec: LabSpec): Promise<Lab> {
    const id = `hvl${process.pid}${Math.random().toString(16).slice(2, 6)}`;
    const dir = mkdtempSync(join(tmpdir(), `havip-lab-${spec.name}-`));
    chmodSync(dir, 0o755);
    mkdirSync(spec.logDir, { recursive: true });
    const lab = new Lab(spec, id, dir, `${id}-sw`, new Reaper(dir), now());
    try {
      await lab.buildNetwork();
      for (const node of spec.nodes) lab.nodes.push(await LabNode.create(lab, node));
    } catch (error) {
      await lab.destroy();
      throw error;
    }
    return lab;
  }

  /** Milliseconds since the lab was created, for log stamps. */
  elapsed(t: number = now()): number {
    return t - this.t0;
  }

  node(index: number): LabNode {
    const node = this.nodes.find((n) => n.spec.index === index);
    if (!node) throw new Error(`${this.spec.name} has no node ${index}`);
    return node;
  }

  /** Every node the lab has run, removed ones included. */
  get allNodes(): LabNode[] {
    return [...this.removed, ...this.nodes];
  }

  /** The namespaces of the lab, switch first. */
  get namespaces(): string[] {
    return [this.switchNs, ...this.nodes.map((n) => n.ns), this.client.ns, ...this.extraNamespaces];
  }

  /** A namespace of the lab (IPv6 off, lo up), deleted with it. */
  async addNamespace(name: string): Promise<void> {
    if (name !== this.switchNs && !name.startsWith(`${this.id}-`)) throw new Error(`lab namespaces start with ${this.id}-: ${name}`);
    // Node namespaces (`<id>-n<index>`, also those addNode adds) are listed through the nodes.
    const known = name === this.switchNs || name === this.client.ns || new RegExp(`^${this.id}-n\\d+$`).test(name);
    if (!known) this.extraNamespaces.push(name);
    await runOk('ip', ['netns', 'add', name]);
    this.reaper.watch(name);
    // Quiet, deterministic links: IPv4 only; nothing in the lab routes anywhere.
    // (/proc/sys/net is the namespace's own; no sysctl binary needed, procps is not in minimal images)
    await runOk('ip', ['netns', 'exec', name, 'sh', '-c', 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 && echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6']);
    await runOk('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  }

  /** Switch namespace with bridge br0; a veth per host, its far end named `ifname` in the host's namespace. */
  private async buildNetwork(): Promise<void> {
    await this.addNamespace(this.switchNs);
    await runOk('ip', ['-n', this.switchNs, 'link', 'add', 'br0', 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0']);
    await runOk('ip', ['-n', this.switchNs, 'link', 'set', 'br0', 'up']);
    for (const n of this.spec.nodes) {
      await this.connect(this.nodeNs(n.index), `p${n.index}`, this.spec.interfaceName, n.privateIp, { mac: n.mac, configured: n.addressConfigured ?? true });
    }
    await this.connect(this.client.ns, 'pc', 'eth0', this.spec.clientIp);
  }

  private nodeNs(index: number): string {
    return `${this.id}-n${index}`;
  }

  /**
   * A namespace with one veth to the switch, its end named `ifname` and addressed `ip`; with `mac`,
   * that MAC; with `configured: false`, down and without the address (an ENI the image left alone).
   */
  private async connect(ns: string, port: string, ifname: string, ip: string, options: { mac?: string; configured?: boolean } = {}): Promise<void> {
    await this.addNamespace(ns);
    await runOk('ip', ['-n', this.switchNs, 'link', 'add', port, 'type', 'veth', 'peer', 'name', ifname, 'netns', ns]);
    await runOk('ip', ['-n', this.switchNs, 'link', 'set', port, 'master', 'br0', 'up']);
    if (options.mac !== undefined) await runOk('ip', ['-n', ns, 'link', 'set', ifname, 'address', options.mac]);
    if (options.configured === false) return;
    await runOk('ip', ['-n', ns, 'addr', 'add', `${ip}/${this.spec.prefixLength}`, 'dev', ifname]);
    await runOk('ip', ['-n', ns, 'link', 'set', ifname, 'up']);
  }

  /** A node joining the running lab (a new instance): its namespace, link and sandbox; nothing booted. */
  async addNode(spec: LabNodeSpec): Promise<LabNode> {
    if (this.nodes.some((n) => n.spec.index === spec.index)) throw new Error(`${this.spec.name} already has node ${spec.index}`);
    await this.connect(this.nodeNs(spec.index), `p${spec.index}`, this.spec.interfaceName, spec.privateIp);
    const node = await LabNode.create(this, spec);
    this.nodes.push(node);
    return node;
  }

  /** A node leaving the lab (a deleted instance): everything it runs stops, its namespace goes. */
  async removeNode(index: number): Promise<void> {
    const node = this.node(index);
    await node.shutdown();
    this.nodes.splice(this.nodes.indexOf(node), 1);
    this.removed.push(node);
    await run('ip', ['netns', 'del', node.ns]);
    await run('ip', ['-n', this.switchNs, 'link', 'del', `p${index}`]);
  }

  /** The nodes whose interface carries the VIP right now. */
  async vipHolders(): Promise<number[]> {
    const holders: number[] = [];
    for (const node of this.nodes) if (await node.holdsVip()) holders.push(node.spec.index);
    return holders;
  }

  /** Default routes found in any lab namespace (must be none: the lab reaches nothing outside). */
  async defaultRoutes(): Promise<string[]> {
    const found: string[] = [];
    for (const ns of this.namespaces) {
      const routes = (await runOk('ip', ['-n', ns, 'route', 'show', 'default'])).trim();
      if (routes) found.push(`${ns}: ${routes}`);
    }
    return found;
  }

  /** Starts every node's web server, then every node's keepalived at once; returns the start time. */
  async startAll(): Promise<number> {
    for (const node of this.nodes) await node.startWeb();
    const t = now();
    for (const node of this.nodes) node.startKeepalived();
    return t;
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const node of this.nodes) await node.shutdown();
    for (const ns of [...this.namespaces].reverse()) await run('ip', ['netns', 'del', ns]);
    await this.reaper.release();
  }
}

/** A node: its namespace, the /etc overlay holding its boot's files, keepalived and a web server. */
export class LabNode {
  readonly ns: string;
  readonly dir: string;
  readonly log: LogLine[] = [];
  keepalived?: LabProcess;
  web?: LabProcess;
  /** The lab's systemd for keepalived (LabSpec.services 'systemd'). */
  services?: ServiceManager;
  /** The instance is running (false between an instance stop and its start). */
  up = true;
  private runs = 0;

  private constructor(
    readonly lab: Lab,
    readonly spec: LabNodeSpec,
    /** Holds the node's mount namespace (the /etc overlay on a private tmpfs) for the whole lab. */
    readonly holder: LabProcess,
    dir: string,
  ) {
    this.ns = `${lab.id}-n${spec.index}`;
    this.dir = dir;
  }

  /** Appends a line to this node's keepalived log (stamped now), e.g. what the lab did to it. */
  note(text: string): void {
    const t = now();
    this.log.push({ t, run: this.runs, text });
    appendFileSync(`${this.logPrefix}.keepalived.log`, `[${(this.lab.elapsed(t) / 1000).toFixed(3).padStart(8)}s run ${this.runs}] ${text}\n`);
  }

  static async create(lab: Lab, spec: LabNodeSpec): Promise<LabNode> {
    // A node index seen before (an instance deleted and created again) gets a fresh directory.
    let dir = join(lab.dir, `n${spec.index}`);
    for (let generation = 2; existsSync(dir); generation++) dir = join(lab.dir, `n${spec.index}.${generation}`);
    const ns = `${lab.id}-n${spec.index}`;
    mkdirSync(join(dir, SANDBOX_PATH_PREFIX), { recursive: true, mode: 0o755 });
    mkdirSync(join(dir, 'overlay'), { mode: 0o755 });
    mkdirSync(join(dir, 'www'), { mode: 0o755 });
    writeFileSync(join(dir, 'www', 'index.html'), `ECS ${spec.index}\n`, { mode: 0o644 });
    writeFileSync(join(dir, 'calls.log'), '', { mode: 0o644 });
    const packageManager = spec.packageManager ?? 'dnf';
    const systemd = lab.spec.services === 'systemd';
    if (systemd) {
      writeFileSync(join(dir, SANDBOX_PATH_PREFIX, 'systemctl'), systemctlStandIn(join(dir, 'calls.log'), join(dir, 'systemd.sock')), { mode: 0o755 });
    }
    // With the lab playing systemd, systemctl is the one above and the settle waits are real.
    const recordOnly = systemd ? [] : [...SERVICE_STAND_INS, ...BOOT_STAND_INS];
    for (const tool of [packageManager, ...recordOnly, ...(systemd ? ['service'] : [])]) {
      // The lab plays systemd itself after the boot: to the boot's scripts keepalived is neither
      // enabled nor running yet, and a settle wait is the lab's own business.
      const status = tool === 'systemctl' ? 'case "$1" in is-active) exit 3 ;; is-enabled) exit 1 ;; esac\n' : '';
      writeFileSync(
        join(dir, SANDBOX_PATH_PREFIX, tool),
        `#!/bin/sh\n# havip lab stand-in: records the call, changes nothing\nprintf '%s\\n' "${tool} $*" >> '${join(dir, 'calls.log')}'\n${status}exit 0\n`,
        { mode: 0o755 },
      );
    }
    // `ip netns exec` gives a private (slave) mount namespace with the node's /sys; in it a tmpfs
    // takes the overlay's upper and work dirs, so nothing the boot writes reaches the host.
    const overlay = join(dir, 'overlay');
    const etcMode = (statSync('/etc').mode & 0o7777).toString(8);
    const script = [
      'set -e',
      `mount -t tmpfs -o mode=0755 havip-lab '${overlay}'`,
      `mkdir -m 0755 '${overlay}/upper' '${overlay}/work'`,
      `chmod ${etcMode} '${overlay}/upper'`,
      `mount -t overlay havip-lab-etc -o 'lowerdir=/etc,upperdir=${overlay}/upper,workdir=${overlay}/work' /etc`,
      // Hide the host's other package managers, so the boot script finds only this image's one.
      `: > '${overlay}/masked'`,
      `chmod 0644 '${overlay}/masked'`,
      `for tool in ${PACKAGE_MANAGER_COMMANDS.filter((t) => t !== packageManager).join(' ')}; do`,
      `  for dir in ${LAB_PATH.split(':').join(' ')}; do`,
      `    if [ -e "$dir/$tool" ]; then mount --bind '${overlay}/masked' "$dir/$tool"; fi`,
      '  done',
      'done',
      'echo ready',
      'exec sleep 900 </dev/null >/dev/null 2>&1',
    ].join('\n');
    let ready!: () => void;
    const readyPromise = new Promise<void>((resolve) => (ready = resolve));
    const output: string[] = [];
    const holder = startProcess(`${ns} holder`, 'ip', ['netns', 'exec', ns, 'sh', '-c', script], {
      onLine: (line) => {
        if (line === 'ready') ready();
        else output.push(line);
      },
    });
    const started = await Promise.race([readyPromise.then(() => true), holder.waitExit(10_000).then(() => false)]);
    if (!started) {
      await holder.kill();
      throw new Error(`node ${spec.index}: could not mount the /etc overlay in ${ns}: ${output.join('\n') || 'no output'}`);
    }
    const node = new LabNode(lab, spec, holder, dir);
    if (systemd) {
      node.services = new ServiceManager(node, join(dir, 'systemd.sock'));
      await node.services.listen();
    }
    return node;
  }

  private get logPrefix(): string {
    return join(this.lab.spec.logDir, `node${this.spec.index}`);
  }

  /** argv prefix entering the node's network namespace and its /etc-overlay mount namespace. */
  private enter(): string[] {
    return ['--net=/run/netns/' + this.ns, `--mount=/proc/${this.holder.pid}/ns/mnt`, '--'];
  }

  /** Reads a file as the node sees it (through its /etc overlay). */
  readFile(path: string): string {
    return readFileSync(`/proc/${this.holder.pid}/root${path}`, 'utf8');
  }

  /**
   * Runs the boot script as cloud-init would (as root, executed by its #! line, stand-ins first on
   * PATH), then each delivered script as Cloud Assistant would, stopping at the first failure.
   */
  async boot(): Promise<BootResult> {
    const scripts = [this.spec.bootScript, ...(this.spec.deliveredScripts ?? [])];
    let output = '';
    let code: number | null = 0;
    for (const [i, script] of scripts.entries()) {
      const result = await this.runScript(i === 0 ? 'boot' : `delivered-${i}`, script, 60_000);
      output += `${result.stdout}${result.stderr}`;
      code = result.code;
      if (code !== 0) break;
    }
    const calls = readFileSync(join(this.dir, 'calls.log'), 'utf8').split('\n').filter(Boolean);
    writeFileSync(`${this.logPrefix}.calls.log`, calls.join('\n') + '\n');
    return { code, output, calls };
  }

  /**
   * Runs a script in the node as root (its network and mount namespaces, the stand-ins first on
   * PATH), executed by its #! line (by sh without one); appends its output to <node>.<name>.log.
   */
  async runScript(name: string, script: string, timeoutMs: number): Promise<RunResult> {
    const scriptPath = join(this.dir, `${name}.sh`);
    writeFileSync(scriptPath, script, { mode: 0o700 });
    const path = `${join(this.dir, SANDBOX_PATH_PREFIX)}:${LAB_PATH}`;
    const argv = script.startsWith('#!') ? [scriptPath] : ['sh', scriptPath];
    const result = await run('nsenter', [...this.enter(), ...argv], { env: labEnv(path), timeoutMs });
    appendFileSync(
      `${this.logPrefix}.${name}.log`,
      `--- [${(this.lab.elapsed() / 1000).toFixed(3)}s] exit ${result.code}${result.timedOut ? ' (timed out)' : ''}\n${result.stdout}${result.stderr}`,
    );
    return result;
  }

  /** Plays systemd's part: `keepalived -n -l -D -f /etc/keepalived/keepalived.conf` with this node's pid files. */
  startKeepalived(): LabProcess {
    if (this.keepalived?.running) throw new Error(`node ${this.spec.index}: keepalived is already running`);
    const run = ++this.runs;
    const file = `${this.logPrefix}.keepalived.log`;
    const record = (text: string) => {
      const t = now();
      this.log.push({ t, run, text });
      appendFileSync(file, `[${(this.lab.elapsed(t) / 1000).toFixed(3).padStart(8)}s run ${run}] ${text}\n`);
    };
    rmSync(this.pidFile, { force: true });
    record(`--- lab: starting keepalived (run ${run})`);
    const keepalived = startProcess(
      `node ${this.spec.index} keepalived`,
      'nsenter',
      [
        ...this.enter(),
        'keepalived', '-n', '-l', '-D',
        '-f', '/etc/keepalived/keepalived.conf',
        '-p', this.pidFile,
        '-r', join(this.dir, 'vrrp.pid'),
        '-c', join(this.dir, 'checkers.pid'),
      ],
      { onLine: record },
    );
    keepalived.child.once('exit', (code, signal) => record(`--- lab: keepalived exited (${signal ?? `code ${code}`})`));
    this.keepalived = keepalived;
    return keepalived;
  }

  /** keepalived's own pid file: it exists once keepalived has started. */
  get pidFile(): string {
    return join(this.dir, 'keepalived.pid');
  }

  /** Waits (bounded) until keepalived has written its pid file; false if it exited or took too long. */
  async keepalivedStarted(timeoutMs = 5000): Promise<boolean> {
    const deadline = now() + timeoutMs;
    while (now() < deadline) {
      if (!this.keepalived?.running) return false;
      if (existsSync(this.pidFile)) return true;
      await sleep(20);
    }
    return false;
  }

  /** `systemctl reload keepalived`: SIGHUP to keepalived's main process (its unit's ExecReload). */
  reloadKeepalived(): void {
    const process_ = this.keepalived;
    if (!process_?.running) throw new Error(`node ${this.spec.index}: keepalived is not running`);
    this.note('--- lab: reload (SIGHUP)');
    process.kill(process_.pid, 'SIGHUP');
  }

  /**
   * An instance stop as ECS does it: the OS shuts down (systemd stops keepalived with SIGTERM and
   * the web server), then the instance is off the network.
   */
  async instanceStop(): Promise<void> {
    this.note('--- lab: instance stopping');
    if (this.keepalived?.running) await this.stopKeepalived('SIGTERM');
    if (this.web?.running) await this.stopWeb();
    await this.setLink(false);
    this.up = false;
  }

  /** An instance start: back on the network, the web server up, keepalived started by systemd when enabled. */
  async instanceStart(): Promise<void> {
    await this.setLink(true);
    await this.startWeb();
    this.up = true;
    this.note('--- lab: instance started');
    if (this.services?.enabled) await this.services.start();
  }

  /** SIGTERM: keepalived's orderly stop. SIGKILL: a crash, the whole process group at once. */
  async stopKeepalived(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const process = this.keepalived;
    if (!process?.running) throw new Error(`node ${this.spec.index}: keepalived is not running`);
    const exited = await process.stop(signal, { group: signal === 'SIGKILL', timeoutMs: 10_000 });
    if (!exited) throw new Error(`node ${this.spec.index}: keepalived did not exit within 10 s of ${signal}`);
  }

  /** The guide's web server: `python3 -m http.server <port>` in a directory whose index.html is "ECS <n>". */
  async startWeb(): Promise<void> {
    if (this.web?.running) throw new Error(`node ${this.spec.index}: the web server is already running`);
    const file = `${this.logPrefix}.http.log`;
    this.web = startProcess(
      `node ${this.spec.index} web`,
      'nsenter',
      [...this.enter(), 'python3', '-m', 'http.server', String(this.lab.spec.port), '--bind', '0.0.0.0', '--directory', join(this.dir, 'www')],
      { onLine: (line) => appendFileSync(file, `${line}\n`) },
    );
    const deadline = now() + 10_000;
    while (now() < deadline && this.web.running) {
      const answer = await run('nsenter', [`--net=/run/netns/${this.ns}`, '--', 'curl', '-sS', '--noproxy', '*', '--max-time', '1', `http://127.0.0.1:${this.lab.spec.port}/`]);
      if (answer.code === 0 && answer.stdout.trim() === `ECS ${this.spec.index}`) return;
      await sleep(100);
    }
    throw new Error(`node ${this.spec.index}: the web server did not answer on 127.0.0.1:${this.lab.spec.port} within 10 s`);
  }

  async stopWeb(): Promise<void> {
    if (!this.web?.running) throw new Error(`node ${this.spec.index}: the web server is not running`);
    if (!(await this.web.stop('SIGTERM', { timeoutMs: 5000 }))) await this.web.stop('SIGKILL', { timeoutMs: 5000 });
  }

  /** `ip link set <ifname> up|down` in the node's namespace. */
  async setLink(up: boolean): Promise<void> {
    await runOk('ip', ['-n', this.ns, 'link', 'set', this.lab.spec.interfaceName, up ? 'up' : 'down']);
  }

  async holdsVip(): Promise<boolean> {
    const addresses = await runOk('ip', ['-n', this.ns, '-4', '-o', 'addr', 'show', 'dev', this.lab.spec.interfaceName]);
    return addresses.includes(` ${this.lab.spec.vip}/`);
  }

  /** Log lines matching a pattern, at or after `since`. */
  logLines(pattern: RegExp, since = 0): LogLine[] {
    return this.log.filter((line) => line.t >= since && pattern.test(line.text));
  }

  /** Waits (bounded) for a log line matching the pattern at or after `since`; returns it or undefined. */
  async waitForLog(pattern: RegExp, since: number, timeoutMs: number): Promise<LogLine | undefined> {
    const deadline = now() + timeoutMs;
    for (;;) {
      const found = this.logLines(pattern, since)[0];
      if (found || now() >= deadline) return found;
      await sleep(25);
    }
  }

  /** Stops everything this node runs (by PID) and releases its mount namespace. */
  async shutdown(): Promise<void> {
    for (const process of [this.keepalived, this.web]) if (process?.running) await process.kill();
    await this.services?.close();
    await this.holder.kill();
  }
}

/** One HTTP request from the client to the VIP. */
export interface Sample {
  readonly tStart: number;
  readonly tEnd: number;
  readonly ok: boolean;
  /** The trimmed body, e.g. "ECS 1", or curl's error. */
  readonly body: string;
}

/** The client: curl from its own namespace to http://VIP:port/ with short timeouts. */
export class LabClient {
  constructor(
    readonly ns: string,
    readonly vip: string,
    readonly port: number,
  ) {}

  async get(): Promise<Sample> {
    const tStart = now();
    const result = await run(
      'nsenter',
      [`--net=/run/netns/${this.ns}`, '--', 'curl', '-sS', '--noproxy', '*', '--connect-timeout', '0.3', '--max-time', '0.6', `http://${this.vip}:${this.port}/`],
      { timeoutMs: 3000 },
    );
    const ok = result.code === 0;
    return { tStart, tEnd: now(), ok, body: ok ? result.stdout.trim() : result.stderr.trim() || `exit ${result.code}` };
  }

  /** Starts polling every intervalMs (start to start), for at most maxMs. */
  poll(intervalMs = 100, maxMs = 60_000): Poller {
    return new Poller(this, intervalMs, maxMs);
  }
}

/** A background polling loop whose samples scenarios wait on and measure. */
export class Poller {
  readonly samples: Sample[] = [];
  private stopped = false;
  private readonly loop: Promise<void>;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly client: LabClient,
    private readonly intervalMs: number,
    maxMs: number,
  ) {
    this.loop = this.run(now() + maxMs);
  }

  private async run(deadline: number): Promise<void> {
    while (!this.stopped && now() < deadline) {
      const sample = await this.client.get();
      this.samples.push(sample);
      for (const wake of this.waiters) wake();
      const rest = this.intervalMs - (sample.tEnd - sample.tStart);
      if (rest > 0) await sleep(rest);
    }
  }

  /** The first sample at or after `since` that satisfies the predicate, waiting at most timeoutMs. */
  async waitFor(predicate: (s: Sample) => boolean, since: number, timeoutMs: number): Promise<Sample | undefined> {
    const deadline = now() + timeoutMs;
    for (;;) {
      const found = this.samples.find((s) => s.tStart >= since && predicate(s));
      if (found) return found;
      const left = deadline - now();
      if (left <= 0 || this.stopped) return undefined;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 500));
        this.waiters.add(wake);
      });
    }
  }

  /** Samples started in [from, to). */
  between(from: number, to: number): Sample[] {
    return this.samples.filter((s) => s.tStart >= from && s.tStart < to);
  }

  async stop(): Promise<Sample[]> {
    this.stopped = true;
    await this.loop;
    return this.samples;
  }
}
