// Strings the cluster derives from props and construct ids (instance and security group names,
// the security group's description holding the construct path) pass the same checks as the props
// they come from, lengths included: a suffix can push a valid prefix past its limit, and a
// construct id reaches Terraform inside a description.
import { checkInstanceName, checkText, INSTANCE_NAME, INSTANCE_NAME_RULE } from './strings';
import { field, isPlainObject, type FindingCollector } from './values';

export const CONSTRUCT_ID_SOURCE = 'construct ids: the construct path goes into the security group description sent to Terraform';
export const CONSTRUCT_ID_LITERAL_REASON = 'the construct path is written into a description at synth time';
export const SECURITY_GROUP_NAME_SUFFIX = '-havip';
export const SECURITY_GROUP_NAME_SOURCE =
  'CreateSecurityGroup API: SecurityGroupName, 2 to 128 characters, starting with a letter; letters, digits, ":", "_", "." and "-"';
export const SECURITY_GROUP_DESCRIPTION_PREFIX = 'Members of the HaVip cluster ';
export const SECURITY_GROUP_DESCRIPTION_SOURCE =
  'CreateSecurityGroup API: Description, 2 to 256 characters, not starting with http:// or https://';

/** Where the construct sits: what the derived strings are made of. */
export interface ClusterContext {
  /** The construct id: the instance name prefix when `instance.namePrefix` is not given. */
  readonly id?: string;
  /** The construct path. */
  readonly path?: string;
  /** The id of every construct on the path from the app (excluded) to the cluster (included). */
  readonly pathIds?: string[];
}

/** The names and descriptions the cluster gives its resources. */
export interface DerivedStrings {
  /** `nodes[i].name`, or `<namePrefix>-<i + 1>`. */
  readonly instanceNames: string[];
  /** `<namePrefix>-havip`. */
  readonly securityGroupName: string;
  /** `Members of the HaVip cluster <construct path>`. */
  readonly securityGroupDescription: string;
}

/** The derived strings of a props snapshot (any shape: missing parts give empty strings). */
export function deriveStrings(props: unknown, context: ClusterContext): DerivedStrings {
  const p = isPlainObject(props) ? props : {};
  const instance = field(p, 'instance');
  const given = isPlainObject(instance) ? field(instance, 'namePrefix') : undefined;
  const prefix = typeof given === 'string' ? given : (context.id ?? '');
  const nodes = field(p, 'nodes');
  const names = (Array.isArray(nodes) ? nodes : []).map((node: unknown, i) => {
    const name = isPlainObject(node) ? field(node, 'name') : undefined;
    return typeof name === 'string' ? name : `${prefix}-${i + 1}`;
  });
  return {
    instanceNames: names,
    securityGroupName: `${prefix}${SECURITY_GROUP_NAME_SUFFIX}`,
    securityGroupDescription: `${SECURITY_GROUP_DESCRIPTION_PREFIX}${context.path ?? ''}`,
  };
}

/**
 * Checks every construct id on the path and every derived string. `failed(prop)` tells whether a
 * prop already has an error: a string derived from it is then not reported again.
 */
export function checkDerived(
  c: FindingCollector,
  props: unknown,
  context: ClusterContext,
  failed: (prop: string) => boolean,
): DerivedStrings {
  const ids = context.pathIds ?? [];
  let idsOk = true;
  ids.forEach((id, i) => {
    const prop = i === ids.length - 1 ? 'id' : `scope id`;
    const ok = checkText(c, prop, id, { source: CONSTRUCT_ID_SOURCE, literalReason: CONSTRUCT_ID_LITERAL_REASON });
    idsOk &&= ok !== undefined;
  });

  const derived = deriveStrings(props, context);
  const p = isPlainObject(props) ? props : {};
  const instance = field(p, 'instance');
  const given = isPlainObject(instance) ? field(instance, 'namePrefix') : undefined;
  const prefixProp = given === undefined ? 'the construct id' : 'instance.namePrefix';
  const prefixOk =
    (given === undefined ? context.id !== undefined && idsOk : typeof given === 'string' && !c.token(given)) &&
    !failed('instance.namePrefix') &&
    !failed('instance.namePrefix (default: the construct id)');
  if (prefixOk) {
    checkText(c, `security group name (derived from ${prefixProp})`, derived.securityGroupName, {
      source: SECURITY_GROUP_NAME_SOURCE,
      minChars: 2,
      maxChars: 128,
      pattern: { regex: INSTANCE_NAME, rule: INSTANCE_NAME_RULE },
    });
    const nodes = field(p, 'nodes');
    derived.instanceNames.forEach((name, i) => {
      const node = Array.isArray(nodes) ? nodes[i] : undefined;
      if (isPlainObject(node) && field(node, 'name') !== undefined) return; // given: checked as nodes[i].name
      if (failed(`nodes[${i}]`)) return;
      checkInstanceName(c, `nodes[${i}].name (derived from ${prefixProp})`, name);
    });
  }
  if (idsOk && context.path !== undefined) {
    checkText(c, 'security group description (derived from the construct path)', derived.securityGroupDescription, {
      source: SECURITY_GROUP_DESCRIPTION_SOURCE,
      minChars: 2,
      maxChars: 256,
      noUrlPrefix: true,
    });
  }
  return derived;
}
