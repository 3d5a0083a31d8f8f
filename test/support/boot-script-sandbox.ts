// Runs a rendered boot script for real, as root, in a private mount and network namespace:
// /etc/keepalived, /etc/passwd and /etc/group are bind-mounted temporary copies; PATH holds only
// stand-ins for the package managers, systemctl, useradd and reboot (each records its arguments)
// plus the real tools the script uses, including the real keepalived (so --config-test runs for
// real on the written file). Nothing on the host changes; the namespace has no network link.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { keepalivedConfigTestUnavailable } from './keepalived-config-test';

/** Stand-ins that record their arguments; nothing else happens when they run. */
export type StandIn = 'dnf' | 'yum' | 'apt-get' | 'systemctl' | 'useradd' | 'reboot' | 'sleep';

export interface SandboxOptions {
  /** The stand-ins on PATH; a package manager missing here is missing for the script. */
  readonly standIns: readonly StandIn[];
  /**
   * `real`: the installed keepalived. `old`: a stand-in whose --help lacks --config-test, like
   * keepalived before 2.0.4.
   * @default 'real'
   */
  readonly keepalived?: 'real' | 'old';
  /**
   * What the systemctl stand-in answers to `is-active keepalived` and `is-enabled keepalived`.
   * @default - both succeed (running and enabled)
   */
  readonly keepalivedService?: { readonly active: boolean; readonly enabled: boolean };
  /**
   * Files in /etc/keepalived before the script runs, by name (root-owned, mode 0640 or as given).
   * @default - none
   */
  readonly initialFiles?: Readonly<Record<string, { readonly content: string; readonly mode?: number }>>;
}

export interface SandboxFile {
  readonly content: string;
  /** Permission bits, e.g. 0o640. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

export interface SandboxResult {
  readonly exitCode: number;
  /** The script's stdout and stderr. */
  readonly output: string;
  /** Every stand-in call and keepalived call, in order, e.g. `apt-get install -y keepalived`. */
  readonly calls: readonly string[];
  /** What /etc/keepalived holds afterwards, by file name. */
  readonly files: Readonly<Record<string, SandboxFile>>;
  /** /etc/passwd lines the run added. */
  readonly addedUsers: readonly string[];
}

/** The uid/gid the useradd stand-in gives a new user. */
export const SANDBOX_NEW_UID = 64998;

const SETUP_FAILED = 100;
const REAL_TOOLS = ['sh', 'cat', 'chmod', 'chown', 'mkdir', 'id', 'grep', 'mv', 'rm', 'cp'];
const INNER = `
fail() { echo "sandbox setup: $*" >&2; exit ${SETUP_FAILED}; }
dir=$1
ip link add eth0 type dummy 2>/dev/null || ip link add eth0 type bridge || fail "cannot create eth0"
mount --bind "$dir/etc-keepalived" /etc/keepalived || fail "cannot bind-mount /etc/keepalived"
mount --bind "$dir/passwd" /etc/passwd || fail "cannot bind-mount /etc/passwd"
mount --bind "$dir/group" /etc/group || fail "cannot bind-mount /etc/group"
cd / || fail "cannot cd /"
exec env -i PATH="$dir/bin" SANDBOX_LOG="$dir/calls.log" LANG=C "$dir/bin/sh" "$dir/boot.sh"
`;

/** Why the sandbox cannot run here (it needs what the real config test needs), or undefined. */
export function sandboxUnavailable(): string | undefined {
  return keepalivedConfigTestUnavailable();
}

