// What `terraform apply` does when a stack synthesized at version 1 is deployed at version 2: which
// resources it creates, updates, replaces or deletes, and in which order (the graph of `${...}`
// references and depends_on; deletes in reverse). Pure: no Terraform, no root; the lab executes it.
//
// Terraform's rules reproduced here (hashicorp/terraform docs/destroying.md, lifecycle docs):
// - a changed attribute the provider marks ForceNew replaces the resource (delete, then create:
//   no create_before_destroy), any other change updates it in place;
// - an attribute that references a resource being created or replaced is unknown until that
//   resource is applied, so it counts as changed;
// - `lifecycle.replace_triggered_by`: replaced when a referenced resource is updated or replaced;
// - a create or update waits for the create or update of everything it depends on (references,
//   depends_on, replace_triggered_by), through unchanged resources too;
// - a delete waits for the delete of everything that depended on it at version 1 (the state);
//   a resource's create or update waits for the delete of anything that depended on it at version 1;
//   a replacement's create waits for its own delete;
// - independent steps run in parallel, at most 10 at once (`-parallelism` default).
import { readFileSync } from 'fs';
import { join } from 'path';

/** A synthesized cdk.tf.json (only the parts the replay reads). */
export interface StackDocument {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

export type Action = 'create' | 'update' | 'replace' | 'delete' | 'no-op';
export type Operation = 'create' | 'update' | 'delete';

/** What the plan does to one resource. */
export interface ResourceChange {
  /** `type.name`, e.g. `alicloud_instance.cluster_member-1_instance_1234ABCD`. */
  readonly address: string;
  readonly type: string;
  readonly action: Action;
  /** The version 1 body (undefined for a create). */
  readonly before?: Record<string, unknown>;
  /** The version 2 body (undefined for a delete). */
  readonly after?: Record<string, unknown>;
  /** Attribute paths (blocks as `block.attr`) whose value changes or becomes unknown. */
  readonly changed: readonly string[];
  /** Why a replace is a replace: the ForceNew paths or the replace_triggered_by references. */
  readonly reasons: readonly string[];
}

/** One operation of the apply, and the operations it waits for. */
export interface Step {
  /** `address#operation`. */
  readonly id: string;
  readonly address: string;
  readonly operation: Operation;
  readonly change: ResourceChange;
  /** Ids of the steps that must finish first. */
  readonly after: readonly string[];
}

export interface ApplyPlan {
  /** Every resource of either version, by address. */
  readonly changes: ReadonlyMap<string, ResourceChange>;
  readonly steps: readonly Step[];
}

/** Terraform's default `-parallelism`. */
export const TERRAFORM_PARALLELISM = 10;

/** Arguments that never make a diff by themselves (meta-arguments and Terraform-side timeouts). */
const META_ARGUMENTS = new Set(['depends_on', 'lifecycle', 'provider', 'count', 'for_each', 'provisioner', 'connection', 'timeouts']);

const VALIDATIONS_PATH = join(__dirname, '..', '..', '..', 'provider', 'alicloud-1.289.0.validations.json');

type Validations = Record<string, Record<string, { force_new?: boolean }>>;
let validations: Validations | undefined;

/** The ForceNew attribute paths of a resource type in the pinned provider (1.289.0). */
export function forceNewPaths(type: string): ReadonlySet<string> {
  validations ??= (JSON.parse(readFileSync(VALIDATIONS_PATH, 'utf8')) as { resources: Validations }).resources;
  const attributes = validations[type] ?? {};
  return new Set(Object.entries(attributes).filter(([path, v]) => !path.startsWith('_') && v.force_new).map(([path]) => path));
}

/** Every resource of a document, by address. */
export function resourcesByAddress(doc: StackDocument): Map<string, { type: string; body: Record<string, unknown> }> {
  const found = new Map<string, { type: string; body: Record<string, unknown> }>();
  for (const [type, byName] of Object.entries(doc.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) found.set(`${type}.${name}`, { type, body });
  }
  return found;
}

const INTERPOLATION = /\$\{([^}]*)\}/g;
const TRAVERSAL = /(?<![\w.-])([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\.([A-Za-z_][\w-]*))?/g;

/** A reference from one resource to another: the whole resource, or one of its attributes. */
export interface Reference {
  readonly address: string;
  readonly attribute?: string;
}

/** The resources referenced in `${...}` expressions anywhere in a value (only addresses in `known`). */
export function referencesIn(value: unknown, known: ReadonlySet<string>): Reference[] {
  const found: Reference[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const [, expression] of v.matchAll(INTERPOLATION)) {
        for (const [, type, name, attribute] of expression.matchAll(TRAVERSAL)) {
          const address = `${type}.${name}`;
          if (known.has(address)) found.push({ address, attribute });
        }
      }
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v !== null && typeof v === 'object') {
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return found;
}

/** depends_on entries: `type.name` (cdktf) or `${type.name}`. */
function dependsOn(body: Record<string, unknown>, known: ReadonlySet<string>): string[] {
  const list = (body.depends_on as unknown[] | undefined) ?? [];
  return list.map((entry) => String(entry).replace(/^\$\{(.*)\}$/, '$1')).filter((address) => known.has(address));
}

function replaceTriggeredBy(body: Record<string, unknown>, known: ReadonlySet<string>): Reference[] {
  const lifecycle = body.lifecycle as { replace_triggered_by?: unknown[] } | undefined;
  return (lifecycle?.replace_triggered_by ?? []).flatMap((entry) => {
    const text = String(entry);
    return referencesIn(text.startsWith('${') ? text : `\${${text}}`, known);
  });
}

/** Every address a resource depends on (references anywhere in its body, depends_on, replace_triggered_by). */
export function directDependencies(body: Record<string, unknown>, known: ReadonlySet<string>): Set<string> {
  const deps = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    if (key === 'depends_on' || key === 'lifecycle') continue;
    for (const reference of referencesIn(value, known)) deps.add(reference.address);
  }
  for (const address of dependsOn(body, known)) deps.add(address);
  for (const reference of replaceTriggeredBy(body, known)) deps.add(reference.address);
  return deps;
}

