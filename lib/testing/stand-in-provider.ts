// What the stand-in alicloud provider answers, on decoded values (the gRPC side is plugin-server.ts).
//
// - Schema: the pinned schema file, unchanged.
// - Validation (provider config, resources, data sources): the provider-side facts of validations.json
//   (provider-checks.ts); Terraform core has already checked shape, types, required arguments,
//   references and functions.
// - Plan: the proposed new state, with the provider's defaults filled in where the config leaves an
//   attribute null, and every other null computed attribute unknown ("known after apply").
// - Data sources: the configuration, with every null computed attribute set to a placeholder of its
//   type, so that the plan can go on (a data source's result must be wholly known): a string is
//   `offline-placeholder:<data source>.<path>`, a number 0, a bool false, a list or set one
//   placeholder element, a map empty. The checks treat placeholder strings as unknown, so a value
//   read from a data source is never held against a resource's rules.
// - Nothing is ever created: there is no apply, import or refresh.
import { CtyObject, CtyValue, isObject, Unknown } from './cty';
import { PLACEHOLDER_PREFIX } from './placeholder';
import { checkConfig, ProviderDiagnostic } from './provider-checks';
import type { AttributeFacts, CtyType, ProviderFacts, ProviderSchema, SchemaBlock, TypeFacts } from './schema';

export { PLACEHOLDER_PREFIX };

export const isPlaceholder = (value: string) => value.includes(PLACEHOLDER_PREFIX);

export interface ProviderAnswer<T> {
  readonly value: T;
  readonly diagnostics: ProviderDiagnostic[];
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

  planResourceChange(typeName: string, proposedNewState: CtyValue): ProviderAnswer<CtyValue> {
    const schema = this.schema.resource_schemas[typeName];
    if (!schema) return unsupported('resource', typeName);
    if (!isObject(proposedNewState)) return { value: proposedNewState, diagnostics: [] }; // destroy: null
    const facts = this.facts.resources[typeName] ?? {};
    return { value: planObject(schema.block, proposedNewState, facts, ''), diagnostics: [] };
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

function planObject(block: SchemaBlock, proposed: CtyObject, facts: TypeFacts, dotted: string): CtyObject {
  const planned: CtyObject = { ...proposed };
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (planned[name] !== null && planned[name] !== undefined) continue;
    const fallback = facts[dotted + name]?.default;
    if (fallback !== undefined && !attribute.computed) planned[name] = typedDefault(fallback, attribute.type);
    else planned[name] = attribute.computed ? Unknown.value : null;
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    planned[name] = mapBlock(planned[name] ?? null, (element) => planObject(nested.block, element, facts, `${dotted}${name}.`));
  }
  return planned;
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