/** Runs `script` with `sh` in the sandbox and reports what it did. */
export function runBootScript(script: string, options: SandboxOptions): SandboxResult {
  const reason = sandboxUnavailable();
  if (reason) {
    throw new Error(`the boot script sandbox cannot run here: ${reason}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-boot-'));
  try {
    fs.chmodSync(dir, 0o755);
    fs.mkdirSync(path.join(dir, 'etc-keepalived'), { mode: 0o755 });
    fs.chmodSync(path.join(dir, 'etc-keepalived'), 0o755);
    const passwd = fs.readFileSync('/etc/passwd', 'utf8');
    fs.writeFileSync(path.join(dir, 'passwd'), passwd);
    fs.writeFileSync(path.join(dir, 'group'), fs.readFileSync('/etc/group', 'utf8'));
    fs.writeFileSync(path.join(dir, 'calls.log'), '');
    for (const [name, file] of Object.entries(options.initialFiles ?? {})) {
      fs.writeFileSync(path.join(dir, 'etc-keepalived', name), file.content, { mode: file.mode ?? 0o640 });
      fs.chmodSync(path.join(dir, 'etc-keepalived', name), file.mode ?? 0o640);
    }
    fs.writeFileSync(path.join(dir, 'boot.sh'), script, { mode: 0o700 });
    makeBin(path.join(dir, 'bin'), options);

    const run = spawnSync('unshare', ['--mount', '--net', 'sh', '-c', INNER, 'sh', dir], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    if (run.error) {
      throw run.error;
    }
    if (run.status === SETUP_FAILED && output.startsWith('sandbox setup:')) {
      throw new Error(output);
    }
    const files: Record<string, SandboxFile> = {};
    for (const name of fs.readdirSync(path.join(dir, 'etc-keepalived')).sort()) {
      const file = path.join(dir, 'etc-keepalived', name);
      const stat = fs.statSync(file);
      files[name] = { content: fs.readFileSync(file, 'utf8'), mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
    }
    const after = fs.readFileSync(path.join(dir, 'passwd'), 'utf8');
    return {
      exitCode: run.status ?? -1,
      output,
      calls: fs.readFileSync(path.join(dir, 'calls.log'), 'utf8').split('\n').filter((line) => line !== ''),
      files,
      addedUsers: after.slice(passwd.length).split('\n').filter((line) => line !== ''),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function makeBin(bin: string, options: SandboxOptions): void {
  fs.mkdirSync(bin);
  for (const tool of REAL_TOOLS) {
    fs.symlinkSync(which(tool), path.join(bin, tool));
  }
  const log = (line: string): string => `printf '%s\\n' "${line}" >> "$SANDBOX_LOG"`;
  const standIn = (name: string, body: string): void => {
    fs.writeFileSync(path.join(bin, name), `#!${which('sh')}\n${body}\n`, { mode: 0o755 });
  };
  for (const name of options.standIns) {
    if (name === 'apt-get') {
      standIn(name, log('apt-get $* (DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-unset})'));
    } else if (name === 'useradd') {
      // Adds the user (the last argument) to the sandbox's /etc/passwd and /etc/group, as useradd would.
      standIn(name, [
        log('useradd $*'),
        'for user; do :; done',
        `echo "$user:x:${SANDBOX_NEW_UID}:${SANDBOX_NEW_UID}::/nonexistent:/bin/false" >> /etc/passwd`,
        `echo "$user:x:${SANDBOX_NEW_UID}:" >> /etc/group`,
      ].join('\n'));
    } else if (name === 'systemctl') {
      const service = options.keepalivedService ?? { active: true, enabled: true };
      standIn(name, [
        log('systemctl $*'),
        'case "$*" in',
        `    *is-active*) exit ${service.active ? 0 : 3} ;;`,
        `    *is-enabled*) exit ${service.enabled ? 0 : 1} ;;`,
        '    *ActiveEnterTimestampMonotonic*) echo ActiveEnterTimestampMonotonic=0 ;;',
        'esac',
      ].join('\n'));
    } else {
      standIn(name, log(`${name} $*`));
    }
  }
  if ((options.keepalived ?? 'real') === 'real') {
    standIn('keepalived', `${log('keepalived $*')}\nexec ${which('keepalived')} "$@"`);
  } else {
    standIn('keepalived', `${log('keepalived $*')}\necho 'Usage: keepalived [OPTION...]'\necho '  -f, --use-file=FILE'`);
  }
}

function which(tool: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  if (found.status !== 0) {
    throw new Error(`the sandbox needs ${tool}`);
  }
  return found.stdout.trim();
}