/** Attribute values keyed by path: blocks as `block#<i>.attr` (`schemaPath` drops the index). */
function flatten(body: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (key: string, value: unknown): void => {
    if (isBlockList(value)) {
      out.set(`${key}#count`, String(value.length));
      value.forEach((element, i) => {
        for (const [name, v] of Object.entries(element)) visit(`${key}#${i}.${name}`, v);
      });
    } else if (isObject(value) && !isMap(key)) {
      for (const [name, v] of Object.entries(value)) visit(`${key}.${name}`, v);
    } else {
      out.set(key, JSON.stringify(value));
    }
  };
  for (const [key, value] of Object.entries(body)) if (!META_ARGUMENTS.has(key)) visit(key, value);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isBlockList(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.length > 0 && value.every(isObject);
}

/** Map-typed arguments compare as a whole (tags, parameters). */
function isMap(key: string): boolean {
  return /(^|\.)(tags|volume_tags|parameters)$/.test(key);
}

/** The validations' path of a flattened key: `block#1.attr` → `block.attr`, `block#count` → `block`. */
export function schemaPath(key: string): string {
  return key.replace(/#count$/, '').replace(/#\d+/g, '');
}

/** Paths whose literal value differs between the two bodies. */
function literalChanges(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const a = flatten(before);
  const b = flatten(after);
  const paths = new Set<string>();
  for (const key of new Set([...a.keys(), ...b.keys()])) if (a.get(key) !== b.get(key)) paths.add(schemaPath(key));
  return [...paths].sort();
}

/** Paths of `after` whose value references one of the given (new, so unknown) resources. */
function unknownPaths(after: Record<string, unknown>, unknown: ReadonlySet<string>, known: ReadonlySet<string>): string[] {
  const paths = new Set<string>();
  const visit = (path: string, value: unknown): void => {
    if (typeof value === 'string') {
      if (referencesIn(value, known).some((r) => unknown.has(r.address))) paths.add(path);
    } else if (Array.isArray(value)) {
      value.forEach((v) => visit(path, v));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) visit(isMap(path) ? path : `${path}.${key}`, v);
    }
  };
  for (const [key, value] of Object.entries(after)) if (!META_ARGUMENTS.has(key)) visit(key, value);
  return [...paths];
}

/** Orders addresses so every dependency comes first; throws on a cycle, as Terraform does. */
export function topologicalOrder(deps: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (address: string, path: string[]): void => {
    const s = state.get(address);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`Cycle: ${[...path.slice(path.indexOf(address)), address].join(' → ')}`);
    state.set(address, 'visiting');
    for (const dep of [...(deps.get(address) ?? [])].sort()) visit(dep, [...path, address]);
    state.set(address, 'done');
    order.push(address);
  };
  for (const address of [...deps.keys()].sort()) visit(address, []);
  return order;
}

