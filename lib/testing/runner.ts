// Runs real Terraform on a synthesized stack with no network and no credentials: `terraform init`
// installs the stand-in alicloud provider from a filesystem mirror in a temporary folder, then
// `terraform validate -json`, `terraform plan -out` and `terraform show -json` run on a copy of the
// stack there (applyOffline: `apply` of the `from` stack first, and `apply` of the saved plan
// last, the state in the same folder); the folder is removed afterwards. Nothing is written to the
// user's tree: no .terraform, no lock file, no state.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TerraformStack, Testing } from 'cdktf';
import { APPLY_DELAY_ENV, packageRoot, PROVIDER_SOURCE, PROVIDER_VERSION } from './schema';

/** A stack to check: a TerraformStack, its synthesized JSON (text or object), or a synthesized stack folder / cdk.tf.json file. */
export type StackInput = TerraformStack | string | Record<string, unknown>;

export interface OfflinePlanOptions {
  /**
   * Run `terraform plan` and `terraform show -json` after `terraform validate`.
   * @default true
   */
  readonly plan?: boolean;
  /**
   * The Terraform binary.
   * @default - env TERRAFORM_BINARY, else `terraform` on PATH
   */
  readonly terraformBinary?: string;
  /**
   * Run Terraform inside `unshare -n` (a network namespace with no way out).
   * @default - true when running as root and `unshare -n` works, else false
   */
  readonly isolateNetwork?: boolean;
  /**
   * Values for the stack's input variables (`-var name=value`).
   * @default - none
   */
  readonly variables?: Record<string, string>;
  /**
   * Extra environment for Terraform and the provider, e.g. `{ TF_LOG: 'trace' }`.
   * @default - none
   */
  readonly env?: Record<string, string>;
  /**
   * Milliseconds each Terraform command may take before it is killed.
   * @default 120000
   */
  readonly timeoutMs?: number;
}

/** A diagnostic as Terraform reports it in JSON (validate -json, plan -json). */
export interface TerraformDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: {
    readonly filename: string;
    readonly start: { readonly line: number; readonly column: number };
    readonly end: { readonly line: number; readonly column: number };
  };
}

/** One entry of the plan's resource_changes. */
export interface PlannedResourceChange {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** e.g. ['create'] */
  readonly actions: readonly string[];
  /** Planned values; attributes only known after apply are absent or null here... */
  readonly after: Record<string, unknown> | null;
  /** ...and true here (nested: objects and arrays of the same shape). */
  readonly afterUnknown: Record<string, unknown>;
}

/** `from` is the apply of applyOffline's previous stack (its own synth, plan and apply). */
export type OfflineStep = 'synth' | 'init' | 'from' | 'validate' | 'plan' | 'show' | 'apply';

export interface OfflinePlanResult {
  /** Every step ran and Terraform reported no error. */
  readonly ok: boolean;
  /** The step that failed, if any. */
  readonly failedStep?: OfflineStep;
  /** Errors and warnings from every step, in order, without repeats. */
  readonly diagnostics: readonly TerraformDiagnostic[];
  readonly errors: readonly TerraformDiagnostic[];
  readonly warnings: readonly TerraformDiagnostic[];
  /** The plan's resource changes (empty when plan did not run). */
  readonly resourceChanges: readonly PlannedResourceChange[];
  /** `terraform show -json` of the plan, as Terraform wrote it. */
  readonly plan?: Record<string, any>;
  readonly terraformVersion: string;
  /** Whether Terraform ran in a network namespace of its own (`unshare -n`). */
  readonly networkIsolated: boolean;
  /** Milliseconds per step. */
  readonly timings: Partial<Record<OfflineStep, number>>;
}

export interface OfflineApplyOptions extends OfflinePlanOptions {
  /**
   * A stack to apply first, into the state the stack under test is then planned and applied against
   * (version 1 of a stack, when the stack under test is version 2).
   * @default - none: the stack is applied from nothing
   */
  readonly from?: StackInput;
  /**
   * Milliseconds the stand-in provider takes for each resource it applies, so that what Terraform
   * runs in parallel visibly overlaps in `applyLog`.
   * @default 0
   */
  readonly applyDelayMs?: number;
}

