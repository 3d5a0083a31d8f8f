// The app-wide checks: an Aspect that sees every HaVipCluster and every raw alicloud_havip of the app,
// counts them against Alibaba's quotas (rules/app-rules.ts) and checks the provider's region. Errors
// throw one HaVipValidationError listing all of them; warnings and infos become annotations.
import {
  Annotations,
  Aspects,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  Token,
  Tokenization,
  type IAspect,
} from 'cdktf';
import type { IConstruct } from 'constructs';
import { checkAppWide, type AppAddress, type AppAttachment, type AppHaVip, type AppRegion, type AppVswitchVpc, type VswitchIdentity } from './rules/app-rules';
import { CLOUD_ASSISTANT_COMMANDS_PER_REGION, CLOUD_ASSISTANT_COMMANDS_SOURCE } from './rules/delivery-rules';
import { formatFinding, warning, type PathFinding } from './rules/finding';
import { DEFAULT_HAVIP_LIMITS, type HaVipLimits } from './rules/limits';
import { checkRoutesPerTable, type AppRouteEntry } from './rules/route-rules';
import { HaVipValidationError } from './validation-error';

/** Marks a construct as an HaVipCluster for the app-wide checks (duck typing, no import cycle). */
export const HAVIP_CLUSTER_MARKER: unique symbol = Symbol.for('cdktf-alicloud-havip.HaVipCluster') as never;

/** What the app-wide checks need to know about a cluster. */
export interface HaVipClusterFacts extends IConstruct {
  /** `true`: set by HaVipCluster. */
  readonly [HAVIP_CLUSTER_MARKER]: true;
  /** The cluster's VPC (a literal id or a token). */
  readonly vpcId: string;
  /** The cluster's vSwitch (a literal id or a token): tells the VPC of raw HaVips in the same vSwitch. */
  readonly vswitchId: string;
  /** The cluster's VRRP router id. */
  readonly virtualRouterId: number;
  /** The cluster's limits (props.limits merged over DEFAULT_HAVIP_LIMITS). */
  readonly limits: HaVipLimits;
}

export function isHaVipCluster(x: unknown): x is HaVipClusterFacts {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[HAVIP_CLUSTER_MARKER] === true;
}

const HAVIP_TYPE = 'alicloud_havip';
const ATTACHMENT_TYPE = 'alicloud_havip_attachment';
const VSWITCH_TYPE = 'alicloud_vswitch';
const ROUTE_ENTRY_TYPE = 'alicloud_route_entry';
/** Resources that can be HaVip members, and carry their vSwitch as `vswitch_id`. */
const MEMBER_TYPES = ['alicloud_instance', 'alicloud_ecs_network_interface'];
const PROVIDER_TYPE = 'alicloud';
/** Resources that hold a private address of their vSwitch, and the attribute that gives it. */
const ADDRESS_ATTRIBUTES: Readonly<Record<string, { readonly attribute: string; readonly holder: string }>> = {
  alicloud_instance: { attribute: 'private_ip', holder: 'an ECS instance' },
  alicloud_ecs_network_interface: { attribute: 'primary_ip_address', holder: 'an ENI' },
  alicloud_havip: { attribute: 'ip_address', holder: 'an HaVip' },
};
const COMMAND_TYPE = 'alicloud_ecs_command';

/** The stacks already checked by an aspect, so each gets one. */
const applied = new WeakSet<TerraformStack>();
/** Annotations already added, so repeated synths add each once. */
const annotated = new WeakMap<IConstruct, Set<string>>();

/**
 * The Aspect. `HaVipAppChecks.ensureApplied(scope)` adds it once to the stack of `scope`; at synth it
 * checks the whole app. cdktf invokes aspects per stack in `app.synth()`, `Testing.synth`,
 * `Testing.synthHcl` and `Testing.fullSynth`, so every way of synthesizing runs it.
 */
export class HaVipAppChecks implements IAspect {
  static ensureApplied(scope: IConstruct): void {
    const stack = TerraformStack.of(scope);
    if (applied.has(stack)) return;
    applied.add(stack);
    Aspects.of(stack).add(new HaVipAppChecks(stack));
  }

  private constructor(private readonly stack: TerraformStack) {}

  visit(node: IConstruct): void {
    if (node !== this.stack) return;
    const { findings, byPath } = collectAppFindings(this.stack.node.root);
    for (const f of findings) {
      if (f.level === 'error') continue;
      const target = byPath.get(f.path) ?? this.stack;
      const message = formatFinding(f.path, f);
      const seen = annotated.get(target) ?? new Set<string>();
      annotated.set(target, seen);
      if (seen.has(message)) continue;
      seen.add(message);
      if (f.level === 'warning') Annotations.of(target).addWarning(message);
      else Annotations.of(target).addInfo(message);
    }
    const errors = findings.filter((f) => f.level === 'error');
    if (errors.length > 0) throw new HaVipValidationError(this.stack.node.path, errors);
  }
}