/** Transitive closure of a dependency map. */
function closure(deps: ReadonlyMap<string, ReadonlySet<string>>): Map<string, Set<string>> {
  const memo = new Map<string, Set<string>>();
  const all = (address: string): Set<string> => {
    const cached = memo.get(address);
    if (cached) return cached;
    const result = new Set<string>();
    memo.set(address, result);
    for (const dep of deps.get(address) ?? []) {
      result.add(dep);
      for (const d of all(dep)) result.add(d);
    }
    return result;
  };
  for (const address of deps.keys()) all(address);
  return memo;
}

function dependencyMap(resources: Map<string, { body: Record<string, unknown> }>): Map<string, Set<string>> {
  const known = new Set(resources.keys());
  return new Map([...resources].map(([address, { body }]) => [address, directDependencies(body, known)]));
}

/** What `terraform apply` does to go from `v1` (deployed, in the state) to `v2` (the new synth). */
export function planApply(v1: StackDocument, v2: StackDocument): ApplyPlan {
  const before = resourcesByAddress(v1);
  const after = resourcesByAddress(v2);
  const known2 = new Set(after.keys());
  const deps1 = dependencyMap(before);
  const deps2 = dependencyMap(after);
  const changes = new Map<string, ResourceChange>();

  // Plan in dependency order, so a resource sees the actions of what it references.
  const renewed = new Set<string>(); // created or replaced: its attributes are unknown
  for (const address of topologicalOrder(deps2)) {
    const { type, body } = after.get(address)!;
    const old = before.get(address);
    if (!old) {
      changes.set(address, { address, type, action: 'create', after: body, changed: [], reasons: [] });
      renewed.add(address);
      continue;
    }
    const changed = [...new Set([...literalChanges(old.body, body), ...unknownPaths(body, renewed, known2)])].sort();
    const forceNew = forceNewPaths(type);
    const reasons = changed.filter((path) => forceNew.has(path)).map((path) => `${path} (ForceNew)`);
    for (const trigger of replaceTriggeredBy(body, known2)) {
      const target = changes.get(trigger.address);
      const fires = trigger.attribute === undefined
        ? target !== undefined && (target.action === 'update' || target.action === 'replace')
        : target !== undefined && (target.action === 'replace' || target.changed.includes(trigger.attribute));
      if (fires) reasons.push(`replace_triggered_by ${trigger.address}${trigger.attribute ? `.${trigger.attribute}` : ''} (${target!.action})`);
    }
    const action: Action = reasons.length > 0 ? 'replace' : changed.length > 0 ? 'update' : 'no-op';
    if (action === 'replace') renewed.add(address);
    changes.set(address, { address, type, action, before: old.body, after: body, changed, reasons });
  }
  for (const [address, { type, body }] of before) {
    if (!after.has(address)) changes.set(address, { address, type, action: 'delete', before: body, changed: [], reasons: [] });
  }

  return { changes, steps: steps(changes, deps1, deps2) };
}

function steps(changes: ReadonlyMap<string, ResourceChange>, deps1: Map<string, Set<string>>, deps2: Map<string, Set<string>>): Step[] {
  const applyOp = (address: string): Operation | undefined => {
    const action = changes.get(address)?.action;
    return action === 'create' || action === 'replace' ? 'create' : action === 'update' ? 'update' : undefined;
  };
  const deletes = (address: string): boolean => {
    const action = changes.get(address)?.action;
    return action === 'delete' || action === 'replace';
  };
  const applyId = (address: string) => `${address}#${applyOp(address)}`;
  const deleteId = (address: string) => `${address}#delete`;

  // Create/update waits for the applies it depends on; an unchanged resource passes its own on.
  const memo = new Map<string, Set<string>>();
  const appliesBelow = (address: string, seen = new Set<string>()): Set<string> => {
    const cached = memo.get(address);
    if (cached) return cached;
    const result = new Set<string>();
    for (const dep of deps2.get(address) ?? []) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      if (applyOp(dep)) result.add(applyId(dep));
      else for (const id of appliesBelow(dep, seen)) result.add(id);
    }
    memo.set(address, result);
    return result;
  };
  // The state's dependencies are transitive.
  const stateDeps = closure(deps1);
  const dependentsInState = new Map<string, Set<string>>();
  for (const [address, ds] of stateDeps) {
    for (const dep of ds) {
      if (!dependentsInState.has(dep)) dependentsInState.set(dep, new Set());
      dependentsInState.get(dep)!.add(address);
    }
  }

  const result: Step[] = [];
  for (const change of [...changes.values()].sort((a, b) => a.address.localeCompare(b.address))) {
    const { address } = change;
    const destroyedDependents = [...(dependentsInState.get(address) ?? [])].filter(deletes).sort();
    if (deletes(address)) {
      result.push({ id: deleteId(address), address, operation: 'delete', change, after: destroyedDependents.map(deleteId) });
    }
    const op = applyOp(address);
    if (op) {
      const after = new Set<string>(appliesBelow(address));
      if (change.action === 'replace') after.add(deleteId(address));
      for (const dependent of destroyedDependents) after.add(deleteId(dependent));
      result.push({ id: applyId(address), address, operation: op, change, after: [...after].sort() });
    }
  }
  return result;
}

