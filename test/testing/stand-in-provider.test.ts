import { isWhollyKnown, Unknown } from '../../lib/testing/cty';
import { protoDiagnostic, protoSchema } from '../../lib/testing/provider-service';
import { loadProviderFacts, loadProviderSchema } from '../../lib/testing/schema';
import { isPlaceholder, PLACEHOLDER_PREFIX, StandInProvider } from '../../lib/testing/stand-in-provider';

const schema = loadProviderSchema();
const provider = new StandInProvider(schema, loadProviderFacts(), {});

/** A proposed new state as Terraform sends it: every attribute present, null when not configured. */
function proposed(typeName: string, config: Record<string, unknown>) {
  const block = schema.resource_schemas[typeName]!.block;
  const state: Record<string, unknown> = {};
  for (const name of Object.keys(block.attributes ?? {})) state[name] = null;
  for (const [name, nested] of Object.entries(block.block_types ?? {})) state[name] = nested.nesting_mode === 'single' ? null : [];
  return { ...state, ...config } as never;
}

describe('PlanResourceChange', () => {
  test('null computed attributes become unknown; configured and optional-only ones stay', () => {
    const { value, diagnostics } = provider.planResourceChange(
      'alicloud_havip',
      proposed('alicloud_havip', { vswitch_id: 'vsw-1', ip_address: '192.168.0.24' }),
    );
    expect(diagnostics).toEqual([]);
    expect(value).toMatchObject({
      vswitch_id: 'vsw-1',
      ip_address: '192.168.0.24',
      description: null, // optional, not computed
      id: Unknown.value,
      ha_vip_name: Unknown.value, // optional + computed, not configured
      status: Unknown.value,
    });
  });

  test('the provider defaults fill attributes the config leaves null, as the real plan shows them', () => {
    const { value } = provider.planResourceChange(
      'alicloud_security_group_rule',
      proposed('alicloud_security_group_rule', { type: 'ingress', ip_protocol: 'tcp', security_group_id: 'sg-1', priority: 5 }),
    );
    expect(value).toMatchObject({ policy: 'accept', port_range: '-1/-1', priority: 5, nic_type: Unknown.value });
  });

  test('defaults and unknowns reach into nested blocks', () => {
    const { value } = provider.planResourceChange(
      'alicloud_instance',
      proposed('alicloud_instance', { image_id: 'i', instance_type: 'ecs.t1', data_disks: [proposed0('data_disks', { size: 40 })] }),
    );
    const disk = (value as { data_disks: Record<string, unknown>[] }).data_disks[0]!;
    expect(disk).toMatchObject({ size: 40, category: 'cloud_efficiency', delete_with_instance: true, encrypted: false });
  });

  test('a destroy (null proposed state) plans null', () => {
    expect(provider.planResourceChange('alicloud_havip', null).value).toBeNull();
  });

  test('an unknown resource type is an error diagnostic', () => {
    expect(provider.planResourceChange('alicloud_nothing', {}).diagnostics[0]!.summary).toBe(
      'The stand-in alicloud provider has no resource alicloud_nothing',
    );
  });
});

describe('PlanResourceChange against a prior state', () => {
  const applied = (typeName: string, config: Record<string, unknown>) =>
    provider.applyResourceChange(typeName, provider.planResourceChange(typeName, proposed(typeName, config)).value).value as Record<string, any>;

  test('a changed ForceNew attribute requires replacement; an unchanged one or a plain update does not', () => {
    const prior = applied('alicloud_havip', { vswitch_id: 'vsw-1', ip_address: '192.168.0.24' });
    const plan = (change: Record<string, unknown>) => provider.planResourceChange('alicloud_havip', { ...prior, ...change }, prior);
    expect(plan({ ip_address: '192.168.0.30' }).requiresReplace).toEqual(['ip_address']);
    expect(plan({ ip_address: Unknown.value }).requiresReplace).toEqual(['ip_address']); // may change: the SDK replaces
    expect(plan({ description: 'changed' }).requiresReplace).toEqual([]);
    expect(plan({}).requiresReplace).toEqual([]);
    expect(plan({}).value).toEqual(prior); // no unknowns on update: computed values stay as applied
  });

  test('a ForceNew attribute of a nested block names its block', () => {
    const prior = applied('alicloud_instance', { image_id: 'i', instance_type: 'ecs.t1', data_disks: [proposed0('data_disks', { size: 40 })] });
    const disks = prior.data_disks as Record<string, unknown>[];
    const change = { ...prior, data_disks: [{ ...disks[0], size: 80 }] };
    expect(provider.planResourceChange('alicloud_instance', change, prior).requiresReplace).toEqual(['data_disks']);
    const tagged = { ...prior, tags: { Team: 'web' } };
    expect(provider.planResourceChange('alicloud_instance', tagged, prior).requiresReplace).toEqual([]);
  });
});