/** Runs the app-wide rules over the construct tree under `root`; exported for tests. */
export function collectAppFindings(root: IConstruct): { findings: PathFinding[]; byPath: Map<string, IConstruct> } {
  const all = root.node.findAll();
  const byPath = new Map(all.map((c) => [c.node.path, c] as const));
  const clusters = all.filter(isHaVipCluster);
  const resources = all.filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c));
  const providers = all.filter((c): c is TerraformProvider => TerraformProvider.isTerraformProvider(c));

  // Where every vSwitch lies: clusters' vSwitches, and alicloud_vswitch resources of the app.
  const vpcOfVswitch = new Map<string, { key: string; label: string }>();
  const vswitchVpcs: AppVswitchVpc[] = [];
  for (const cluster of clusters) {
    const vswitch = keyOf(cluster.vswitchId, cluster);
    const vpc = keyOf(cluster.vpcId, cluster);
    if (vswitch && vpc) {
      if (!vpcOfVswitch.has(vswitch.key)) vpcOfVswitch.set(vswitch.key, vpc);
      vswitchVpcs.push({ path: cluster.node.path, prop: 'vpcId', vswitch: identity(vswitch), vpc: identity(vpc) });
    }
  }
  for (const vswitch of resources.filter((r) => r.terraformResourceType === VSWITCH_TYPE)) {
    const vpc = keyOf(attributesOf(vswitch).vpc_id, vswitch);
    if (vpc) {
      vpcOfVswitch.set(idKey(vswitch), vpc);
      const self = { key: idKey(vswitch), label: `\${${VSWITCH_TYPE}.${vswitch.friendlyUniqueId}.id}` };
      vswitchVpcs.unshift({ path: vswitch.node.path, prop: 'vpc_id', vswitch: identity(self), vpc: identity(vpc) });
    }
  }

  // Every literal address of a member or an HaVip, with its vSwitch.
  const addresses: AppAddress[] = [];
  for (const r of resources) {
    const spec = ADDRESS_ATTRIBUTES[r.terraformResourceType];
    if (!spec) continue;
    const attrs = attributesOf(r);
    const address = attrs[spec.attribute];
    const vswitch = keyOf(attrs.vswitch_id, r);
    if (typeof address !== 'string' || Token.isUnresolved(address) || !vswitch) continue;
    const owner = clusters.find((cluster) => r.node.scopes.includes(cluster));
    const holder = `${spec.holder}${owner ? ` of cluster ${owner.node.path}` : ''}`;
    addresses.push({ path: r.node.path, prop: spec.attribute, address, vswitch: identity(vswitch), holder });
  }

  const ownerOf = (c: IConstruct) => clusters.find((cluster) => c.node.scopes.includes(cluster));
  const haVips: AppHaVip[] = [];
  const usedProviders = new Set<TerraformProvider>();
  for (const cluster of clusters) {
    const vpc = keyOf(cluster.vpcId, cluster);
    haVips.push({
      path: cluster.node.path,
      cluster: true,
      vpcKey: vpc?.key,
      vpcLabel: vpc?.label ?? String(cluster.vpcId),
      virtualRouterId: Number.isInteger(cluster.virtualRouterId) ? cluster.virtualRouterId : undefined,
    });
  }
  for (const havip of resources.filter((r) => r.terraformResourceType === HAVIP_TYPE)) {
    const provider = providerOf(havip, providers);
    if (provider) usedProviders.add(provider);
    if (ownerOf(havip)) continue; // counted with its cluster
    const vswitch = keyOf(attributesOf(havip).vswitch_id, havip);
    const vpc = vswitch ? vpcOfVswitch.get(vswitch.key) : undefined;
    haVips.push({ path: havip.node.path, cluster: false, vpcKey: vpc?.key, vpcLabel: vpc?.label, count: typeof havip.count === 'number' && !Token.isUnresolved(havip.count) ? havip.count : 1 });
  }

  // The vSwitch of every HaVip and member created in the app, by the key of its id.
  const vswitchOf = new Map<string, VswitchIdentity>();
  for (const r of resources.filter((r) => MEMBER_TYPES.includes(r.terraformResourceType) || r.terraformResourceType === HAVIP_TYPE)) {
    const vswitch = keyOf(attributesOf(r).vswitch_id, r);
    if (!vswitch) continue;
    vswitchOf.set(idKey(r), identity(vswitch));
  }

  const attachments: AppAttachment[] = resources
    .filter((r) => r.terraformResourceType === ATTACHMENT_TYPE)
    .map((a) => {
      const attrs = attributesOf(a);
      const instance = keyOf(attrs.instance_id, a);
      const haVip = keyOf(attrs.ha_vip_id ?? attrs.havip_id, a);
      return {
        path: a.node.path,
        haVipKey: haVip?.key,
        instanceKey: instance?.key,
        instanceLabel: instance?.label,
        type: attrs.instance_type === 'NetworkInterface' ? 'NetworkInterface' : 'EcsInstance',
        memberVswitch: instance && vswitchOf.get(instance.key),
        haVipVswitch: haVip && vswitchOf.get(haVip.key),
      };
    });

  const regions: AppRegion[] = [...usedProviders].map((p) => {
    const region = attributesOf(p).region;
    const token = Token.isUnresolved(region);
    return { path: p.node.path, token, region: !token && typeof region === 'string' ? region : undefined };
  });

  // Route entries whose next hop is an HaVip (the clusters' and raw ones), by route table.
  const routes: AppRouteEntry[] = [];
  for (const r of resources.filter((r) => r.terraformResourceType === ROUTE_ENTRY_TYPE)) {
    const attrs = attributesOf(r);
    if (attrs.nexthop_type !== 'HaVip') continue;
    const table = keyOf(attrs.route_table_id, r);
    if (table) routes.push({ path: r.node.path, tableKey: table.key, tableLabel: table.label });
  }

  const limits = mergeLimits(clusters.map((c) => c.limits));
  const findings = [...checkAppWide({ haVips, attachments, regions, vswitchVpcs, addresses }, limits), ...checkRoutesPerTable(routes, limits)];
  const commands = resources.filter((r) => r.terraformResourceType === COMMAND_TYPE).length;
  if (clusters.length > 0 && commands > CLOUD_ASSISTANT_COMMANDS_PER_REGION) {
    findings.push({
      ...warning('alicloud_ecs_command', commands, `the app creates ${commands} Cloud Assistant commands, more than the ${CLOUD_ASSISTANT_COMMANDS_PER_REGION} an account keeps per region by default`, CLOUD_ASSISTANT_COMMANDS_SOURCE),
      path: root.node.path,
    });
  }
  return { findings, byPath };
}

