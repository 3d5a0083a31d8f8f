// What the stand-in alicloud provider answers, on decoded values (the gRPC side is provider-service.ts).
//
// - Schema: the pinned schema file, unchanged.
// - Validation (provider config, resources, data sources): the provider-side facts of validations.json
//   (provider-checks.ts); Terraform core has already checked shape, types, required arguments,
//   references and functions.
// - Plan: the proposed new state, with the provider's defaults filled in where the config leaves an
//   attribute null, and, on create, every other null computed attribute unknown ("known after
//   apply"). On update, a change of an attribute the provider marks ForceNew (validations.json)
//   requires replacement, as the real provider (terraform-plugin-sdk v1) reports it.
// - Apply: the planned state with every unknown filled with a deterministic fake value (apply()
//   below); a destroy returns null. Refresh (ReadResource) returns the state as it is, import makes
//   a state holding only the id, and state upgrades only fit the stored JSON to the schema.
// - Data sources: the configuration, with every null computed attribute set to a placeholder of its
//   type, so that the plan can go on (a data source's result must be wholly known): a string is
//   `offline-placeholder:<data source>.<path>`, a number 0, a bool false, a list or set one
//   placeholder element, a map empty. The checks treat placeholder strings as unknown, so a value
//   read from a data source is never held against a resource's rules.
// Nothing reaches a cloud: "applied" resources exist only in Terraform's state.
import { createHash } from 'node:crypto';
import { CtyObject, CtyValue, isObject, Unknown } from './cty';
import { PLACEHOLDER_PREFIX } from './placeholder';
import { checkConfig, ProviderDiagnostic } from './provider-checks';
import type { AttributeFacts, CtyType, ProviderFacts, ProviderSchema, SchemaBlock, SchemaBlockType, TypeFacts } from './schema';

export { PLACEHOLDER_PREFIX };

/** What an applied resource's fake values contain: `<type>-<hash>` (see fakeValue). */
const APPLIED_VALUE = /alicloud_[a-z0-9_]+-[0-9a-f]{12}/;

/** Placeholders and applied fake values stand for values only the cloud knows: the checks treat them as unknown. */
export const isPlaceholder = (value: string) => value.includes(PLACEHOLDER_PREFIX) || APPLIED_VALUE.test(value);

export interface ProviderAnswer<T> {
  readonly value: T;
  readonly diagnostics: ProviderDiagnostic[];
}

export interface PlannedChange extends ProviderAnswer<CtyValue> {
  /** Top-level attribute or block names whose change makes Terraform replace the resource. */
  readonly requiresReplace: string[];
}

export class StandInProvider {
  private readonly skipSchemaValidation: boolean;

  constructor(
    readonly schema: ProviderSchema,
    private readonly facts: ProviderFacts,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.skipSchemaValidation = env.TF_SKIP_RESOURCE_SCHEMA_VALIDATION === 'true';
  }

  validateProviderConfig(config: CtyValue): ProviderDiagnostic[] {
    return this.check(this.facts.provider, config);
  }

  validateResourceConfig(typeName: string, config: CtyValue): ProviderDiagnostic[] {
    return this.check(this.facts.resources[typeName] ?? {}, config);
  }

  validateDataSourceConfig(typeName: string, config: CtyValue): ProviderDiagnostic[] {
    return this.check(this.facts.data_sources[typeName] ?? {}, config);
  }

  /**
   * The planned state, and the attributes whose change requires replacement (top-level names: a
   * ForceNew attribute of a nested block names its block). `priorState` is null on create.
   */
  planResourceChange(typeName: string, proposedNewState: CtyValue, priorState: CtyValue = null): PlannedChange {
    const schema = this.schema.resource_schemas[typeName];
    if (!schema) return { ...unsupported('resource', typeName), requiresReplace: [] };
    if (!isObject(proposedNewState)) return { value: proposedNewState, diagnostics: [], requiresReplace: [] }; // destroy: null
    const facts = this.facts.resources[typeName] ?? {};
    const creating = !isObject(priorState);
    const planned = planObject(schema.block, proposedNewState, facts, '', creating);
    return { value: planned, diagnostics: [], requiresReplace: creating ? [] : forceNewChanges(facts, priorState, planned) };
  }

  /** The new state after an apply: the planned state with every unknown filled (see fakeValue); null for a destroy. */
  applyResourceChange(typeName: string, plannedState: CtyValue): ProviderAnswer<CtyValue> {
    const schema = this.schema.resource_schemas[typeName];
    if (!schema) return unsupported('resource', typeName);
    if (!isObject(plannedState)) return { value: null, diagnostics: [] };
    const facts = this.facts.resources[typeName] ?? {};
    const hash = stableHash(typeName, plannedState);
    return { value: fillObject(schema.block, plannedState, facts, '', `${typeName}-${hash}`), diagnostics: [] };
  }

