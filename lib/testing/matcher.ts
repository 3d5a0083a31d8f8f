// Jest integration: `expect(stack).toPlanOffline()`, and a `describe` that skips (or, in CI, fails)
// visibly when there is no Terraform to run.
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

/** The matchers, for `expect.extend(offlineMatchers)`. */
export const offlineMatchers = { toPlanOffline };

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
    }
  }
}
