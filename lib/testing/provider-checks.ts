// The provider-side checks Terraform core leaves to the provider, applied as the alicloud provider
// (terraform-plugin-sdk v1 helper/schema with alicloud's own validators) applies them: allowed values,
// ranges, lengths and patterns, ConflictsWith / ExactlyOneOf / AtLeastOneOf, item counts of
// primitive lists, removed attributes (errors) and deprecated ones (warnings). The facts come from
// validations.json; messages follow the provider's wording, with the attribute path added.
import { CtyObject, CtyValue, isObject, isWhollyKnown, Unknown } from './cty';
import type { AttributeFacts, TypeFacts, Validator } from './schema';

/** One finding, with the path of the attribute it is about (names and list indexes). */
export interface ProviderDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly path: readonly (string | number)[];
}

export interface CheckOptions {
  /**
   * The provider's escape hatch: with env TF_SKIP_RESOURCE_SCHEMA_VALIDATION=true, alicloud's
   * enum, range and pattern validators report warnings instead of errors.
   */
  readonly skipSchemaValidation?: boolean;
  /** Strings for which this returns true are treated as unknown (placeholders from data sources). */
  readonly isPlaceholder?: (value: string) => boolean;
}

const SKIP_NOTE = '[NOTE] set env variable TF_SKIP_RESOURCE_SCHEMA_VALIDATION to true can skip the error and get a warning';

/** Go's %v of a slice: [a b c]. */
const goList = (values: readonly (string | number)[]) => `[${values.join(' ')}]`;

interface Failure {
  readonly message: string;
  /** Whether TF_SKIP_RESOURCE_SCHEMA_VALIDATION turns it into a warning. */
  readonly skippable: boolean;
}

function runValidator(v: Validator, value: CtyValue, key: string): Failure[] {
  const fail = (message: string, skippable = true): Failure[] => [{ message, skippable }];
  switch (v.kind) {
    case 'string_in_slice': {
      if (typeof value !== 'string') return fail(`expected type of ${key} to be string`, false);
      const ok = v.values.some((s) => s === value || (v.ignore_case && s.toLowerCase() === value.toLowerCase()));
      return ok ? [] : fail(`expected ${key} to be one of ${goList(v.values)}, got ${value}`);
    }
    case 'int_between':
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail(`expected type of ${key} to be int`, false);
      return value >= v.min && value <= v.max ? [] : fail(`expected ${key} to be in the range (${v.min} - ${v.max}), got ${value}`);
    case 'int_in_slice':
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail(`expected type of ${key} to be an integer`, false);
      return v.values.includes(value) ? [] : fail(`expected ${key} to be one of ${goList(v.values)}, got ${value}`);
    case 'string_len_between': {
      if (typeof value !== 'string') return fail(`expected type of ${key} to be string`, false);
      const length = Buffer.byteLength(value, 'utf8'); // Go's len() counts bytes
      return length >= v.min && length <= v.max
        ? []
        : fail(`expected length of ${key} to be in the range (${v.min} - ${v.max}), got ${value}`);
    }
    case 'string_match':
    case 'string_does_not_match': {
      if (typeof value !== 'string') return fail(`expected type of ${key} to be string`, false);
      const matches = goRegExp(v.regex).test(value);
      if (matches === (v.kind === 'string_match')) return [];
      if (v.message) return fail(`invalid value for ${key} (${v.message})`);
      const verb = v.kind === 'string_match' ? 'match' : 'not match';
      return fail(`expected value of ${key} to ${verb} regular expression ${JSON.stringify(v.regex)}`);
    }
    case 'string_is_valid_regexp':
      if (typeof value !== 'string') return fail(`expected type of ${key} to be string`, false);
      try {
        goRegExp(value);
        return [];
      } catch (error) {
        return fail(`${JSON.stringify(key)}: ${(error as Error).message}`, false);
      }
    case 'any': {
      const failures = v.of.map((inner) => runValidator(inner, value, key));
      return failures.some((f) => f.length === 0) ? [] : failures.flat();
    }
    case 'all':
      return v.of.flatMap((inner) => runValidator(inner, value, key));
  }
}

const regexCache = new Map<string, RegExp>();

/** A Go RE2 pattern as a JavaScript RegExp (the patterns in validations.json use the common subset). */
function goRegExp(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) {
    try {
      re = new RegExp(source, 'u'); // RE2 matches code points, like the u flag
    } catch {
      re = new RegExp(source);
    }
    regexCache.set(source, re);
  }
  return re;
}

/** Whether a config value is set: not null (unknown counts as set, as in the SDK). */
const isSet = (value: CtyValue | undefined) => value !== undefined && value !== null;

class Checker {
  readonly diagnostics: ProviderDiagnostic[] = [];
  /** Facts grouped by the dotted path of the object that holds them ('' = the top level). */
  private readonly byParent = new Map<string, [string, AttributeFacts][]>();

  constructor(
    facts: TypeFacts,
    private readonly options: CheckOptions,
  ) {
    for (const [dotted, fact] of Object.entries(facts)) {
      const cut = dotted.lastIndexOf('.');
      const parent = cut < 0 ? '' : dotted.slice(0, cut);
      if (!this.byParent.has(parent)) this.byParent.set(parent, []);
      this.byParent.get(parent)!.push([dotted.slice(cut + 1), fact]);
    }
  }

