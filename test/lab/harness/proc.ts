// Child processes for the lab: bounded commands, tracked long-running processes, and a reaper that
// removes the lab's namespaces even if the test process dies without running afterAll.
import { ChildProcess, execFile, spawn } from 'child_process';

/** The PATH every lab command runs with: system directories only, so tools resolve the same way in CI. */
export const LAB_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A clean environment (no proxies, no user PATH) for every command the lab starts. */
export function labEnv(path: string = LAB_PATH): NodeJS.ProcessEnv {
  return { PATH: path, HOME: '/root', LANG: 'C', LC_ALL: 'C' };
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** true when the command was killed for exceeding its time limit. */
  readonly timedOut: boolean;
}

export interface RunOptions {
  /** Hard time limit; the command is killed with SIGKILL after it. */
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs a command to completion within a time limit; never throws for a non-zero exit. */
export function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve) => {
    execFile(
      file,
      [...args],
      { env: options.env ?? labEnv(), timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { code?: number | string; signal?: NodeJS.Signals; killed?: boolean }) | null;
        resolve({
          code: failure ? (typeof failure.code === 'number' ? failure.code : null) : 0,
          signal: failure?.signal ?? null,
          stdout: String(stdout),
          stderr: String(stderr) + (failure && typeof failure.code === 'string' ? `${failure.code}: ${failure.message}` : ''),
          timedOut: Boolean(failure?.killed && failure.signal === 'SIGKILL'),
        });
      },
    );
  });
}

/** Runs a command and throws, with its output, unless it exits 0. */
export async function runOk(file: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await run(file, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${file} ${args.join(' ')} failed (exit ${result.code}, signal ${result.signal}${result.timedOut ? ', timed out' : ''}):\n${result.stderr}${result.stdout}`,
    );
  }
  return result.stdout;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Milliseconds on a monotonic clock. */
export function now(): number {
  return performance.now();
}

/**
 * A long-running process the lab started. It runs under `setpriv --pdeathsig KILL`, so it dies with
 * the test process whatever the cause; `stop` signals it (or its whole process group) by PID only.
 */
export class LabProcess {
  private exitPromise: Promise<void>;
  private exited = false;

  constructor(
    public readonly name: string,
    public readonly child: ChildProcess,
  ) {
    this.exitPromise = new Promise((resolve) => {
      child.once('exit', () => {
        this.exited = true;
        resolve();
      });
      child.once('error', () => {
        this.exited = true;
        resolve();
      });
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} has no pid (failed to start)`);
    return this.child.pid;
  }

  get running(): boolean {
    return !this.exited;
  }

  /**
   * Sends a signal and waits (bounded) for the exit. `group` signals the process group the process
   * leads (it was started detached), e.g. keepalived and its VRRP child together.
   */
  async stop(signal: NodeJS.Signals, options: { group?: boolean; timeoutMs?: number } = {}): Promise<boolean> {
    if (this.exited || this.child.pid === undefined) return true;
    try {
      process.kill(options.group ? -this.child.pid : this.child.pid, signal);
    } catch {
      // already gone
    }
    return this.waitExit(options.timeoutMs ?? 5000);
  }

  /** Waits for the exit, at most timeoutMs; returns whether it exited. */
  async waitExit(timeoutMs: number): Promise<boolean> {
    if (this.exited) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([this.exitPromise, timeout]);
    clearTimeout(timer);
    return this.exited;
  }

  /** SIGTERM, then SIGKILL to the group if it is still there: for cleanup. */
  async kill(): Promise<void> {
    if (await this.stop('SIGTERM', { timeoutMs: 3000 })) return;
    await this.stop('SIGKILL', { group: true, timeoutMs: 3000 });
  }
}

export interface StartOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Called with each complete output line (stdout and stderr together), as it arrives. */
  readonly onLine?: (line: string) => void;
}

/**
 * Starts a long-running process in its own process group, with `setpriv --pdeathsig KILL` so it
 * never outlives the test process.
 */
export function startProcess(name: string, file: string, args: readonly string[], options: StartOptions = {}): LabProcess {
  const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', file, ...args], {
    env: options.env ?? labEnv(),
    detached: true,
    stdio: ['ignore', options.onLine ? 'pipe' : 'ignore', options.onLine ? 'pipe' : 'ignore'],
  });
  if (options.onLine) {
    const onLine = options.onLine;
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        pending += chunk;
        let newline = pending.indexOf('\n');
        while (newline >= 0) {
          onLine(pending.slice(0, newline));
          pending = pending.slice(newline + 1);
          newline = pending.indexOf('\n');
        }
      });
      stream?.on('end', () => {
        if (pending) onLine(pending);
        pending = '';
      });
    }
  }
  return new LabProcess(name, child);
}

/**
 * A detached shell that deletes the given network namespaces and directory when its stdin closes:
 * either when the lab tears down normally or when the test process dies (even by SIGKILL). It reads
 * one name per line; it only ever deletes what it was told.
 */
export class Reaper {
  private readonly child: ChildProcess;

  constructor(directory: string) {
    const script = [
      'dir="$1"',
      'set --',
      'while IFS= read -r ns; do set -- "$@" "$ns"; done',
      'for ns in "$@"; do ip netns pids "$ns" 2>/dev/null | while read -r pid; do kill -KILL "$pid" 2>/dev/null; done; ip netns del "$ns" 2>/dev/null; done',
      'rm -rf -- "$dir"',
    ].join('\n');
    this.child = spawn('sh', ['-c', script, 'havip-lab-reaper', directory], {
      env: labEnv(),
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    this.child.unref();
    (this.child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }

  /** Registers a namespace for deletion. */
  watch(namespace: string): void {
    this.child.stdin?.write(`${namespace}\n`);
  }

  /** Closes the reaper's stdin: it deletes whatever is left and exits. */
  release(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.stdin?.end();
      if (this.child.exitCode !== null) {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}
