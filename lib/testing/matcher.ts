// Jest integration: `expect(stack).toPlanOffline()`, `expect(applied).toKeepInstancesRunning()`, and
// a `describe` that skips (or, in CI, fails) visibly when there is no Terraform to run.
import { INSTANCE_STOPPING_ATTRIBUTES, PlanInput, sortInstanceChanges } from './instance-changes';
import { findTerraform, formatDiagnostics, OfflinePlanOptions, planOffline, StackInput, TerraformNotFoundError } from './runner';

export interface ToPlanOfflineOptions extends OfflinePlanOptions {
  /**
   * Pass even when Terraform or the provider warn (e.g. about a deprecated attribute).
   * @default false
   */
  readonly allowWarnings?: boolean;
}

export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/**
 * Passes when real Terraform validates and plans the stack offline (see planOffline) with no error,
 * and, unless `allowWarnings`, no warning.
 */
export function toPlanOffline(received: StackInput, options: ToPlanOfflineOptions = {}): MatcherResult {
  const result = planOffline(received, options);
  const reported = options.allowWarnings ? result.errors : result.diagnostics;
  const pass = result.ok && reported.length === 0;
  const steps = options.plan === false ? 'validate' : 'validate and plan';
  const terraform = `Terraform ${result.terraformVersion}`;
  return {
    pass,
    message: () =>
      pass
        ? `expected ${terraform} to reject the stack, but it passed ${steps} offline ` +
          `(${result.resourceChanges.length} resource changes planned)`
        : `expected the stack to pass ${steps} offline, but ` +
          (result.failedStep ? `terraform ${result.failedStep} failed` : `${terraform} warned`) +
          ` (${terraform}, stand-in alicloud provider):\n\n${formatDiagnostics(reported)}`,
  };
}

/**
 * Passes when the plan (a planOffline / applyOffline result, or `terraform show -json` of a plan)
 * neither reboots, replaces nor deletes any alicloud_instance: every instance is created, untouched
 * or updated while it runs (see sortInstanceChanges).
 */
export function toKeepInstancesRunning(received: PlanInput): MatcherResult {
  const changes = sortInstanceChanges(received);
  const stopped = changes.filter((c) => c.kind === 'reboot' || c.kind === 'replace' || c.kind === 'delete');
  const describe = (c: (typeof changes)[number]) => {
    if (c.kind === 'reboot') return `${c.address}: reboot, for ${c.because.map((a) => `${a} (${INSTANCE_STOPPING_ATTRIBUTES[a]})`).join(', ')}`;
    if (c.kind === 'replace') return `${c.address}: replace${c.because.length ? `, for ${c.because.join(', ')}` : ''}`;
    return `${c.address}: ${c.kind}${c.changed.length ? ` (${c.changed.join(', ')})` : ''}`;
  };
  const pass = stopped.length === 0;
  return {
    pass,
    message: () =>
      pass
        ? `expected the plan to reboot, replace or delete an instance, but it does not:\n  ${changes.map(describe).join('\n  ') || 'no instance'}`
        : `expected the plan to keep every instance running, but:\n  ${stopped.map(describe).join('\n  ')}`,
  };
}

/** The matchers, for `expect.extend(offlineMatchers)`. */
export const offlineMatchers = { toPlanOffline, toKeepInstancesRunning };

interface JestGlobals {
  readonly expect: { extend(matchers: object): void };
  readonly describe: ((name: string, fn: () => void) => void) & { skip(name: string, fn: () => void): void };
  readonly test: (name: string, fn: () => void) => void;
}

const jestGlobals = () => globalThis as unknown as JestGlobals;

/** Registers the matchers with jest's global `expect` (call it in a test file or a setupFilesAfterEnv file). */
export function setupJest(): void {
  jestGlobals().expect.extend(offlineMatchers);
}

/**
 * `describe`, when Terraform is there to run. Without Terraform, the block is skipped with a warning
 * on the console; in CI (env CI=true) it fails instead, naming what is missing.
 */
export function describeWithTerraform(name: string, fn: () => void): void {
  const { describe, test } = jestGlobals();
  if (findTerraform()) {
    describe(name, fn);
  } else if (/^(true|1)$/i.test(process.env.CI ?? '')) {
    describe(name, () =>
      test('terraform is installed', () => {
        throw new TerraformNotFoundError('none found on PATH or in TERRAFORM_BINARY, and CI=true requires it');
      }),
    );
  } else {
    console.warn(`SKIPPED "${name}": no terraform on PATH (or in TERRAFORM_BINARY); these tests need it (checked with 1.11.4).`);
    describe.skip(name, fn);
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** Real Terraform validates and plans the stack offline with the stand-in alicloud provider. */
      toPlanOffline(options?: ToPlanOfflineOptions): R;
      /** The plan neither reboots, replaces nor deletes any alicloud_instance (see sortInstanceChanges). */
      toKeepInstancesRunning(): R;
    }
  }
}