  private isKnown(value: CtyValue): boolean {
    if (!isWhollyKnown(value)) return false;
    const placeholder = this.options.isPlaceholder;
    if (!placeholder) return true;
    const hasPlaceholder = (v: CtyValue): boolean =>
      typeof v === 'string'
        ? placeholder(v)
        : Array.isArray(v)
          ? v.some(hasPlaceholder)
          : isObject(v)
            ? Object.values(v).some(hasPlaceholder)
            : false;
    return !hasPlaceholder(value);
  }

  private report(severity: 'error' | 'warning', summary: string, path: readonly (string | number)[], detail?: string) {
    this.diagnostics.push(detail === undefined ? { severity, summary, path } : { severity, summary, detail, path });
  }

  private reportFailures(failures: Failure[], path: readonly (string | number)[]) {
    for (const failure of failures) {
      const asWarning = failure.skippable && this.options.skipSchemaValidation;
      this.report(asWarning ? 'warning' : 'error', failure.message, path, asWarning || !failure.skippable ? undefined : SKIP_NOTE);
    }
  }

  /**
   * Checks the attributes of one object: the top level (dotted = '', key = '') or one element of a
   * nested block (dotted = 'block', key = 'block.0' as the SDK names it).
   */
  checkObject(object: CtyObject, dotted: string, key: string, path: readonly (string | number)[]) {
    for (const [name, fact] of this.byParent.get(dotted) ?? []) {
      const value = object[name] ?? null;
      const attrKey = key ? `${key}.${name}` : name;
      const attrPath = [...path, name];
      this.checkGroups(object, name, fact, attrKey, attrPath);
      if (!isSet(value) || value instanceof Unknown) continue;
      this.checkConflicts(object, fact, attrKey, attrPath);
      this.checkValue(value, fact, dotted ? `${dotted}.${name}` : name, attrKey, attrPath);
      if (fact.deprecated) this.report('warning', `${JSON.stringify(attrKey)}: [DEPRECATED] ${fact.deprecated}`, attrPath);
      if (fact.removed) this.report('error', `${JSON.stringify(attrKey)}: [REMOVED] ${fact.removed}`, attrPath);
    }
  }

  private checkGroups(object: CtyObject, name: string, fact: AttributeFacts, key: string, path: readonly (string | number)[]) {
    if (fact.exactly_one_of) {
      const all = [...new Set([...fact.exactly_one_of, name])].sort();
      const unknown = all.filter((k) => object[k] instanceof Unknown).length;
      const specified = all.filter((k) => isSet(object[k]) && !(object[k] instanceof Unknown));
      if (specified.length === 0 && unknown === 0) {
        this.report('error', `${JSON.stringify(key)}: one of \`${all.join(',')}\` must be specified`, path);
      } else if (specified.length > 1) {
        this.report(
          'error',
          `${JSON.stringify(key)}: only one of \`${all.join(',')}\` can be specified, but \`${specified.join(',')}\` were specified.`,
          path,
        );
      }
    }
    if (fact.at_least_one_of) {
      const all = [...new Set([...fact.at_least_one_of, name])].sort();
      if (!all.some((k) => isSet(object[k]))) {
        this.report('error', `${JSON.stringify(key)}: one of \`${all.join(',')}\` must be specified`, path);
      }
    }
  }

  private checkConflicts(object: CtyObject, fact: AttributeFacts, key: string, path: readonly (string | number)[]) {
    for (const other of fact.conflicts_with ?? []) {
      const value = object[other];
      if (isSet(value) && !(value instanceof Unknown)) {
        this.report('error', `${JSON.stringify(key)}: conflicts with ${other}`, path);
        return;
      }
    }
  }

  private checkValue(value: CtyValue, fact: AttributeFacts, dotted: string, key: string, path: readonly (string | number)[]) {
    const isCollection = fact.type === 'TypeList' || fact.type === 'TypeSet';
    if (isCollection && Array.isArray(value)) {
      const count = value.length;
      if (fact.max_items && count > fact.max_items && fact.elem_type !== 'block') {
        this.report('error', `${key}: attribute supports ${fact.max_items} item maximum, config has ${count} declared`, path);
      }
      if (fact.min_items && count < fact.min_items && fact.elem_type !== 'block') {
        this.report('error', `${key}: attribute supports ${fact.min_items} item as a minimum, config has ${count} declared`, path);
      }
      value.forEach((element, i) => {
        // Set elements have no index in an attribute path: stop at the set (as the SDK does).
        const elementPath = fact.type === 'TypeSet' ? path : [...path, i];
        if (fact.elem_type === 'block' && isObject(element)) this.checkObject(element, dotted, `${key}.${i}`, elementPath);
        else if (fact.elem_validate && this.isKnown(element)) {
          this.reportFailures(runValidator(fact.elem_validate, element, `${key}.${i}`), elementPath);
        }
      });
      return;
    }
    if (fact.elem_type === 'block' && isObject(value)) {
      this.checkObject(value, dotted, `${key}.0`, path); // a single nested block
      return;
    }
    // A map's elem_validate is not applied: the SDK (v1) never calls validators of map elements.
    if (fact.validate && this.isKnown(value)) this.reportFailures(runValidator(fact.validate, value, key), path);
  }
}

/** Applies the provider-side facts of one resource / data source / provider type to its config. */
export function checkConfig(facts: TypeFacts, config: CtyValue, options: CheckOptions = {}): ProviderDiagnostic[] {
  if (!isObject(config)) return [];
  const checker = new Checker(facts, options);
  checker.checkObject(config, '', '', []);
  return checker.diagnostics;
}
