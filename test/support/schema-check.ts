// Offline schema check: does the JSON that cdktf synthesizes fit the provider schema that
// `terraform providers schema -json` prints? It reports what `terraform validate` would: unknown
// arguments and blocks, missing required ones, values of the wrong type or shape, and references to
// things that do not exist; plus every use of a deprecated argument, which we never emit.
import * as fs from 'node:fs';
import { providerFile, SCHEMA_FILE } from '../../lib/testing/schema';

/** A cty type as the schema JSON writes it: "string", ["list", "string"], ["object", {...}], ... */
export type CtyType = string | readonly [string, ...unknown[]];

export interface SchemaAttribute {
  readonly type?: CtyType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly deprecated?: boolean;
}

export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, SchemaBlockType>>;
  readonly deprecated?: boolean;
}

export interface SchemaBlockType {
  readonly nesting_mode: 'single' | 'group' | 'list' | 'set' | 'map';
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

/** The output of `terraform providers schema -json`. */
export interface ProviderSchemaJson {
  readonly format_version: string;
  readonly provider_schemas: Readonly<
    Record<
      string,
      {
        readonly provider: { readonly block: SchemaBlock };
        readonly resource_schemas?: Readonly<Record<string, { readonly block: SchemaBlock }>>;
        readonly data_source_schemas?: Readonly<Record<string, { readonly block: SchemaBlock }>>;
      }
    >
  >;
}

export type SchemaProblemKind =
  | 'unknown-type' // a resource or data source type the provider does not have
  | 'unknown-attribute' // an argument or block the schema does not have
  | 'missing-required'
  | 'read-only' // a computed-only attribute given a value
  | 'type-mismatch' // a value Terraform cannot convert, or a block of the wrong shape or count
  | 'deprecated'
  | 'bad-reference'; // a ${...} reference to something that is not in the stack or the schema

export interface SchemaProblem {
  /** Where, e.g. `resource.alicloud_instance.node1.user_data` or `provider.alicloud[0].region`. */
  readonly path: string;
  readonly kind: SchemaProblemKind;
  readonly message: string;
}

/** The pinned alicloud provider schema, from the repository root (never from ../shared). */
/** The pinned schema file, the one lib/gen is generated from and the stand-in provider serves. */
export const DEFAULT_SCHEMA_FILE = providerFile(SCHEMA_FILE);

let defaultSchema: ProviderSchemaJson | undefined;
const indexes = new WeakMap<ProviderSchemaJson, Map<string, ProviderSchemaJson['provider_schemas'][string]>>();

export function loadDefaultSchema(): ProviderSchemaJson {
  defaultSchema ??= JSON.parse(fs.readFileSync(DEFAULT_SCHEMA_FILE, 'utf8')) as ProviderSchemaJson;
  return defaultSchema;
}

const RESOURCE_META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);
const PROVIDER_META = new Set(['alias', 'version']);
const NO_META = new Set<string>();
/** Roots of references that are not objects in the configuration (count.index, each.value, path.module ...). */
const CONTEXT_ROOTS = new Set(['count', 'each', 'self', 'path', 'terraform']);
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if']);
/** What cty accepts when it converts a string to a number (big.Float, base 10). */
const NUMBER_STRING = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The entries of a JSON object, without cdktf's "//" metadata; none for anything else. */
const entries = (v: unknown): [string, Json][] => (isObject(v) ? Object.entries(v).filter(([k]) => k !== '//') : []);
const describe = (v: unknown): string => {
  const shown = JSON.stringify(v);
  return `${Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v} ${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}`;
};
const typeName = (t: CtyType): string => (typeof t === 'string' ? t : `${t[0]}(${t[0] === 'object' ? '{...}' : typeName(t[1] as CtyType)})`);
/** A string with a `${...}` interpolation: a cdktf token, which may stand where any type may. */
const isExpression = (v: unknown): boolean => typeof v === 'string' && /(^|[^$])\$\{/.test(v);

/**
 * Checks synthesized cdktf JSON (a string or parsed, with or without "//" metadata) against a provider
 * schema; returns every problem, sorted by path (none: the JSON fits).
 */
export function checkAgainstSchema(synthesized: object | string, schema: ProviderSchemaJson = loadDefaultSchema()): SchemaProblem[] {
  if (typeof synthesized === 'string' ? !synthesized.trimStart().startsWith('{') : Object.getPrototypeOf(synthesized) !== Object.prototype) {
    const got = typeof synthesized === 'string' ? describe(synthesized) : `a ${synthesized.constructor?.name ?? 'non-JSON object'}`;
    throw new Error(`checkAgainstSchema takes the JSON of a stack (Testing.synth(stack) or a cdk.tf.json), got ${got}`);
  }
  const doc = (typeof synthesized === 'string' ? JSON.parse(synthesized) : synthesized) as JsonObject;
  const problems: SchemaProblem[] = [];
  const add = (at: string, kind: SchemaProblemKind, message: string): void => {
    problems.push({ path: at, kind, message });
  };
  const providers = providerIndex(schema);
  const schemaOf = (type: string, kind: 'resource_schemas' | 'data_source_schemas') => {
    const provider = providers.get(type.split('_')[0]);
    return provider ? (provider[kind]?.[type]?.block ?? null) : undefined; // undefined: another provider's type
  };

  // Arguments, blocks and their values.
  function checkBody(block: SchemaBlock, body: Json, at: string, meta: Set<string>): void {
    if (!isObject(body)) return add(at, 'type-mismatch', `a block must be a JSON object, got ${describe(body)}`);
    const dynamic = Object.fromEntries(entries(body.dynamic));
    for (const [key, value] of entries(body)) {
      const here = `${at}.${key}`;
      const attribute = block.attributes?.[key];
      const nested = block.block_types?.[key];
      if (meta.has(key)) continue;
      else if (key === 'dynamic') {
        for (const [name, spec] of entries(value)) {
          const type = block.block_types?.[name];
          if (!type) add(`${here}.${name}`, 'unknown-attribute', `there is no block type "${name}" to generate`);
          else checkNested(type, isObject(spec) ? spec.content : spec, `${here}.${name}.content`);
        }
      } else if (attribute) {
        if (attribute.deprecated) add(here, 'deprecated', `"${key}" is deprecated`);
        if (attribute.computed && !attribute.optional && !attribute.required) {
          add(here, 'read-only', `"${key}" is computed by the provider and cannot be set`);
        }
        checkValue(value, attribute.type ?? 'dynamic', here);
      } else if (nested) checkNested(nested, value, here);
      else add(here, 'unknown-attribute', `unsupported argument or block "${key}"`);
    }
    for (const [key, attribute] of Object.entries(block.attributes ?? {})) {
      if (attribute.required && (body[key] ?? null) === null) add(`${at}.${key}`, 'missing-required', `"${key}" is required`);
    }
    for (const [key, type] of Object.entries(block.block_types ?? {})) {
      if ((type.min_items ?? 0) > 0 && (body[key] ?? null) === null && !(key in dynamic)) {
        add(`${at}.${key}`, 'missing-required', `at least ${type.min_items} "${key}" block(s) required`);
      }
    }
  }

  function checkNested(type: SchemaBlockType, value: Json, at: string): void {
    if (type.block.deprecated) add(at, 'deprecated', 'this block type is deprecated');
    if (value === null) return;
    if (type.nesting_mode === 'map') {
      if (!isObject(value)) return add(at, 'type-mismatch', `a map of blocks must be a JSON object, got ${describe(value)}`);
      for (const [label, body] of entries(value)) checkNested({ ...type, nesting_mode: 'single' }, body, `${at}.${label}`);
      return;
    }
    // Terraform's JSON syntax takes one block as an object and any number as an array of objects.
    const blocks = Array.isArray(value) ? value : [value];
    blocks.forEach((body, i) => checkBody(type.block, body, Array.isArray(value) ? `${at}[${i}]` : at, NO_META));
    const max = type.nesting_mode === 'single' || type.nesting_mode === 'group' ? 1 : type.max_items;
    if (max !== undefined && blocks.length > max) add(at, 'type-mismatch', `at most ${max} block(s) allowed, got ${blocks.length}`);
    const min = type.min_items ?? 0;
    if (blocks.length < min) add(at, 'type-mismatch', `at least ${min} block(s) required, got ${blocks.length}`);
  }

  function checkValue(value: Json, type: CtyType, at: string): void {
    if (value === null || isExpression(value)) return;
    const mismatch = () => add(at, 'type-mismatch', `${typeName(type)} required, got ${describe(value)}`);
    if (typeof type === 'string') {
      const ok =
        type === 'dynamic' ||
        (type === 'string' && ['string', 'number', 'boolean'].includes(typeof value)) ||
        (type === 'number' && (typeof value === 'number' || (typeof value === 'string' && NUMBER_STRING.test(value)))) ||
        (type === 'bool' && (typeof value === 'boolean' || ['true', 'false', '1', '0'].includes(value as string)));
      if (!ok) mismatch();
      return;
    }
    const [kind, inner] = type;
    if (kind === 'list' || kind === 'set') {
      if (!Array.isArray(value)) return mismatch();
      value.forEach((item, i) => checkValue(item, inner as CtyType, `${at}[${i}]`));
    } else if (kind === 'tuple') {
      const types = inner as CtyType[];
      if (!Array.isArray(value) || value.length !== types.length) return mismatch();
      value.forEach((item, i) => checkValue(item, types[i], `${at}[${i}]`));
    } else if (kind === 'map') {
      if (!isObject(value)) return mismatch();
      for (const [key, item] of Object.entries(value)) checkValue(item, inner as CtyType, `${at}.${key}`);
    } else if (kind === 'object') {
      if (!isObject(value)) return mismatch();
      const attributes = inner as Record<string, CtyType>;
      const optional = new Set((type[2] as string[] | undefined) ?? []);
      for (const [key, item] of Object.entries(value)) {
        if (key in attributes) checkValue(item, attributes[key], `${at}.${key}`);
        else add(`${at}.${key}`, 'type-mismatch', `${typeName(type)} has no attribute "${key}"`);
      }
      for (const key of Object.keys(attributes)) {
        if (!(key in value) && !optional.has(key)) add(`${at}.${key}`, 'type-mismatch', `${typeName(type)} requires attribute "${key}"`);
      }
    }
  }

  // References.
  function checkReference(steps: string[], at: string): void {
    const [root, ...rest] = steps;
    const declared = (section: string, name: string | undefined) => name !== undefined && isObject(doc[section]) && name in doc[section];
    if (root === 'var' || root === 'local' || root === 'module') {
      const section = { var: 'variable', local: 'locals', module: 'module' }[root];
      if (!declared(section, rest[0])) add(at, 'bad-reference', `${steps.join('.')}: no ${section} "${rest[0]}" in the stack`);
      return;
    }
    const isData = root === 'data';
    const [type, name, ...attributePath] = isData ? rest : steps;
    if (name === undefined || name === '[]') return add(at, 'bad-reference', `${steps.join('.')} is not a valid reference`);
    const section = doc[isData ? 'data' : 'resource'];
    const what = `${isData ? 'data.' : ''}${type}.${name}`;
    if (!entries(isObject(section) ? section[type] : null).some(([n]) => n === name)) {
      return add(at, 'bad-reference', `${steps.join('.')}: no ${isData ? 'data source' : 'resource'} ${what} in the stack`);
    }
    const block = schemaOf(type, isData ? 'data_source_schemas' : 'resource_schemas');
    const bad = block ? unknownStep(block, attributePath) : undefined;
    if (bad !== undefined) add(at, 'bad-reference', `${steps.join('.')}: ${what} has no attribute "${bad}"`);
  }

  function checkReferences(value: Json, at: string, bound: ReadonlySet<string>): void {
    if (typeof value === 'string') {
      for (const steps of referencesIn(value)) if (!bound.has(steps[0]) && !CONTEXT_ROOTS.has(steps[0])) checkReference(steps, at);
    } else if (Array.isArray(value)) value.forEach((item, i) => checkReferences(item, `${at}[${i}]`, bound));
    for (const [key, item] of entries(value)) {
      if (key === 'depends_on' && Array.isArray(item)) {
        item.forEach((ref, i) => typeof ref === 'string' && checkReferences(isExpression(ref) ? ref : `\${${ref}}`, `${at}.${key}[${i}]`, bound));
      } else if (key === 'dynamic') {
        for (const [name, spec] of entries(item)) {
          const iterator = isObject(spec) && typeof spec.iterator === 'string' ? spec.iterator : name;
          checkReferences(spec, `${at}.dynamic.${name}`, new Set([...bound, iterator]));
        }
      } else if (key !== 'lifecycle') checkReferences(item, `${at}.${key}`, bound);
    }
  }

  const aliases = new Set<string>();
  for (const [local, configs] of entries(doc.provider)) {
    const provider = providers.get(local);
    (Array.isArray(configs) ? configs : [configs]).forEach((config, i) => {
      if (isObject(config)) aliases.add(typeof config.alias === 'string' ? `${local}.${config.alias}` : local);
      if (provider) checkBody(provider.provider.block, config, `provider.${local}[${i}]`, PROVIDER_META);
    });
  }
  for (const [section, kind] of [['resource', 'resource_schemas'], ['data', 'data_source_schemas']] as const) {
    for (const [type, byName] of entries(doc[section])) {
      const block = schemaOf(type, kind);
      for (const [name, body] of entries(byName)) {
        const at = `${section}.${type}.${name}`;
        if (block === null) add(at, 'unknown-type', `the provider has no ${section === 'data' ? 'data source' : 'resource'} type "${type}"`);
        if (block) checkBody(block, body, at, RESOURCE_META);
        const provider = isObject(body) ? body.provider : undefined;
        if (typeof provider === 'string' && !isExpression(provider) && providers.has(provider.split('.')[0]) && !aliases.has(provider)) {
          add(`${at}.provider`, 'bad-reference', `no provider configuration "${provider}" in the stack`);
        }
      }
    }
  }
  for (const section of ['provider', 'resource', 'data', 'output', 'locals', 'module']) checkReferences(doc[section] ?? null, section, new Set());
  return problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function providerIndex(schema: ProviderSchemaJson) {
  let index = indexes.get(schema);
  if (!index) {
    // The local name Terraform gives a provider is the last part of its source address.
    index = new Map(Object.entries(schema.provider_schemas).map(([source, s]) => [source.split('/').pop() as string, s]));
    indexes.set(schema, index);
  }
  return index;
}

/** The first step of an attribute path (after `type.name`) that the schema does not have, if any. */
function unknownStep(block: SchemaBlock, steps: string[]): string | undefined {
  let current: { block: SchemaBlock } | { type: CtyType } | undefined = { block };
  for (const step of steps) {
    if (!current) return undefined; // deeper than the schema describes: not checked
    if ('block' in current) {
      if (step === '[]') continue; // an instance of a counted resource, or of a list/set block
      const attribute: SchemaAttribute | undefined = current.block.attributes?.[step];
      const nested: SchemaBlockType | undefined = current.block.block_types?.[step];
      if (attribute) current = { type: attribute.type ?? 'dynamic' };
      else if (nested) current = nested.nesting_mode === 'map' ? undefined : { block: nested.block };
      else return step;
    } else {
      const t: CtyType = current.type;
      if (typeof t === 'string') current = undefined;
      else if (t[0] === 'object' && step !== '[]') {
        const attributes = t[1] as Record<string, CtyType>;
        if (!(step in attributes)) return step;
        current = { type: attributes[step] };
      } else current = ['list', 'set', 'map'].includes(t[0]) ? { type: t[1] as CtyType } : undefined;
    }
  }
  return undefined;
}

/**
 * Every reference (`root.name[0].attribute ...`) in the `${...}` interpolations of a string, as steps
 * with each index or splat written `[]`. String literals, function names, object keys and the
 * variables of `for` expressions are not references.
 */
export function referencesIn(text: string): string[][] {
  const found: string[][] = [];
  for (let i = text.indexOf('${'); i !== -1; i = text.indexOf('${', i)) {
    i = text[i - 1] === '$' ? i + 2 : scanExpression(text, i + 2, found, new Set());
  }
  return found;
}

const TRAVERSAL = /^[A-Za-z_][\w-]*(\s*(\.\s*([A-Za-z_][\w-]*|\*|\d+)|\[[^\]]*\]))*/;

/** Scans an expression from `i` up to its closing `}`; returns the index after it. */
function scanExpression(src: string, i: number, found: string[][], outer: ReadonlySet<string>): number {
  const bound = new Set(outer);
  let depth = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '"') {
      for (i++; i < src.length && src[i] !== '"'; i++) {
        if (src[i] === '\\') i++;
        else if (src.startsWith('$${', i)) i += 2;
        else if (src.startsWith('${', i)) i = scanExpression(src, i + 2, found, bound) - 1;
      }
      i++;
    } else if (c === '}' && depth === 0) return i + 1;
    else if (/[A-Za-z_]/.test(c) && !/[\w.]/.test(src[i - 1] ?? ' ')) {
      const text = TRAVERSAL.exec(src.slice(i))![0];
      const after = src.slice(i + text.length).trimStart();
      const forVars = /^for\s+([A-Za-z_][\w-]*)(\s*,\s*([A-Za-z_][\w-]*))?\s+in\b/.exec(src.slice(i));
      if (forVars) [forVars[1], forVars[3]].forEach((name) => name && bound.add(name));
      const steps = text.match(/\[[^\]]*\]|[A-Za-z_][\w-]*|\*|\d+/g)!.map((s) => (/^[[*\d]/.test(s) ? '[]' : s));
      for (const index of text.match(/\[[^\]]*\]/g) ?? []) scanExpression(`${index.slice(1, -1)}}`, 0, found, bound);
      const isKey = steps.length === 1 && /^(=[^=>]|:)/.test(after);
      if (!KEYWORDS.has(steps[0]) && !bound.has(steps[0]) && !isKey && !/^(\(|::)/.test(after)) found.push(steps);
      i += text.length;
    } else {
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) depth--;
      i++;
    }
  }
  return i;
}

/** One line per problem, for failure messages. */
export function formatProblems(problems: readonly SchemaProblem[]): string {
  return problems.map((p) => `  ${p.kind} at ${p.path}: ${p.message}`).join('\n');
}

declare global {
  namespace jest {
    interface Matchers<R> {
      /** Passes when the synthesized JSON (string or object) has no schema problems; prints every problem otherwise. */
      toMatchProviderSchema(schema?: ProviderSchemaJson): R;
    }
  }
}

if (typeof expect !== 'undefined') {
  expect.extend({
    toMatchProviderSchema(received: object | string, schema?: ProviderSchemaJson) {
      const problems = checkAgainstSchema(received, schema);
      return {
        pass: problems.length === 0,
        message: () =>
          problems.length === 0
            ? 'expected schema problems, found none'
            : `expected no schema problems, found ${problems.length}:\n${formatProblems(problems)}`,
      };
    },
  });
}