  /** A stored state (JSON, as Terraform wrote it) fitted to the schema: unknown attributes dropped, missing ones null. */
  upgradeResourceState(typeName: string, rawJson: string): ProviderAnswer<CtyValue> {
    const schema = this.schema.resource_schemas[typeName];
    if (!schema) return unsupported('resource', typeName);
    const stored = JSON.parse(rawJson) as CtyValue;
    return { value: isObject(stored) ? conform(schema.block, stored) : null, diagnostics: [] };
  }

  /** What an imported resource looks like before the refresh: its id and nothing else. */
  importResourceState(typeName: string, id: string): ProviderAnswer<CtyValue> {
    const schema = this.schema.resource_schemas[typeName];
    if (!schema) return unsupported('resource', typeName);
    return { value: conform(schema.block, { id }), diagnostics: [] };
  }

  readDataSource(typeName: string, config: CtyValue): ProviderAnswer<CtyValue> {
    const schema = this.schema.data_source_schemas[typeName];
    if (!schema) return unsupported('data source', typeName);
    if (!isObject(config)) return { value: config, diagnostics: [] };
    return { value: readObject(schema.block, config, typeName), diagnostics: [] };
  }

  private check(facts: TypeFacts, config: CtyValue): ProviderDiagnostic[] {
    return checkConfig(facts, config, { skipSchemaValidation: this.skipSchemaValidation, isPlaceholder });
  }
}

function unsupported(kind: string, typeName: string): ProviderAnswer<CtyValue> {
  return {
    value: null,
    diagnostics: [{ severity: 'error', summary: `The stand-in alicloud provider has no ${kind} ${typeName}`, path: [] }],
  };
}

function typedDefault(value: AttributeFacts['default'], type: CtyType): CtyValue {
  if (type === 'number') return Number(value);
  if (type === 'bool') return value === true || value === 'true';
  return String(value);
}

/** Applies `fn` to each object of a nested block value (single, list or set). */
function mapBlock(value: CtyValue, fn: (element: CtyObject) => CtyValue): CtyValue {
  if (Array.isArray(value)) return value.map((element) => (isObject(element) ? fn(element) : element));
  if (isObject(value)) return fn(value);
  return value;
}

function planObject(block: SchemaBlock, proposed: CtyObject, facts: TypeFacts, dotted: string, creating: boolean): CtyObject {
  const planned: CtyObject = { ...proposed };
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (planned[name] !== null && planned[name] !== undefined) continue;
    const fallback = facts[dotted + name]?.default;
    if (fallback !== undefined && !attribute.computed) planned[name] = typedDefault(fallback, attribute.type);
    else planned[name] = attribute.computed && creating ? Unknown.value : null;
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    planned[name] = mapBlock(planned[name] ?? null, (element) => planObject(nested.block, element, facts, `${dotted}${name}.`, creating));
  }
  return planned;
}

/** The ForceNew attributes (validations.json) whose planned value differs from the prior one, by top-level name. */
function forceNewChanges(facts: TypeFacts, prior: CtyObject, planned: CtyObject): string[] {
  const changed = new Set<string>();
  for (const [dotted, fact] of Object.entries(facts)) {
    if (!fact.force_new) continue;
    const [top, nested] = dotted.split('.') as [string, string | undefined];
    const pick = (state: CtyObject) => {
      const value = state[top] ?? null;
      if (nested === undefined) return value;
      const elements = Array.isArray(value) ? value : isObject(value) ? [value] : [];
      return elements.map((element) => (isObject(element) ? (element[nested] ?? null) : element));
    };
    if (!sameValue(pick(prior), pick(planned))) changed.add(top);
  }
  return [...changed].sort();
}

/** Equal known values; an unknown equals nothing (it may change), as the SDK plans it. */
function sameValue(a: CtyValue, b: CtyValue): boolean {
  if (a instanceof Unknown || b instanceof Unknown) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]!));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key] ?? null, b[key] ?? null));
  }
  return a === b;
}

// ---------------------------------------------------------------------------------------------
// Apply: fake values for what only the cloud would know. They depend only on the resource type and
// its planned state, so the same stack applies to the same state every time. An `id` is
// `<type>-<hash>`; another string `<type>-<hash>-<attribute path>`, or the attribute's default or
// first allowed value when validations.json has one; a number 0, a bool false, a list, set or map
// empty. Two resources of one type with the same planned state get the same id.