/** One sequential order that respects every wait (ties by address), e.g. for a readable log. */
export function sequentialOrder(plan: ApplyPlan): string[] {
  const deps = new Map(plan.steps.map((s) => [s.id, new Set(s.after)]));
  return topologicalOrder(deps);
}

/** true when step `a` must finish before step `b` starts (directly or through other steps). */
export function mustPrecede(plan: ApplyPlan, a: string, b: string): boolean {
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  if (!byId.has(a) || !byId.has(b)) throw new Error(`no step ${byId.has(a) ? b : a}`);
  const seen = new Set<string>();
  const stack = [b];
  while (stack.length) {
    const id = stack.pop()!;
    for (const before of byId.get(id)!.after) {
      if (before === a) return true;
      if (!seen.has(before)) {
        seen.add(before);
        stack.push(before);
      }
    }
  }
  return false;
}

/** A step as the executor ran it. Times in ms from the executor's clock. */
export interface StepRecord {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly error?: string;
}

export interface ExecuteResult {
  readonly records: readonly StepRecord[];
  /** Steps not run because something they wait for failed (Terraform stops there). */
  readonly skipped: readonly string[];
  readonly failed: readonly string[];
}

/**
 * Runs the plan's steps as Terraform's walk does: a step starts when every step it waits for has
 * succeeded, at most `parallelism` at once; after a failure nothing new starts, running steps finish.
 */
export async function executePlan(
  plan: ApplyPlan,
  run: (step: Step) => Promise<void>,
  options: { parallelism?: number; clock?: () => number } = {},
): Promise<ExecuteResult> {
  const parallelism = options.parallelism ?? TERRAFORM_PARALLELISM;
  const clock = options.clock ?? (() => performance.now());
  const pending = new Map(plan.steps.map((s) => [s.id, s]));
  const done = new Set<string>();
  const records: StepRecord[] = [];
  const failed: string[] = [];
  const running = new Set<Promise<void>>();
  sequentialOrder(plan); // throws on a cycle before anything runs

  const startReady = (): void => {
    if (failed.length > 0) return;
    for (const step of [...pending.values()]) {
      if (running.size >= parallelism) return;
      if (!step.after.every((id) => done.has(id))) continue;
      pending.delete(step.id);
      const start = clock();
      const task = run(step).then(
        () => {
          records.push({ id: step.id, start, end: clock() });
          done.add(step.id);
        },
        (error: unknown) => {
          records.push({ id: step.id, start, end: clock(), error: error instanceof Error ? error.message : String(error) });
          failed.push(step.id);
        },
      );
      const tracked: Promise<void> = task.finally(() => running.delete(tracked));
      running.add(tracked);
    }
  };

  startReady();
  while (running.size > 0) {
    await Promise.race(running);
    startReady();
  }
  return { records, skipped: [...pending.keys()], failed };
}

/** A one-line summary per resource that changes, for logs: `~ address (update: user_data)`. */
export function describePlan(plan: ApplyPlan): string[] {
  const symbol: Record<Action, string> = { create: '+', update: '~', replace: '-/+', delete: '-', 'no-op': ' ' };
  return [...plan.changes.values()]
    .filter((c) => c.action !== 'no-op')
    .sort((a, b) => a.address.localeCompare(b.address))
    .map((c) => `${symbol[c.action]} ${c.address} (${c.action}${c.reasons.length ? `: ${c.reasons.join(', ')}` : c.changed.length ? `: ${c.changed.join(', ')}` : ''})`);
}
