// The pinned alicloud provider files the stand-in serves: the schema (the `terraform providers schema
// -json` format, the same file lib/gen is generated from) and the provider-side facts that format
// cannot hold (validations.json). Both ship in the package's provider/ folder.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The provider the stand-in impersonates. */
export const PROVIDER_SOURCE = 'registry.terraform.io/aliyun/alicloud';
export const PROVIDER_VERSION = '1.289.0';

/** The provider process's environment variable for applyOffline's `applyDelayMs`. */
export const APPLY_DELAY_ENV = 'CDKTF_HAVIP_OFFLINE_APPLY_DELAY_MS';

/** A cty type as JSON: "string", ["list", "string"], ["object", {...}], ... */
export type CtyType = string | [string, CtyType | Record<string, CtyType>];

export interface SchemaAttribute {
  readonly type: CtyType;
  readonly description?: string;
  readonly description_kind?: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
}

export interface SchemaBlockType {
  readonly nesting_mode: 'single' | 'list' | 'set' | 'map' | 'group';
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface SchemaBlock {
  readonly attributes?: Record<string, SchemaAttribute>;
  readonly block_types?: Record<string, SchemaBlockType>;
  readonly description?: string;
  readonly description_kind?: string;
  readonly deprecated?: boolean;
}

export interface Schema {
  readonly version: number;
  readonly block: SchemaBlock;
}

export interface ProviderSchema {
  readonly provider: Schema;
  readonly resource_schemas: Record<string, Schema>;
  readonly data_source_schemas: Record<string, Schema>;
}

/** One validator, as validations.json writes it (terraform-plugin-sdk v1 helper/validation). */
export type Validator =
  | { readonly kind: 'string_in_slice'; readonly values: string[]; readonly ignore_case: boolean }
  | { readonly kind: 'int_between'; readonly min: number; readonly max: number }
  | { readonly kind: 'int_in_slice'; readonly values: number[] }
  | { readonly kind: 'string_len_between'; readonly min: number; readonly max: number }
  | { readonly kind: 'string_match' | 'string_does_not_match'; readonly regex: string; readonly message?: string }
  | { readonly kind: 'string_is_valid_regexp' }
  | { readonly kind: 'any' | 'all'; readonly of: Validator[] };

/** What validations.json knows about one attribute (a dotted path: `block.attr`). */
export interface AttributeFacts {
  readonly type: string;
  readonly elem_type?: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  /** Changing it replaces the resource. */
  readonly force_new?: boolean;
  readonly default?: string | number | boolean;
  readonly validate?: Validator;
  readonly elem_validate?: Validator;
  readonly deprecated?: string;
  readonly removed?: string;
  readonly conflicts_with?: string[];
  readonly exactly_one_of?: string[];
  readonly at_least_one_of?: string[];
  readonly min_items?: number;
  readonly max_items?: number;
}

/** Facts for every attribute of one resource, data source or the provider, keyed by dotted path. */
export type TypeFacts = Record<string, AttributeFacts>;

export interface ProviderFacts {
  readonly provider: TypeFacts;
  readonly resources: Record<string, TypeFacts>;
  readonly data_sources: Record<string, TypeFacts>;
}

/** The package's root folder, found from this file in lib/testing (source) or dist/lib/testing. */
export function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'cdktf-alicloud-havip') {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`cdktf-alicloud-havip/testing: no package root above ${__dirname}`);
  }
}

/** Absolute path of a file in the package's provider/ folder. */
export function providerFile(name: string): string {
  return path.join(packageRoot(), 'provider', name);
}

export const SCHEMA_FILE = `alicloud-${PROVIDER_VERSION}.schema.json`;
export const VALIDATIONS_FILE = `alicloud-${PROVIDER_VERSION}.validations.json`;

export function loadProviderSchema(): ProviderSchema {
  const file = JSON.parse(fs.readFileSync(providerFile(SCHEMA_FILE), 'utf8'));
  return file.provider_schemas[PROVIDER_SOURCE];
}

export function loadProviderFacts(): ProviderFacts {
  const file = JSON.parse(fs.readFileSync(providerFile(VALIDATIONS_FILE), 'utf8'));
  const stripMeta = (facts: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(facts).filter(([key]) => !key.startsWith('_'))) as TypeFacts;
  const each = (types: Record<string, Record<string, unknown>>) =>
    Object.fromEntries(Object.entries(types).map(([name, facts]) => [name, stripMeta(facts)]));
  return { provider: stripMeta(file.provider), resources: each(file.resources), data_sources: each(file.data_sources) };
}
