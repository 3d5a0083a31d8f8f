// Runs the real `keepalived --config-test` on a rendered keepalived.conf, as a node would see it:
// the config at /etc/keepalived/keepalived.conf, its scripts beside it (root-owned, 0750), and the
// interfaces it names. Everything happens in a private mount and network namespace (needs root):
// a temporary directory is bind-mounted over /etc/keepalived, the interfaces are created in the new
// network namespace, which has no link to the host. Nothing on the host changes.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** What `keepalived --config-test` said. */
export interface ConfigTestResult {
  /** 0 clean; 3 cannot run; 4 errors it would correct; 5 warnings such as script security; 143 killed by SIGTERM. */
  readonly exitCode: number;
  /** stdout and stderr. */
  readonly output: string;
}

/** A file to place in /etc/keepalived beside keepalived.conf. */
export interface ConfigTestFile {
  readonly content: string;
  readonly mode: number;
}

export interface ConfigTestOptions {
  /**
   * Files beside keepalived.conf in /etc/keepalived, by file name.
   * @default - every `script "/etc/keepalived/<name>"` the config references gets `#!/bin/sh` +
   * `exit 0`, mode 0750, root-owned: what the boot script writes
   */
  readonly files?: Readonly<Record<string, ConfigTestFile>>;
}

const SETUP_FAILED = 100;
const INNER = `
fail() { echo "config-test setup: $*" >&2; exit ${SETUP_FAILED}; }
dir=$1; shift
for name in "$@"; do
  ip link show dev "$name" >/dev/null 2>&1 || ip link add name "$name" type dummy 2>/dev/null ||
    ip link add name "$name" type bridge || fail "cannot create interface $name"
done
mount --bind "$dir/etc-keepalived" /etc/keepalived || fail "cannot bind-mount /etc/keepalived"
if [ -f "$dir/passwd" ]; then
  mount --bind "$dir/passwd" /etc/passwd || fail "cannot bind-mount /etc/passwd"
  mount --bind "$dir/group" /etc/group || fail "cannot bind-mount /etc/group"
fi
exec keepalived --config-test -f /etc/keepalived/keepalived.conf
`;

