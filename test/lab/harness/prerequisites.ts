// Whether this machine can run the failover lab, checked synchronously so jest can decide at load
// time. In CI (CI=true) a missing capability fails the lab; elsewhere the lab is skipped, visibly.
import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { LAB_PATH, labEnv } from './proc';

/** The health-check command of the 3-node lab cluster runs this binary inside the node. */
export const CURL_PATH = '/usr/bin/curl';

/** The commands the lab runs (on LAB_PATH). */
export const LAB_TOOLS = ['ip', 'keepalived', 'curl', 'python3', 'nsenter', 'setpriv', 'mount', 'sh', 'sleep', 'nft'];

/** What .ci/run must install for each tool (Debian package names). */
const PACKAGE_OF: Record<string, string> = {
  ip: 'iproute2',
  keepalived: 'keepalived',
  curl: 'curl',
  python3: 'python3',
  nsenter: 'util-linux',
  setpriv: 'util-linux',
  mount: 'mount',
  nft: 'nftables',
};

export interface LabGate {
  /** Every capability is there: run the lab. */
  readonly available: boolean;
  /** CI: a missing capability is a failure, not a skip. */
  readonly required: boolean;
  /** What is missing, one clear sentence each. */
  readonly missing: readonly string[];
}

/** true when the environment says we are in CI. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== 'false' && value !== '0';
}

/** The absolute path of a tool on the lab's PATH, or undefined. */
export function which(tool: string): string | undefined {
  for (const dir of LAB_PATH.split(':')) {
    const candidate = `${dir}/${tool}`;
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** What the lab needs to know about the machine before it probes namespaces. */
export interface HostFacts {
  readonly platform: string;
  readonly uid: number | undefined;
  /** Each needed tool's path on the lab's PATH, or undefined. */
  readonly tools: Readonly<Record<string, string | undefined>>;
  /** CURL_PATH exists (the health check's binary). */
  readonly curlAtHealthCheckPath: boolean;
  /** `keepalived --version` printed a version. */
  readonly keepalivedRuns: boolean;
  /** /proc/filesystems lists overlay. */
  readonly overlayfs: boolean;
}

/** The missing capabilities, one clear sentence each (empty: nothing missing). */
export function missingCapabilities(facts: HostFacts): string[] {
  const missing: string[] = [];
  if (facts.platform !== 'linux') missing.push(`the lab needs Linux network and mount namespaces (platform is ${facts.platform})`);
  if (facts.uid !== 0) missing.push(`the lab needs root for network and mount namespaces (uid is ${facts.uid})`);
  for (const tool of LAB_TOOLS) {
    if (!facts.tools[tool]) {
      const pkg = PACKAGE_OF[tool];
      missing.push(`\`${tool}\` is not on ${LAB_PATH}${pkg ? ` (apt-get install ${pkg})` : ''}`);
    }
  }
  if (facts.tools.curl && !facts.curlAtHealthCheckPath) missing.push(`the lab's health check runs ${CURL_PATH}, which does not exist`);
  if (facts.tools.keepalived && !facts.keepalivedRuns) missing.push('`keepalived --version` does not run');
  if (facts.platform === 'linux' && !facts.overlayfs) missing.push('the kernel has no overlayfs (/proc/filesystems; modprobe overlay)');
  return missing;
}

function hostFacts(): HostFacts {
  const tools = Object.fromEntries(LAB_TOOLS.map((tool) => [tool, which(tool)]));
  let keepalivedRuns = false;
  if (tools.keepalived) {
    const version = spawnSync('keepalived', ['--version'], { env: labEnv(), encoding: 'utf8', timeout: 5000 });
    keepalivedRuns = /Keepalived v\d/.test(`${version.stdout}${version.stderr}`);
  }
  return {
    platform: process.platform,
    uid: process.getuid?.(),
    tools,
    curlAtHealthCheckPath: existsSync(CURL_PATH),
    keepalivedRuns,
    overlayfs: /\boverlay\b/.test(safeRead('/proc/filesystems')),
  };
}

let cached: LabGate | undefined;

/** Checks root, the tools, overlayfs, and (when those are there) that namespaces, a bridge, veth and an /etc overlay really work. */
export function labGate(): LabGate {
  if (cached) return cached;
  const missing = missingCapabilities(hostFacts());
  if (missing.length === 0) missing.push(...probeNamespaces());
  cached = { available: missing.length === 0, required: inCi(), missing };
  return cached;
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Creates and deletes a throwaway namespace with a bridge, a veth pair and an /etc overlay on tmpfs. */
function probeNamespaces(): string[] {
  const name = `hvlprobe${process.pid}${Math.floor(Math.random() * 1e6)}`;
  const sh = (script: string) =>
    spawnSync('sh', ['-c', script, 'probe', name], { env: labEnv(), encoding: 'utf8', timeout: 10_000 });
  const steps: Array<[string, string]> = [
    ['create a network namespace (ip netns add)', 'ip netns add "$1"'],
    ['create a Linux bridge in a namespace', 'ip -n "$1" link add br0 type bridge'],
    ['create a veth pair in a namespace', 'ip -n "$1" link add v0 type veth peer name v1'],
    [
      'mount an overlay over /etc in a private mount namespace',
      'd=$(mktemp -d) || exit 1; ' +
        'ip netns exec "$1" sh -c \'mount -t tmpfs lab "$1" && mkdir "$1/u" "$1/w" && mount -t overlay overlay -o "lowerdir=/etc,upperdir=$1/u,workdir=$1/w" /etc && touch /etc/.havip-lab-probe\' probe "$d"; ' +
        'rc=$?; rmdir "$d"; exit $rc',
    ],
  ];
  const problems: string[] = [];
  for (const [what, script] of steps) {
    const result = sh(script);
    if (result.status !== 0) {
      problems.push(`cannot ${what}: ${(result.stderr || result.error?.message || `exit ${result.status}`).trim()}`);
      break;
    }
  }
  sh('ip netns del "$1" 2>/dev/null');
  if (existsSync('/etc/.havip-lab-probe')) problems.push('the /etc overlay probe leaked into the host /etc');
  return problems;
}

/** One line for the console explaining a skip or a failure. */
export function gateMessage(gate: LabGate): string {
  return `HaVip failover lab ${gate.required ? 'CANNOT RUN in CI' : 'SKIPPED'}: ${gate.missing.join('; ')}. ` +
    'It needs root, iproute2, keepalived, curl, python3, util-linux (nsenter, setpriv) and overlayfs' +
    (gate.required ? '.' : '; CI (CI=true) runs it and fails instead of skipping.');
}

/**
 * `describe` for a lab suite: runs it when the machine can; in CI fails with the reason when it
 * cannot; elsewhere skips it with a visible console message.
 */
export function describeLab(name: string, body: () => void): void {
  const gate = labGate();
  if (gate.available) {
    describe(name, body);
  } else if (gate.required) {
    describe(name, () => {
      test('lab prerequisites are met', () => {
        throw new Error(gateMessage(gate));
      });
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(gateMessage(gate));
    describe.skip(name, body);
  }
}
