// Every mix of the two cores, for real: cdktf 0.21 and cdktn 0.24 side by side on one constructs (the
// twin's node_modules, as a user's app that has both), the cdktf build (build/cdktn/cdktf-build) and the
// cdktn build (build/cdktn/lib). Before the guard a cluster in a stack of the other core crashed at synth
// (cdktf package in a cdktn stack) or synthesized with the app-wide checks skipped (cdktn package in a
// cdktf stack, or a cdktn stack with the missing methods shimmed): a duplicate virtualRouterId passed.
// Needs `node scripts/build-cdktn.js` first (.ci/run does it): skipped with a message without it, failed in CI.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inCi } from '../support/keepalived-config-test';
import { GUIDE_PROPS } from '../support/guide-props';

const twin = path.resolve(__dirname, '../../build/cdktn');
const CORES = ['cdktf', 'cdktn'] as const;
type Core = (typeof CORES)[number];

const missing = [
  path.join(twin, 'node_modules', 'cdktf', 'package.json'),
  path.join(twin, 'node_modules', 'cdktn', 'package.json'),
  path.join(twin, 'cdktf-build', 'lib', 'index.ts'),
  path.join(twin, 'lib', 'gen', 'providers', 'alicloud', 'index.ts'),
].filter((f) => !fs.existsSync(f));
const unavailable = missing.length > 0 ? `the cdktn twin is not built (no ${missing[0]}): run node scripts/build-cdktn.js` : undefined;

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const load = (): { core: Record<Core, any>; pkg: Record<Core, any> } => ({
  core: { cdktf: require(path.join(twin, 'node_modules', 'cdktf')), cdktn: require(path.join(twin, 'node_modules', 'cdktn')) },
  pkg: { cdktf: require(path.join(twin, 'cdktf-build', 'lib')), cdktn: require(path.join(twin, 'lib')) },
});

const props = (virtualRouterId: number, vpcId = GUIDE_PROPS.vpcId) => ({ ...GUIDE_PROPS, vpcId, keepalived: { ...GUIDE_PROPS.keepalived, virtualRouterId } });

let outdir: string;
beforeEach(() => (outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'havip-mixed-'))));
afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

const matrix = CORES.flatMap((pkg) => CORES.flatMap((app) => CORES.map((stack) => ({ pkg, app, stack }))));

if (unavailable !== undefined && !inCi()) {
  console.warn(`SKIPPING the mixed-core matrix: ${unavailable}`);
  test.skip('the mixed-core matrix', () => undefined);
} else {
  const { core, pkg: lib } = unavailable === undefined ? load() : { core: undefined as never, pkg: undefined as never };
  const guard = unavailable === undefined ? () => undefined : () => { throw new Error(`cannot run in CI: ${unavailable}`); };

  test.each(matrix.filter((m) => m.pkg === m.stack))(
    '$pkg-alicloud-havip in a $app App with a $stack stack: synthesizes, and the app-wide checks run',
    ({ pkg, app: appCore, stack: stackCore }) => {
      guard();
      const app = new core[appCore].App({ outdir });
      const stack = new core[stackCore].TerraformStack(app, 'stack');
      new lib[pkg].AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
      new lib[pkg].HaVipCluster(stack, 'web', props(51));
      app.synth();
      const doc = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'stack', 'cdk.tf.json'), 'utf8'));
      expect(Object.keys(doc.resource.alicloud_instance)).toHaveLength(2);
      new lib[pkg].HaVipCluster(stack, 'api', props(51));
      // The same router id twice in one VPC: the Aspect the cluster added to the stack catches it.
      expect(() => app.synth()).toThrow(lib[pkg].HaVipValidationError);
      expect(() => app.synth()).toThrow(/virtualRouterId = 51/);
    },
  );

  test.each(matrix.filter((m) => m.pkg !== m.stack))(
    '$pkg-alicloud-havip in a $app App with a $stack stack: throws at once, naming $stack-alicloud-havip',
    ({ pkg, app: appCore, stack: stackCore }) => {
      guard();
      const app = new core[appCore].App({ outdir });
      const stack = new core[stackCore].TerraformStack(app, 'stack');
      new lib[pkg].AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
      let thrown: unknown;
      try {
        new lib[pkg].HaVipCluster(stack, 'web', props(51));
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(lib[pkg].HaVipValidationError);
      expect((thrown as Error).message).toContain(`stack/web: scope = "${stackCore} TerraformStack \\"stack\\""`);
      expect((thrown as Error).message).toContain(`in a ${stackCore} stack use ${stackCore}-alicloud-havip (npm install ${stackCore}-alicloud-havip)`);
    },
  );

  test('cdktf-alicloud-havip in a cdktn stack with the missing methods shimmed: still throws at once', () => {
    guard();
    // What a user does to get past `e._resetResolveDiscoveredProviderFeatureUsage is not a function`.
    const theirs = core.cdktn.TerraformElement.prototype;
    const ours = core.cdktf.TerraformElement.prototype;
    const shimmed = Object.getOwnPropertyNames(theirs).filter(
      (name) => typeof Object.getOwnPropertyDescriptor(theirs, name)?.value === 'function' && !(name in ours),
    );
    expect(shimmed).toContain('_resetResolveDiscoveredProviderFeatureUsage');
    try {
      for (const name of shimmed) ours[name] = function shim() {};
      const app = new core.cdktn.App({ outdir });
      const stack = new core.cdktn.TerraformStack(app, 'stack');
      new lib.cdktf.AlicloudProvider(stack, 'alicloud', { region: 'cn-hangzhou' });
      new lib.cdktf.Havip(stack, 'raw', { vswitchId: 'vsw-1' });
      app.synth(); // the shims work: a cdktf resource now synthesizes in a cdktn stack
      expect(() => new lib.cdktf.HaVipCluster(stack, 'web', props(51))).toThrow(/use cdktn-alicloud-havip/);
    } finally {
      for (const name of shimmed) delete ours[name];
    }
  });
}