/** One resource change as Terraform applied it (from its `apply_start` / `apply_complete` events). */
export interface AppliedChange {
  readonly address: string;
  /** Terraform's action: 'create', 'update', 'delete', ... (a replacement is a delete and a create). */
  readonly action: string;
  /** Epoch milliseconds, to the microsecond Terraform reports. */
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface OfflineApplyResult extends OfflinePlanResult {
  /** Terraform's own apply events for the stack under test, in the order they started. */
  readonly applyLog: readonly AppliedChange[];
}

export class TerraformNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `cdktf-alicloud-havip/testing needs the terraform CLI (checked with 1.11.4): ${detail}. ` +
        'Install it, put it on PATH or set TERRAFORM_BINARY.',
    );
    this.name = 'TerraformNotFoundError';
  }
}

/** The Terraform binary `planOffline` would use, or undefined when there is none. */
export function findTerraform(binary = process.env.TERRAFORM_BINARY): string | undefined {
  const candidates = binary
    ? [path.resolve(binary)]
    : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'terraform'));
  return candidates.find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The sandbox of one run, in a temporary folder: a filesystem mirror holding the provider wrapper,
// the CLI config pointing Terraform at it, and the work folder. Made per run and removed after it
// (about a millisecond): a folder kept per process would outlive test runners that never run
// process exit hooks, such as jest workers.

/** The optional peer dependencies the provider process loads. */
const PROVIDER_DEPENDENCIES = ['@grpc/grpc-js', '@grpc/proto-loader', '@msgpack/msgpack'];
let dependenciesChecked = false;

function checkDependencies(): void {
  if (dependenciesChecked) return;
  const missing = PROVIDER_DEPENDENCIES.filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(
      `cdktf-alicloud-havip/testing needs ${missing.join(', ')} (optional peer dependencies): ` +
        `npm install --save-dev ${missing.join(' ')}`,
    );
  }
  dependenciesChecked = true;
}

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * How the wrapper starts the provider: from this package's compiled JS (dist), or, when this file
 * runs as TypeScript (tests of this repository, through @swc/jest), from the TypeScript source
 * with scripts/register.js compiling it on load. Node is the one running this process.
 */
export function providerCommand(): string[] {
  const entry = path.join(__dirname, `provider-main${path.extname(__filename)}`);
  if (entry.endsWith('.ts')) return [process.execPath, '-r', path.join(packageRoot(), 'scripts', 'register.js'), entry];
  return [process.execPath, entry];
}

function terraformPlatform(): string {
  const arch = ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' } as Record<string, string>)[process.arch] ?? process.arch;
  return `${process.platform}_${arch}`;
}

interface Sandbox {
  readonly dir: string;
  readonly cliConfig: string;
  readonly workDir: string;
}

function makeSandbox(): Sandbox {
  checkDependencies();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-alicloud-havip-terraform-'));
  const mirror = path.join(dir, 'mirror');
  const [hostname, namespace, type] = PROVIDER_SOURCE.split('/');
  const packageDir = path.join(mirror, hostname!, namespace!, type!, PROVIDER_VERSION, terraformPlatform());
  fs.mkdirSync(packageDir, { recursive: true });
  fs.writeFileSync(
    path.join(packageDir, `terraform-provider-${type}_v${PROVIDER_VERSION}`),
    '#!/bin/sh\n# The offline stand-in for the alicloud provider (cdktf-alicloud-havip/testing).\n' +
      `exec ${providerCommand().map(shellQuote).join(' ')}\n`,
    { mode: 0o755 },
  );
  const cliConfig = path.join(dir, 'terraformrc');
  const provider = `${hostname}/${namespace}/${type}`;
  fs.writeFileSync(
    cliConfig,
    'provider_installation {\n' +
      `  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = [${JSON.stringify(provider)}]\n  }\n` +
      `  direct {\n    exclude = [${JSON.stringify(provider)}]\n  }\n}\n`,
  );
  const workDir = path.join(dir, 'work');
  fs.mkdirSync(workDir);
  return { dir, cliConfig, workDir };
}

// ---------------------------------------------------------------------------------------------
// Stack input

const SKIPPED_FILES = new Set(['.terraform', '.terraform.lock.hcl', 'terraform.tfstate', 'terraform.tfstate.backup']);

/**
 * Writes the stack into `workDir` as cdk.tf.json, byte for byte (so Terraform's line numbers are the
 * synthesized file's), plus, for a folder, its other files (assets). An override file points the
 * backend at an empty local state in the work folder, whatever backend the stack names.
 */