/** Runs `keepalived --config-test -f /etc/keepalived/keepalived.conf` on `config` in a sandbox. */
export function keepalivedConfigTest(config: string, options: ConfigTestOptions = {}): ConfigTestResult {
  const reason = keepalivedConfigTestUnavailable();
  if (reason) {
    throw new Error(`keepalived --config-test cannot run here: ${reason}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-config-test-'));
  try {
    const etc = path.join(dir, 'etc-keepalived');
    fs.mkdirSync(etc, { mode: 0o755 });
    fs.chmodSync(etc, 0o755);
    writeFile(path.join(etc, 'keepalived.conf'), { content: config, mode: 0o640 });
    for (const [name, file] of Object.entries(options.files ?? defaultScripts(config))) {
      writeFile(path.join(etc, name), file);
    }
    const scriptUser = /^\s*script_user\s+(\S+)/m.exec(config)?.[1];
    if (scriptUser && !userExists(scriptUser)) {
      // As the boot script does with useradd: a system user without a login shell.
      fs.writeFileSync(path.join(dir, 'passwd'), `${fs.readFileSync('/etc/passwd', 'utf8')}${scriptUser}:x:64999:64999::/nonexistent:/bin/false\n`);
      fs.writeFileSync(path.join(dir, 'group'), `${fs.readFileSync('/etc/group', 'utf8')}${scriptUser}:x:64999:\n`);
    }
    const run = spawnSync('unshare', ['--mount', '--net', 'sh', '-c', INNER, 'sh', dir, ...interfacesOf(config)], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    if (run.error) {
      throw run.error;
    }
    if (run.status === SETUP_FAILED) {
      throw new Error(`keepalived --config-test sandbox: ${output}`);
    }
    // keepalived before 2.2.8 terminates itself with SIGTERM when a script runs as a non-root user.
    const exitCode = run.status ?? 128 + (run.signal ? os.constants.signals[run.signal] : 0);
    return { exitCode, output };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const MANY_INNER = `
fail() { echo "config-test setup: $*" >&2; exit ${SETUP_FAILED}; }
dir=$1; shift
for name in "$@"; do
  ip link show dev "$name" >/dev/null 2>&1 || ip link add name "$name" type dummy 2>/dev/null ||
    ip link add name "$name" type bridge || fail "cannot create interface $name"
done
mount --bind "$dir/etc-keepalived" /etc/keepalived || fail "cannot bind-mount /etc/keepalived"
# Two at a time: keepalived's start-up, not the parsing, is what takes the time.
ls /etc/keepalived | grep '^config-.*\\.conf$' | xargs -P 2 -I CONF sh -c '
  keepalived --config-test -f "/etc/keepalived/$1" >"$2/out/$1" 2>&1; echo "$?" >"$2/status/$1"' sh CONF "$dir"
`;

/**
 * Runs `keepalived --config-test` on many configs in one sandbox (one mount and network namespace
 * for all, so hundreds take seconds): every interface any config names is created, every script
 * the configs reference exists as in keepalivedConfigTest. Configs must run their scripts as root.
 */
export function keepalivedConfigTestMany(configs: readonly string[]): ConfigTestResult[] {
  const reason = keepalivedConfigTestUnavailable();
  if (reason) {
    throw new Error(`keepalived --config-test cannot run here: ${reason}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-config-test-many-'));
  try {
    const etc = path.join(dir, 'etc-keepalived');
    for (const sub of [etc, path.join(dir, 'out'), path.join(dir, 'status')]) fs.mkdirSync(sub, { mode: 0o755 });
    fs.chmodSync(etc, 0o755);
    const interfaces = new Set<string>();
    configs.forEach((config, i) => {
      if (/^\s*script_user\s+(?!root\s*$)/m.test(config)) throw new Error('keepalivedConfigTestMany: only configs whose scripts run as root');
      writeFile(path.join(etc, `config-${String(i).padStart(6, '0')}.conf`), { content: config, mode: 0o640 });
      for (const [name, file] of Object.entries(defaultScripts(config))) writeFile(path.join(etc, name), file);
      for (const name of interfacesOf(config)) interfaces.add(name);
    });
    // A PID namespace whose init dies with unshare: a timeout kills every keepalived still running.
    const run = spawnSync('unshare', ['--mount', '--net', '--pid', '--fork', '--kill-child', 'sh', '-c', MANY_INNER, 'sh', dir, ...interfaces], {
      encoding: 'utf8',
      timeout: 60_000 + 250 * configs.length,
    });
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`keepalived --config-test sandbox: ${run.stdout}${run.stderr}`);
    return configs.map((_, i) => {
      const name = `config-${String(i).padStart(6, '0')}.conf`;
      const status = fs.readFileSync(path.join(dir, 'status', name), 'utf8').trim();
      return { exitCode: Number(status), output: fs.readFileSync(path.join(dir, 'out', name), 'utf8') };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let unavailable: string | null | undefined;

/** Why the real config test cannot run on this machine, or undefined when it can. */
export function keepalivedConfigTestUnavailable(): string | undefined {
  if (unavailable === undefined) {
    unavailable = findUnavailable() ?? null;
  }
  return unavailable ?? undefined;
}

function findUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) {
    return 'it needs root (a private mount and network namespace)';
  }
  for (const tool of ['keepalived', 'unshare', 'ip']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      return `${tool} is not installed (apt-get install keepalived iproute2)`;
    }
  }
  const help = spawnSync('keepalived', ['--help'], { encoding: 'utf8' });
  if (!`${help.stdout}${help.stderr}`.includes('--config-test')) {
    return 'this keepalived has no --config-test (before 2.0.4)';
  }
  if (!fs.statSync('/etc/keepalived', { throwIfNoEntry: false })?.isDirectory()) {
    return '/etc/keepalived does not exist (the keepalived package creates it)';
  }
  return undefined;
}

/** True when the CI environment variable says this is CI: a missing prerequisite fails there. */
export function inCi(): boolean {
  const ci = (process.env.CI ?? '').toLowerCase();
  return ci !== '' && ci !== 'false' && ci !== '0';
}

const warned = new Set<string>();

/**
 * `test(name, fn)` when `unavailableReason` is undefined. Otherwise, in CI, a test that fails with
 * the reason; elsewhere `test.skip` and a console warning, once per reason.
 */
export function testRequiring(unavailableReason: string | undefined, name: string, fn: () => void): void {
  if (unavailableReason === undefined) {
    test(name, fn);
  } else if (inCi()) {
    test(name, () => {
      throw new Error(`cannot run in CI: ${unavailableReason}`);
    });
  } else {
    if (!warned.has(unavailableReason)) {
      warned.add(unavailableReason);
      console.warn(`SKIPPING tests that need real keepalived: ${unavailableReason}`);
    }
    test.skip(name, fn);
  }
}

/** A test that runs real `keepalived --config-test` (see testRequiring). */
export function testWithKeepalived(name: string, fn: () => void): void {
  testRequiring(keepalivedConfigTestUnavailable(), name, fn);
}

function writeFile(file: string, { content, mode }: ConfigTestFile): void {
  fs.writeFileSync(file, content, { mode });
  fs.chmodSync(file, mode);
}

function defaultScripts(config: string): Record<string, ConfigTestFile> {
  const files: Record<string, ConfigTestFile> = {};
  for (const match of config.matchAll(/^\s*script\s+"\/etc\/keepalived\/([^"/\s]+)"/gm)) {
    files[match[1]] = { content: '#!/bin/sh\nexit 0\n', mode: 0o750 };
  }
  return files;
}

/** The VRRP and tracked interfaces the config names: the node has them, so the sandbox creates them. */
function interfacesOf(config: string): string[] {
  const names = [...config.matchAll(/^\s*interface\s+(\S+)\s*$/gm)].map((m) => m[1]);
  for (const block of config.matchAll(/track_interface\s*\{([^}]*)\}/g)) {
    names.push(...block[1].split(/\s+/).filter((name) => name !== ''));
  }
  return [...new Set(names)].filter((name) => /^[A-Za-z0-9_.-]{1,15}$/.test(name));
}

function userExists(name: string): boolean {
  return fs.readFileSync('/etc/passwd', 'utf8').split('\n').some((line) => line.split(':')[0] === name);
}