function stableHash(typeName: string, value: CtyValue): string {
  const canonical = (v: CtyValue): unknown => {
    if (v instanceof Unknown) return { unknown: true };
    if (Array.isArray(v)) return v.map(canonical);
    if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((key) => [key, canonical(v[key]!)]));
    return v;
  };
  return createHash('sha256').update(typeName).update(JSON.stringify(canonical(value))).digest('hex').slice(0, 12);
}

function fakeValue(type: CtyType, fact: AttributeFacts | undefined, label: string): CtyValue {
  if (fact?.default !== undefined) return typedDefault(fact.default, type);
  if (type === 'string') return fact?.validate?.kind === 'string_in_slice' ? (fact.validate.values[0] ?? label) : label;
  if (type === 'number') return 0;
  if (type === 'bool') return false;
  if (Array.isArray(type)) {
    const [kind, inner] = type;
    if (kind === 'object') {
      const attributes = inner as Record<string, CtyType>;
      return Object.fromEntries(Object.entries(attributes).map(([name, t]) => [name, fakeValue(t, undefined, `${label}.${name}`)]));
    }
    return kind === 'map' ? {} : [];
  }
  return null;
}

/** A value with every unknown inside it replaced by a fake of its type. */
function fill(value: CtyValue, type: CtyType, fact: AttributeFacts | undefined, label: string): CtyValue {
  if (value instanceof Unknown) return fakeValue(type, fact, label);
  if (!Array.isArray(type)) return value;
  const [kind, inner] = type;
  if (Array.isArray(value) && (kind === 'list' || kind === 'set')) {
    return value.map((element, i) => fill(element, inner as CtyType, undefined, `${label}.${i}`));
  }
  if (isObject(value) && kind === 'map') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, fill(v, inner as CtyType, undefined, `${label}.${key}`)]));
  }
  if (isObject(value) && kind === 'object') {
    const attributes = inner as Record<string, CtyType>;
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, fill(v, attributes[key] ?? 'string', undefined, `${label}.${key}`)]));
  }
  return value;
}

function fillObject(block: SchemaBlock, planned: CtyObject, facts: TypeFacts, dotted: string, label: string): CtyObject {
  const state: CtyObject = { ...planned };
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const value = state[name] ?? null;
    state[name] = name === 'id' && value instanceof Unknown ? label : fill(value, attribute.type, facts[dotted + name], `${label}-${dotted}${name}`);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const value = state[name] ?? null;
    state[name] =
      value instanceof Unknown
        ? emptyBlock(nested.nesting_mode)
        : mapBlock(value, (element) => fillObject(nested.block, element, facts, `${dotted}${name}.`, label));
  }
  return state;
}

const emptyBlock = (nesting: SchemaBlockType['nesting_mode']): CtyValue => (nesting === 'list' || nesting === 'set' ? [] : nesting === 'map' ? {} : null);

/** An object with exactly the block's attributes and nested blocks (missing ones null or empty). */
function conform(block: SchemaBlock, stored: CtyObject): CtyObject {
  const value: CtyObject = {};
  for (const name of Object.keys(block.attributes ?? {})) value[name] = stored[name] ?? null;
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const inner = stored[name];
    if (inner === undefined || inner === null) value[name] = emptyBlock(nested.nesting_mode);
    else if (nested.nesting_mode === 'map' && isObject(inner)) {
      value[name] = Object.fromEntries(Object.entries(inner).map(([key, v]) => [key, isObject(v) ? conform(nested.block, v) : v]));
    } else value[name] = mapBlock(inner, (element) => conform(nested.block, element));
  }
  return value;
}

function placeholder(type: CtyType, label: string): CtyValue {
  if (type === 'string') return PLACEHOLDER_PREFIX + label;
  if (type === 'number') return 0;
  if (type === 'bool') return false;
  if (Array.isArray(type)) {
    const [kind, inner] = type;
    if (kind === 'list' || kind === 'set') return [placeholder(inner as CtyType, `${label}.0`)];
    if (kind === 'map') return {};
    if (kind === 'object') {
      const attributes = inner as Record<string, CtyType>;
      return Object.fromEntries(Object.entries(attributes).map(([name, t]) => [name, placeholder(t, `${label}.${name}`)]));
    }
  }
  return null;
}

function readObject(block: SchemaBlock, config: CtyObject, label: string): CtyObject {
  const state: CtyObject = { ...config };
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (attribute.computed && (state[name] === null || state[name] === undefined)) {
      state[name] = placeholder(attribute.type, `${label}.${name}`);
    }
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    state[name] = mapBlock(state[name] ?? null, (element) => readObject(nested.block, element, `${label}.${name}`));
  }
  return state;
}