function writeStack(input: StackInput, workDir: string): void {
  let text: string;
  if (TerraformStack.isStack(input)) {
    text = Testing.synth(input as TerraformStack, true);
  } else if (typeof input === 'string' && input.trimStart().startsWith('{')) {
    text = input;
  } else if (typeof input === 'string') {
    const file = stackFile(input);
    if (fs.statSync(input).isDirectory()) {
      fs.cpSync(path.dirname(file), workDir, { recursive: true, filter: (src) => !SKIPPED_FILES.has(path.basename(src)) });
    }
    text = fs.readFileSync(file, 'utf8');
  } else {
    text = JSON.stringify(input, null, 2);
  }
  fs.writeFileSync(path.join(workDir, 'cdk.tf.json'), text);
  const backend = { terraform: { backend: { local: { path: 'terraform.tfstate' } } } };
  fs.writeFileSync(path.join(workDir, 'offline_override.tf.json'), JSON.stringify(backend));
}

/** The cdk.tf.json of a stack folder, a cdktf.out folder with one stack, or the file itself. */
function stackFile(location: string): string {
  if (!fs.existsSync(location)) throw new Error(`No synthesized stack at ${location}`);
  if (fs.statSync(location).isFile()) return location;
  const direct = path.join(location, 'cdk.tf.json');
  if (fs.existsSync(direct)) return direct;
  const stacksDir = path.join(location, 'stacks');
  const stacks = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir) : [];
  if (stacks.length === 1) return path.join(stacksDir, stacks[0]!, 'cdk.tf.json');
  throw new Error(`${location} holds no cdk.tf.json${stacks.length > 1 ? ` (stacks: ${stacks.join(', ')}; name one)` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// Running Terraform

let unshareWorks: boolean | undefined;

function canIsolate(): boolean {
  if (process.getuid?.() !== 0) return false;
  unshareWorks ??= spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  return unshareWorks;
}

/** Terraform's environment: ours minus what would reach outside the sandbox, plus the sandbox. */
function terraformEnv(cliConfig: string, extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^TF_(CLI_ARGS.*|DATA_DIR|PLUGIN_CACHE_DIR|WORKSPACE|CLI_CONFIG_FILE|TOKEN_.*)$/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', TF_INPUT: '0', ...extra };
}

const versionCache = new Map<string, string>();

function terraformVersion(binary: string): string {
  let version = versionCache.get(binary);
  if (version === undefined) {
    const run = spawnSync(binary, ['version', '-json'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    try {
      version = String(JSON.parse(run.stdout).terraform_version);
    } catch {
      throw new TerraformNotFoundError(`${binary} did not run (${run.error?.message ?? run.stderr})`);
    }
    versionCache.set(binary, version);
  }
  return version;
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A diagnostic for a command that failed without telling why in JSON. */
function failure(step: OfflineStep, run: TerraformRun): TerraformDiagnostic {
  const why = run.error ? run.error.message : `exit ${run.status ?? run.signal}`;
  return { severity: 'error', summary: `terraform ${step} failed (${why})`, detail: (run.stderr || run.stdout).trim() };
}

function toDiagnostic(d: any): TerraformDiagnostic {
  const out: { -readonly [K in keyof TerraformDiagnostic]: TerraformDiagnostic[K] } = { severity: d.severity, summary: d.summary };
  if (d.detail) out.detail = d.detail;
  if (d.address) out.address = d.address;
  if (d.range) {
    const { filename, start, end } = d.range;
    out.range = { filename, start: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } };
  }
  return out;
}

function toChange(c: any): PlannedResourceChange {
  return {
    address: c.address,
    mode: c.mode,
    type: c.type,
    name: c.name,
    actions: c.change.actions,
    after: c.change.after ?? null,
    afterUnknown: c.change.after_unknown ?? {},
  };
}

/** A folder of its own for one stack, and Terraform to run in it. */
interface Workspace {
  readonly dir: string;
  readonly version: string;
  readonly isolated: boolean;
  /** Runs Terraform there. */
  run(args: string[]): TerraformRun;
  dispose(): void;
}

function openWorkspace(options: OfflinePlanOptions): Workspace {
  checkDependencies();
  const binary = findTerraform(options.terraformBinary);
  if (!binary) throw new TerraformNotFoundError(options.terraformBinary ?? process.env.TERRAFORM_BINARY ?? 'no terraform on PATH');
  const version = terraformVersion(binary);
  const isolate = options.isolateNetwork ?? canIsolate();
  if (isolate && !canIsolate()) throw new Error('isolateNetwork needs root and a working `unshare -n`');
  const box = makeSandbox();
  const dir = box.workDir;
  const env = terraformEnv(box.cliConfig, options.env);
  return {
    version,
    isolated: isolate,
    dir,
    run(args) {
      const started = performance.now();
      const [command, ...rest] = isolate ? ['unshare', '-n', '--', binary, ...args] : [binary, ...args];
      const run = spawnSync(command!, rest, {
        cwd: dir,
        env,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        timeout: options.timeoutMs ?? 120_000,
        killSignal: 'SIGKILL',
      });
      return Object.assign(run, { ms: Math.round(performance.now() - started) });
    },
    dispose: () => fs.rmSync(box.dir, { recursive: true, force: true }),
  };
}

/**
 * A finished Terraform command: exit status, output, and how long it took. (The fields of Node's
 * `SpawnSyncReturns<string>` that matter, written out so that these types need no @types/node.)
 */
export interface TerraformRun {
  readonly pid: number;
  /** The exit code, null when a signal ended it. */
  readonly status: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the command could not be run or timed out. */
  readonly error?: Error;
  readonly ms: number;
}

/**
 * Runs `terraform init` and then one Terraform command (e.g. `['providers', 'schema', '-json']`) on
 * a stack, offline, with the stand-in alicloud provider; for what planOffline does not cover.
 * `run` is undefined when init failed.
 * @throws TerraformNotFoundError when there is no Terraform to run
 */
export function runTerraformOffline(
  input: StackInput,
  args: string[],
  options: OfflinePlanOptions = {},
): { readonly init: TerraformRun; readonly run?: TerraformRun } {
  const workspace = openWorkspace(options);
  try {
    writeStack(input, workspace.dir);
    const init = workspace.run(['init', '-input=false', '-no-color']);
    if (init.status !== 0) return { init };
    return { init, run: workspace.run(args) };
  } finally {
    workspace.dispose();
  }
}

/**
 * Runs `terraform init`, `validate -json`, and unless `plan: false`, `plan` and `show -json` on a
 * stack, offline, with the stand-in alicloud provider. Synchronous (Terraform runs as a child process).
 * @throws TerraformNotFoundError when there is no Terraform to run
 */
export function planOffline(input: StackInput, options: OfflinePlanOptions = {}): OfflinePlanResult {
  const { applyLog, ...result } = runOffline(input, options, false);
  return result;
}

/**
 * Applies a stack offline: real Terraform, the stand-in alicloud provider filling in what only the
 * cloud would know with fake values (ids `<type>-<hash>`). With `from`, that stack is applied first
 * (`terraform apply`), then the stack under test is planned against its state (`plan` validates it
 * as `validate` would) and applied from the saved plan; `plan` is that plan and `applyLog` its
 * apply, from Terraform's `-json` events. `plan: false` has no effect here.
 * @throws TerraformNotFoundError when there is no Terraform to run
 */
export function applyOffline(input: StackInput, options: OfflineApplyOptions = {}): OfflineApplyResult {
  return runOffline(input, options, true);
}

function runOffline(input: StackInput, options: OfflineApplyOptions, apply: boolean): OfflineApplyResult {
  const delay: Record<string, string> = options.applyDelayMs ? { [APPLY_DELAY_ENV]: String(options.applyDelayMs) } : {};
  const workspace = openWorkspace({ ...options, env: { ...delay, ...options.env } });
  const timings: Partial<Record<OfflineStep, number>> = {};
  const diagnostics: TerraformDiagnostic[] = [];
  const seen = new Set<string>();
  let applyLog: AppliedChange[] = [];
  const add = (d: TerraformDiagnostic) => {
    const key = JSON.stringify(d);
    if (!seen.has(key)) diagnostics.push(d);
    seen.add(key);
  };
  const terraform = (step: OfflineStep, args: string[]) => {
    const run = workspace.run(args);
    timings[step] = (timings[step] ?? 0) + run.ms;
    return run;
  };
  /** Runs a command that reports in JSON lines (plan, apply); false when it failed. */
  const jsonLines = (step: OfflineStep, command: string, args: string[]) => {
    const run = terraform(step, [command, '-json', '-input=false', '-lock=false', '-no-color', ...args]);
    const lines = run.stdout.split('\n').map(parseJson).filter(Boolean);
    for (const line of lines) if (line.type === 'diagnostic') add(toDiagnostic(line.diagnostic));
    if (run.status !== 0 && !lines.some((l) => l.type === 'diagnostic' && l.diagnostic.severity === 'error')) add(failure(step, run));
    return { ok: run.status === 0, lines };
  };
  const result = (failedStep?: OfflineStep, plan?: Record<string, any>): OfflineApplyResult => {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    return {
      ok: failedStep === undefined && errors.length === 0,
      ...(failedStep ? { failedStep } : {}),
      diagnostics,
      errors,
      warnings: diagnostics.filter((d) => d.severity === 'warning'),
      resourceChanges: (plan?.resource_changes ?? []).map(toChange),
      ...(plan ? { plan } : {}),
      terraformVersion: workspace.version,
      networkIsolated: workspace.isolated,
      timings,
      applyLog,
    };
  };
  const write = (stack: StackInput, step: OfflineStep) => {
    const started = performance.now();
    try {
      writeStack(stack, workspace.dir);
    } catch (error) {
      const which = step === 'from' ? 'The `from` stack' : 'The stack';
      add({ severity: 'error', summary: `${which} did not synthesize`, detail: String((error as Error).message ?? error) });
      return false;
    }
    timings.synth = (timings.synth ?? 0) + Math.round(performance.now() - started);
    return true;
  };
  const vars = Object.entries(options.variables ?? {}).map(([name, value]) => `-var=${name}=${value}`);

  try {
    const from = apply && options.from !== undefined;
    if (!write(from ? options.from! : input, from ? 'from' : 'synth')) return result(from ? 'from' : 'synth');

    const init = terraform('init', ['init', '-input=false', '-no-color']);
    if (init.status !== 0) {
      add(failure('init', init));
      return result('init');
    }

    if (from) {
      if (!jsonLines('from', 'apply', ['-auto-approve', ...vars]).ok) return result('from');
      if (!write(input, 'synth')) return result('synth');
    }

    // `plan` validates too and reports the same diagnostics: applyOffline saves the extra run.
    if (!apply) {
      const validate = terraform('validate', ['validate', '-json', '-no-color']);
      const report = parseJson(validate.stdout);
      if (!report) add(failure('validate', validate));
      for (const d of report?.diagnostics ?? []) add(toDiagnostic(d));
      if (validate.status !== 0 || !report?.valid) return result('validate');
      if (options.plan === false) return result();
    }

    if (!jsonLines('plan', 'plan', ['-out=plan', ...vars]).ok) return result('plan');

    const show = terraform('show', ['show', '-json', '-no-color', 'plan']);
    const shown = parseJson(show.stdout);
    if (show.status !== 0 || !shown) {
      add(failure('show', show));
      return result('show');
    }
    if (!apply) return result(undefined, shown);

    const applied = jsonLines('apply', 'apply', ['plan']);
    applyLog = toApplyLog(applied.lines);
    return result(applied.ok ? undefined : 'apply', shown);
  } finally {
    workspace.dispose();
  }
}

/** Pairs Terraform's apply_start and apply_complete events by address and action. */
function toApplyLog(lines: any[]): AppliedChange[] {
  const started = new Map<string, { address: string; action: string; startedAt: number }>();
  const log: AppliedChange[] = [];
  for (const line of lines) {
    const hook = line.hook;
    if (!hook?.resource?.addr) continue;
    const key = `${hook.resource.addr} ${hook.action}`;
    if (line.type === 'apply_start') {
      started.set(key, { address: hook.resource.addr, action: hook.action, startedAt: timestampMs(line['@timestamp']) });
    } else if (line.type === 'apply_complete' || line.type === 'apply_errored') {
      const start = started.get(key);
      if (start) log.push({ ...start, endedAt: timestampMs(line['@timestamp']) });
      started.delete(key);
    }
  }
  return log.sort((a, b) => a.startedAt - b.startedAt || a.address.localeCompare(b.address));
}

/** Terraform's `@timestamp` (RFC 3339 with microseconds) as epoch milliseconds, keeping the microseconds. */
function timestampMs(stamp: string): number {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(stamp);
  if (!match) return Date.parse(stamp);
  const [, seconds, fraction = '', zone] = match;
  return Date.parse(`${seconds}${zone}`) + Number(`0.${fraction || '0'}`) * 1000;
}

/** Terraform-style text for diagnostics: `Error: summary`, where, and the detail. */
export function formatDiagnostics(diagnostics: readonly TerraformDiagnostic[]): string {
  return diagnostics
    .map((d) => {
      const where = d.range ? `\n  on ${d.range.filename} line ${d.range.start.line}${d.address ? ` (${d.address})` : ''}` : '';
      const detail = d.detail ? `\n  ${d.detail.replace(/\n/g, '\n  ')}` : '';
      return `${d.severity === 'error' ? 'Error' : 'Warning'}: ${d.summary}${where}${detail}`;
    })
    .join('\n\n');
}
