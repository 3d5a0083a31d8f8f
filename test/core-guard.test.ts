// The mixed-core guard, with stand-in stacks of the other core and of a second copy of ours (the real
// cdktf x cdktn matrix is test/cdktn/mixed-cores.test.ts). Runs unchanged in both packages.
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { HaVipCluster, HaVipValidationError } from '../lib';
import { BUILT_FOR_CORE, coreOfStack, mixedCoreFinding, packageForCore } from '../lib/core-guard';
import { validationErrorOf } from './support/errors';
import { GUIDE_PROPS } from './support/guide-props';

const OTHER_CORE = BUILT_FOR_CORE === 'cdktf' ? 'cdktn' : 'cdktf';

/** A stack as another core (or another copy of ours) makes it: the shared marker, that core's jsii fqn. */
function foreignStackClass(core: string) {
  class ForeignStack extends Construct {
    constructor(scope: Construct, id: string) {
      super(scope, id);
      Object.defineProperty(this, Symbol.for('cdktf/TerraformStack'), { value: true });
    }
  }
  Object.defineProperty(ForeignStack, Symbol.for('jsii.rtti'), { value: { fqn: `${core}.TerraformStack`, version: '0.0.0' } });
  return ForeignStack;
}

test('this build knows its core and its package', () => {
  expect(['cdktf', 'cdktn']).toContain(BUILT_FOR_CORE);
  expect(coreOfStack(new TerraformStack(Testing.app(), 's'))).toBe(BUILT_FOR_CORE);
  expect(packageForCore(BUILT_FOR_CORE)).toBe(`${BUILT_FOR_CORE}-alicloud-havip`);
});

test('a subclass of the stack, and a cluster nested in constructs, count as this core', () => {
  class MyStack extends TerraformStack {}
  const stack = new MyStack(Testing.app(), 'mine');
  expect(coreOfStack(stack)).toBe(BUILT_FOR_CORE);
  const nested = new Construct(new Construct(stack, 'a'), 'b');
  expect(mixedCoreFinding(nested)).toBeUndefined();
  expect(() => new HaVipCluster(nested, 'web', GUIDE_PROPS)).not.toThrow();
});

test('a construct with no stack is left to the core to report', () => {
  expect(mixedCoreFinding(new Construct(undefined as never, 'root'))).toBeUndefined();
});

test(`a cluster in a ${OTHER_CORE} stack throws at once, naming ${packageForCore(OTHER_CORE)}`, () => {
  const Foreign = foreignStackClass(OTHER_CORE);
  const stack = new Foreign(new Construct(undefined as never, 'app'), 'web-stack');
  expect(coreOfStack(stack)).toBe(OTHER_CORE);
  const err = validationErrorOf(() => new HaVipCluster(stack, 'web', GUIDE_PROPS));
  expect(err).toBeInstanceOf(HaVipValidationError);
  expect(err.constructPath).toBe('app/web-stack/web');
  expect(err.findings).toEqual([
    expect.objectContaining({
      level: 'error',
      prop: 'scope',
      value: `${OTHER_CORE} TerraformStack "app/web-stack"`,
      rule: `${packageForCore(BUILT_FOR_CORE)} is built for ${BUILT_FOR_CORE}: in a ${OTHER_CORE} stack use ${packageForCore(OTHER_CORE)} (npm install ${packageForCore(OTHER_CORE)})`,
    }),
  ]);
  expect(err.message).toContain(`use ${packageForCore(OTHER_CORE)}`);
  expect(stack.node.tryFindChild('web')).toBeUndefined(); // a rejected cluster removes itself
});

test('the mixed-core error comes before any prop error: the props are not what is wrong', () => {
  const Foreign = foreignStackClass(OTHER_CORE);
  const stack = new Foreign(new Construct(undefined as never, 'app'), 's');
  const bad = { ...GUIDE_PROPS, keepalived: { ...GUIDE_PROPS.keepalived, virtualRouterId: 999 } };
  expect(validationErrorOf(() => new HaVipCluster(stack, 'web', bad)).findings.map((f) => f.prop)).toEqual(['scope']);
});

test(`a stack of a second copy of ${BUILT_FOR_CORE} throws too: its Aspects are apart from ours`, () => {
  const SecondCopy = foreignStackClass(BUILT_FOR_CORE);
  const stack = new SecondCopy(new Construct(undefined as never, 'app'), 's');
  const err = validationErrorOf(() => new HaVipCluster(stack, 'web', GUIDE_PROPS));
  expect(err.findings[0].rule).toBe(
    `must be a TerraformStack of the ${BUILT_FOR_CORE} copy ${packageForCore(BUILT_FOR_CORE)} loads: the app loads two copies of ${BUILT_FOR_CORE} (npm ls ${BUILT_FOR_CORE}; npm dedupe)`,
  );
});