describe('ApplyResourceChange', () => {
  test('unknowns become fake values: id <type>-<hash>, defaults, first allowed values, typed zeros; the same plan gives the same values', () => {
    const planned = provider.planResourceChange('alicloud_instance', proposed('alicloud_instance', { image_id: 'i', instance_type: 'ecs.t1' })).value;
    const state = provider.applyResourceChange('alicloud_instance', planned).value as Record<string, any>;
    expect(isWhollyKnown(state)).toBe(true);
    expect(state.id).toMatch(/^alicloud_instance-[0-9a-f]{12}$/);
    expect(state.status).toBe('Running'); // first of [Running Stopped]
    expect(state.private_ip).toBe(`${state.id}-private_ip`);
    expect(state.security_groups).toEqual([]);
    expect(state.image_id).toBe('i');
    expect(provider.applyResourceChange('alicloud_instance', planned).value).toEqual(state);
    const other = provider.planResourceChange('alicloud_instance', proposed('alicloud_instance', { image_id: 'j', instance_type: 'ecs.t1' })).value;
    expect((provider.applyResourceChange('alicloud_instance', other).value as Record<string, any>).id).not.toBe(state.id);
  });

  test('a destroy (null planned state) applies to null', () => {
    expect(provider.applyResourceChange('alicloud_havip', null).value).toBeNull();
  });

  test('applied fake values are not held against the rules, as placeholders are not', () => {
    expect(isPlaceholder('alicloud_havip-0123456789ab-ip_address')).toBe(true);
    expect(isPlaceholder('192.168.0.24')).toBe(false);
  });
});

describe('state upgrade and import', () => {
  test('a stored state is fitted to the schema: unknown attributes dropped, missing ones null', () => {
    const { value } = provider.upgradeResourceState('alicloud_havip', JSON.stringify({ id: 'h-1', vswitch_id: 'v', gone: 1 }));
    const state = value as Record<string, unknown>;
    expect(state).toMatchObject({ id: 'h-1', vswitch_id: 'v', ip_address: null });
    expect(state).not.toHaveProperty('gone');
    expect(Object.keys(state).sort()).toEqual(
      [...Object.keys(schema.resource_schemas.alicloud_havip!.block.attributes!), 'timeouts'].sort(),
    );
  });

  test('an import holds the id and nothing else', () => {
    const state = provider.importResourceState('alicloud_havip', 'havip-1').value as Record<string, unknown>;
    expect(state.id).toBe('havip-1');
    expect(Object.entries(state).filter(([, v]) => v !== null)).toEqual([['id', 'havip-1']]);
  });
});

function proposed0(blockName: string, config: Record<string, unknown>) {
  const block = schema.resource_schemas.alicloud_instance!.block.block_types![blockName]!.block;
  return { ...Object.fromEntries(Object.keys(block.attributes ?? {}).map((n) => [n, null])), ...config };
}

describe('ReadDataSource', () => {
  test('computed attributes get typed placeholders; the configuration stays', () => {
    const block = schema.data_source_schemas.alicloud_zones!.block;
    const config = Object.fromEntries(Object.keys(block.attributes ?? {}).map((n) => [n, null]));
    const { value } = provider.readDataSource('alicloud_zones', { ...config, available_instance_type: 'ecs.t1' } as never);
    const state = value as Record<string, any>;
    expect(state.available_instance_type).toBe('ecs.t1');
    expect(state.id).toBe(`${PLACEHOLDER_PREFIX}alicloud_zones.id`);
    expect(state.ids).toEqual([`${PLACEHOLDER_PREFIX}alicloud_zones.ids.0`]);
    expect(state.zones).toHaveLength(1);
    expect(state.zones[0].id).toBe(`${PLACEHOLDER_PREFIX}alicloud_zones.zones.0.id`);
    expect(state.zones[0].available_instance_types).toEqual([`${PLACEHOLDER_PREFIX}alicloud_zones.zones.0.available_instance_types.0`]);
    expect(isWhollyKnown(value)).toBe(true); // Terraform requires a data source's result to be known
  });
});

describe('protocol messages', () => {
  test('a schema attribute carries its cty type as JSON bytes and its flags', () => {
    const message = protoSchema(schema.resource_schemas.alicloud_havip!) as any;
    const ip = message.block.attributes.find((a: any) => a.name === 'ip_address');
    expect(JSON.parse(ip.type.toString())).toBe('string');
    expect(ip).toMatchObject({ optional: true, computed: true, required: false, description_kind: 'PLAIN' });
    const timeouts = message.block.block_types.find((b: any) => b.type_name === 'timeouts');
    expect(timeouts.nesting).toBe('SINGLE');
  });

  test('a diagnostic path becomes attribute-name and list-index steps', () => {
    expect(protoDiagnostic({ severity: 'warning', summary: 's', path: ['data_disks', 1, 'category'] })).toEqual({
      severity: 'WARNING',
      summary: 's',
      detail: '',
      attribute: { steps: [{ attribute_name: 'data_disks' }, { element_key_int: 1 }, { attribute_name: 'category' }] },
    });
  });
});
