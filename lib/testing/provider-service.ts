// The tfplugin5 Provider service: protocol messages in and out of the StandInProvider. Values travel
// as msgpack DynamicValues, schemas as protocol Schema messages built from the pinned JSON schema.
import type * as grpc from '@grpc/grpc-js';
import { decodeValue, encodeValue } from './cty';
import type { Handlers } from './go-plugin';
import type { ProviderDiagnostic } from './provider-checks';
import type { Schema, SchemaBlock } from './schema';
import type { StandInProvider } from './stand-in-provider';

const descriptionKind = (kind: string | undefined) => (kind === 'markdown' ? 'MARKDOWN' : 'PLAIN');

function protoBlock(block: SchemaBlock): object {
  return {
    version: 0,
    attributes: Object.entries(block.attributes ?? {}).map(([name, a]) => ({
      name,
      type: Buffer.from(JSON.stringify(a.type)),
      description: a.description ?? '',
      description_kind: descriptionKind(a.description_kind),
      required: a.required ?? false,
      optional: a.optional ?? false,
      computed: a.computed ?? false,
      sensitive: a.sensitive ?? false,
      deprecated: a.deprecated ?? false,
    })),
    block_types: Object.entries(block.block_types ?? {}).map(([name, b]) => ({
      type_name: name,
      block: protoBlock(b.block),
      nesting: b.nesting_mode.toUpperCase(),
      min_items: b.min_items ?? 0,
      max_items: b.max_items ?? 0,
    })),
    description: block.description ?? '',
    description_kind: descriptionKind(block.description_kind),
    deprecated: block.deprecated ?? false,
  };
}

/** A protocol Schema message for one schema of the JSON file. */
export function protoSchema(schema: Schema): object {
  return { version: schema.version, block: protoBlock(schema.block) };
}

/** A protocol Diagnostic: the attribute path as name steps and list index steps. */
export function protoDiagnostic(d: ProviderDiagnostic): object {
  return {
    severity: d.severity === 'error' ? 'ERROR' : 'WARNING',
    summary: d.summary,
    detail: d.detail ?? '',
    attribute:
      d.path.length === 0
        ? null
        : { steps: d.path.map((step) => (typeof step === 'number' ? { element_key_int: step } : { attribute_name: step })) },
  };
}

interface DynamicValue {
  readonly msgpack?: Buffer;
  readonly json?: Buffer;
}

const decodeDynamic = (value: DynamicValue | null | undefined) => decodeValue(value?.msgpack);

type Unary = (request: any) => object;

function unary(handler: Unary): grpc.handleUnaryCall<any, object> {
  return (call, callback) => {
    try {
      callback(null, handler(call.request));
    } catch (error) {
      // A bug of ours reaches Terraform as an error diagnostic, not as a hung or dead plugin.
      const summary = `stand-in alicloud provider: ${(error as Error).message}`;
      callback(null, { diagnostics: [protoDiagnostic({ severity: 'error', summary, path: [] })] });
    }
  };
}

export interface ProviderServiceOptions {
  /** Milliseconds each ApplyResourceChange takes (so that parallel applies visibly overlap). */
  readonly applyDelayMs?: number;
}

/** A handler whose answer goes out `ms` milliseconds after the request came in. */
function delayed(ms: number, handler: Unary): grpc.handleUnaryCall<any, object> {
  const answer = unary(handler);
  return ms > 0 ? (call, callback) => setTimeout(() => answer(call, callback), ms) : answer;
}

/** The Provider service's handlers. RPCs not listed answer UNIMPLEMENTED. */
export function providerService(provider: StandInProvider, options: ProviderServiceOptions = {}): Handlers {
  const { schema } = provider;
  const schemaResponse = {
    provider: protoSchema(schema.provider),
    resource_schemas: Object.fromEntries(Object.entries(schema.resource_schemas).map(([n, s]) => [n, protoSchema(s)])),
    data_source_schemas: Object.fromEntries(Object.entries(schema.data_source_schemas).map(([n, s]) => [n, protoSchema(s)])),
    diagnostics: [],
    server_capabilities: { plan_destroy: false, get_provider_schema_optional: false, move_resource_state: false },
  };
  const diagnostics = (list: ProviderDiagnostic[]) => list.map(protoDiagnostic);

  return {
    GetSchema: unary(() => schemaResponse),
    PrepareProviderConfig: unary((request) => ({
      prepared_config: request.config,
      diagnostics: diagnostics(provider.validateProviderConfig(decodeDynamic(request.config))),
    })),
    Configure: unary(() => ({ diagnostics: [] })),
    ValidateResourceTypeConfig: unary((request) => ({
      diagnostics: diagnostics(provider.validateResourceConfig(request.type_name, decodeDynamic(request.config))),
    })),
    ValidateDataSourceConfig: unary((request) => ({
      diagnostics: diagnostics(provider.validateDataSourceConfig(request.type_name, decodeDynamic(request.config))),
    })),
    PlanResourceChange: unary((request) => {
      const answer = provider.planResourceChange(
        request.type_name,
        decodeDynamic(request.proposed_new_state),
        decodeDynamic(request.prior_state),
      );
      return {
        planned_state: { msgpack: encodeValue(answer.value) },
        requires_replace: answer.requiresReplace.map((name) => ({ steps: [{ attribute_name: name }] })),
        planned_private: request.prior_private,
        diagnostics: diagnostics(answer.diagnostics),
        // As the real provider (terraform-plugin-sdk v1) does: Terraform then accepts its defaults.
        legacy_type_system: true,
      };
    }),
    ApplyResourceChange: delayed(options.applyDelayMs ?? 0, (request) => {
      const answer = provider.applyResourceChange(request.type_name, decodeDynamic(request.planned_state));
      return {
        new_state: { msgpack: encodeValue(answer.value) },
        private: request.planned_private,
        diagnostics: diagnostics(answer.diagnostics),
        legacy_type_system: true,
      };
    }),
    UpgradeResourceState: unary((request) => {
      const answer = provider.upgradeResourceState(request.type_name, request.raw_state?.json?.toString() || 'null');
      return { upgraded_state: { msgpack: encodeValue(answer.value) }, diagnostics: diagnostics(answer.diagnostics) };
    }),
    // Nothing changes behind Terraform's back: a refresh reads the state as it is.
    ReadResource: unary((request) => ({ new_state: request.current_state, private: request.private, diagnostics: [] })),
    ImportResourceState: unary((request) => {
      const answer = provider.importResourceState(request.type_name, request.id);
      return {
        imported_resources: answer.diagnostics.length ? [] : [{ type_name: request.type_name, state: { msgpack: encodeValue(answer.value) } }],
        diagnostics: diagnostics(answer.diagnostics),
      };
    }),
    ReadDataSource: unary((request) => {
      const answer = provider.readDataSource(request.type_name, decodeDynamic(request.config));
      return { state: { msgpack: encodeValue(answer.value) }, diagnostics: diagnostics(answer.diagnostics) };
    }),
    Stop: unary(() => ({ Error: '' })),
  };
}
