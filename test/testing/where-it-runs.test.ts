// Without Terraform: the tests that need it skip visibly, except in CI, where they fail clearly.
import { applyOffline, describeWithTerraform, findTerraform, planOffline, TerraformNotFoundError } from '../../lib/testing';

describe('describeWithTerraform without terraform', () => {
  const saved = { PATH: process.env.PATH, TERRAFORM_BINARY: process.env.TERRAFORM_BINARY, CI: process.env.CI };
  const globals = globalThis as unknown as Record<string, unknown>;
  const jestDescribe = globals.describe;
  const jestTest = globals.test;
  let calls: string[];
  let registered: Array<() => void>;

  beforeEach(() => {
    process.env.PATH = '/nonexistent';
    delete process.env.TERRAFORM_BINARY;
    calls = [];
    registered = [];
    const fakeDescribe = Object.assign((name: string, fn: () => void) => (calls.push(`describe ${name}`), registered.push(fn)), {
      skip: (name: string) => calls.push(`skip ${name}`),
    });
    globals.describe = fakeDescribe;
    globals.test = (name: string, fn: () => void) => (calls.push(`test ${name}`), registered.push(fn));
  });

  afterEach(() => {
    globals.describe = jestDescribe;
    globals.test = jestTest;
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    jest.restoreAllMocks();
  });

  test('off CI, skips the block and says so on the console', () => {
    delete process.env.CI;
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    describeWithTerraform('plans', () => undefined);
    expect(calls).toEqual(['skip plans']);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^SKIPPED "plans": no terraform on PATH/));
  });

  test('in CI, registers a test that fails and names what is missing', () => {
    process.env.CI = 'true';
    describeWithTerraform('plans', () => undefined);
    registered[0]!(); // the describe body registers the failing test
    expect(calls).toEqual(['describe plans', 'test terraform is installed']);
    expect(() => registered[1]!()).toThrow(TerraformNotFoundError);
    expect(() => registered[1]!()).toThrow(/needs the terraform CLI \(checked with 1\.11\.4\): .*CI=true requires it/);
  });

  test('planOffline and applyOffline themselves throw TerraformNotFoundError', () => {
    expect(findTerraform()).toBeUndefined();
    expect(() => planOffline('{}')).toThrow(TerraformNotFoundError);
    expect(() => applyOffline('{}', { from: '{}' })).toThrow(TerraformNotFoundError);
    process.env.TERRAFORM_BINARY = '/nonexistent/terraform';
    expect(() => planOffline('{}')).toThrow(/\/nonexistent\/terraform\. Install it, put it on PATH or set TERRAFORM_BINARY/);
  });
});