/**
 * A key with what it can tell: two literals, or two resources of the app (alicloud_vswitch,
 * alicloud_vpc), differ exactly when their keys differ; other references (variables, data sources)
 * may stand for the same id.
 */
function identity(k: { key: string; label: string }): VswitchIdentity {
  const kind = k.key.startsWith('literal:') ? 'literal' : /^\$\{alicloud_(vswitch|vpc)\.[^.]+\.id\}$/.test(k.label) ? 'resource' : 'other';
  return { ...k, kind };
}

/**
 * Quotas are the account's: the largest limit any cluster states (its override, or the guide's default)
 * applies app-wide; with no cluster, the guide's defaults.
 */
function mergeLimits(all: readonly (HaVipLimits | undefined)[]): HaVipLimits {
  const stated = all.filter((l): l is HaVipLimits => typeof l === 'object' && l !== null);
  if (stated.length === 0) return DEFAULT_HAVIP_LIMITS;
  const merged: Record<string, number> = {};
  for (const key of Object.keys(DEFAULT_HAVIP_LIMITS) as (keyof HaVipLimits)[]) {
    const values = stated.map((l) => l[key]).filter((v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0);
    merged[key] = values.length > 0 ? Math.max(...values) : DEFAULT_HAVIP_LIMITS[key];
  }
  return merged as unknown as HaVipLimits;
}

/** The resource's provider: its own, or the stack's default (unaliased) alicloud provider. */
function providerOf(resource: TerraformResource, providers: readonly TerraformProvider[]): TerraformProvider | undefined {
  if (resource.provider) return resource.provider;
  const stack = TerraformStack.of(resource);
  return providers.find((p) => p.terraformResourceType === PROVIDER_TYPE && p.alias === undefined && TerraformStack.of(p) === stack);
}

/** The attributes a resource or provider synthesizes (overrides included), tokens unresolved. */
function attributesOf(element: TerraformResource | TerraformProvider): Record<string, unknown> {
  try {
    const json = element.toTerraform() as Record<string, Record<string, unknown>>;
    if (TerraformProvider.isTerraformProvider(element)) {
      const list = json.provider?.[element.terraformResourceType];
      return (Array.isArray(list) ? list[0] : {}) ?? {};
    }
    const byId = json.resource?.[element.terraformResourceType] as Record<string, Record<string, unknown>> | undefined;
    return byId?.[(element as TerraformResource).friendlyUniqueId] ?? {};
  } catch {
    return {};
  }
}

/** The key keyOf gives a reference to the resource's `id`. */
function idKey(resource: TerraformResource): string {
  return `ref:${TerraformStack.of(resource).node.path}|${resource.terraformResourceType}.${resource.friendlyUniqueId}.id`;
}

/**
 * A key that identifies the value: the literal itself, or the reference a token stands for
 * (`${alicloud_vpc.main.id}`, `${var.vpc_id}`), so two clusters given `vpc.id` share a VPC. Undefined
 * when it cannot be told (a token built from several parts).
 */
function keyOf(value: unknown, scope: IConstruct): { key: string; label: string } | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (!Token.isUnresolved(value)) return { key: `literal:${value}`, label: value };
  const fragments = Tokenization.reverseString(value);
  const token = fragments.length === 1 ? fragments.firstToken : undefined;
  const identifier = (token as { identifier?: unknown } | undefined)?.identifier;
  if (typeof identifier !== 'string') return undefined;
  const origin = (token as { originStack?: IConstruct }).originStack ?? TerraformStack.of(scope);
  return { key: `ref:${origin.node.path}|${identifier}`, label: `\${${identifier}}` };
}
