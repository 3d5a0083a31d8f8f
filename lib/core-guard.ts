// One package per core: cdktf-alicloud-havip for cdktf, cdktn-alicloud-havip for cdktn (CDK Terrain),
// built from the same sources. The two cores share their construct markers (`Symbol.for("cdktf/...")`),
// so a cluster fits into a stack of the other core, but each keeps its Aspects under a private symbol:
// such a stack never runs the app-wide checks (a duplicate virtualRouterId passes), or its synth crashes
// on methods our resources lack. The same holds for two copies of one core. So the cluster checks,
// when it is created, that its stack comes from the very core this package was built with.
import { TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { error, type Finding } from './rules/finding';

/** jsii's type information, which every class of cdktf and cdktn carries: `{ fqn: 'cdktf.TerraformStack', ... }`. */
const JSII_RTTI = Symbol.for('jsii.rtti');
const CORES = ['cdktf', 'cdktn'] as const;
const SOURCE = 'cdktf and cdktn keep Aspects apart: a stack of another core skips the app-wide checks';

/** The package of this construct library built for `core`. */
export function packageForCore(core: string): string {
  return `${core}-alicloud-havip`;
}

/** The core ('cdktf' or 'cdktn') whose TerraformStack `stack` is, by jsii's type information; undefined when unknown. */
export function coreOfStack(stack: object): string | undefined {
  for (let proto = stack; proto !== null; proto = Object.getPrototypeOf(proto)) {
    const ctor = Object.prototype.hasOwnProperty.call(proto, 'constructor') ? proto.constructor : undefined;
    const fqn = ctor && Object.getOwnPropertyDescriptor(ctor, JSII_RTTI)?.value?.fqn;
    if (typeof fqn !== 'string') continue;
    const core = CORES.find((c) => fqn === `${c}.TerraformStack`);
    if (core) return core;
  }
  return undefined;
}

/** The core this package was built with. */
export const BUILT_FOR_CORE: string = coreOfStack(TerraformStack.prototype)!;

/**
 * The error finding when `scope`'s stack is not a TerraformStack of the core (and the copy of it)
 * this package uses; undefined when it is.
 */
export function mixedCoreFinding(scope: IConstruct): Finding | undefined {
  const stack: IConstruct | undefined = [...scope.node.scopes].reverse().find((c) => TerraformStack.isStack(c));
  if (stack === undefined || stack instanceof TerraformStack) return undefined; // no stack: cdktf's own error follows
  const core = coreOfStack(stack);
  const ours = packageForCore(BUILT_FOR_CORE);
  const value = `${core ?? 'unknown'} TerraformStack "${stack.node.path}"`;
  if (core !== undefined && core !== BUILT_FOR_CORE) {
    return error(
      'scope',
      value,
      `${ours} is built for ${BUILT_FOR_CORE}: in a ${core} stack use ${packageForCore(core)} (npm install ${packageForCore(core)})`,
      SOURCE,
    );
  }
  return error(
    'scope',
    value,
    `must be a TerraformStack of the ${BUILT_FOR_CORE} copy ${ours} loads: the app loads two copies of ${BUILT_FOR_CORE} (npm ls ${BUILT_FOR_CORE}; npm dedupe)`,
    SOURCE,
  );
}
