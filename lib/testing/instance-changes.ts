// What a plan does to each ECS instance: nothing, an update in place, an update for which the
// alicloud provider stops and starts the instance (a reboot), or a replacement. Terraform's plan
// shows `~ user_data` as an ordinary update; which updates stop the instance is the provider's own
// code, recorded here as data with its source.

/** Where the list below comes from. */
export const INSTANCE_STOP_SOURCE = {
  repository: 'aliyun/terraform-provider-alicloud',
  tag: 'v1.289.0',
  commit: '28ee93bc63fa0e5f919a21fc1711bde8c45d7b44',
  file: 'alicloud/resource_alicloud_instance.go',
  /** resourceAliCloudInstanceUpdate: StopInstance, the modifications, then StartInstance (status Running). */
  stopsAt: 'line 1940: if imageUpdate || vpcUpdate || passwordUpdate || typeUpdate || cpuOptionsUpdate || statusUpdate',
} as const;

/**
 * The alicloud_instance attributes whose change makes the provider stop the instance and start it
 * again, with the function of resource_alicloud_instance.go (v1.289.0) that decides it.
 */
export const INSTANCE_STOPPING_ATTRIBUTES: Readonly<Record<string, string>> = {
  user_data: 'modifyInstanceAttribute, line 2909-2920: reboot = true',
  host_name: 'modifyInstanceAttribute, line 2923-2927: reboot = true',
  password: 'modifyInstanceAttribute, line 2930-2935: reboot = true (when the new password is not empty)',
  kms_encrypted_password: 'modifyInstanceAttribute, line 2930-2947: reboot = true',
  image_id:
    'modifyInstanceImage, line 2803: ReplaceSystemDisk on the stopped instance ' +
    '(a replacement instead when the provider sets features.ecs_instance.replace_on_image_update)',
  instance_type: 'modifyInstanceType, line 3092: ModifyInstanceSpec / ModifyPrepayInstanceSpec on the stopped instance',
  vswitch_id: 'modifyVpcAttribute, line 3010: ModifyInstanceVpcAttribute on the stopped instance (not ForceNew)',
  private_ip: 'modifyVpcAttribute, line 3025: ModifyInstanceVpcAttribute on the stopped instance',
  vpc_id: 'modifyVpcAttribute, line 3030: ModifyInstanceVpcAttribute on the stopped instance',
  cpu_options: 'modifyInstanceAttributeNeedStopped, line 3204',
  enable_high_density_mode: 'modifyInstanceAttributeNeedStopped, line 3222',
  status: 'resourceAliCloudInstanceUpdate, line 1936: statusUpdate (Stopped stops it and leaves it stopped)',
};

/**
 * - `none`: no change (or only a read);
 * - `in-place`: updated while it runs;
 * - `reboot`: updated, and the provider stops and starts it (INSTANCE_STOPPING_ATTRIBUTES);
 * - `replace`: destroyed and created again (a ForceNew attribute changed, or replace_triggered_by);
 * - `create` / `delete`: a member added / removed.
 */
export type InstanceChangeKind = 'none' | 'in-place' | 'reboot' | 'replace' | 'create' | 'delete';

export interface InstanceChange {
  readonly address: string;
  readonly kind: InstanceChangeKind;
  /** Attributes whose planned value differs from the state, or is known only after apply (updates only). */
  readonly changed: readonly string[];
  /** For a reboot, the changed attributes that stop the instance; for a replacement, what Terraform says forces it. */
  readonly because: readonly string[];
}

/** A plan as `terraform show -json` writes it, or a planOffline / applyOffline result holding one. */
export type PlanInput = { readonly plan?: Record<string, any> } | Record<string, any>;

function planOf(input: PlanInput): Record<string, any> {
  const inner = (input as { plan?: unknown }).plan;
  if (inner && typeof inner === 'object' && 'resource_changes' in inner) return inner as Record<string, any>;
  if ('resourceChanges' in input && !('resource_changes' in input)) {
    throw new Error('The result holds no plan (did Terraform fail before planning?)');
  }
  return input;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => deepEqual((a as any)[key] ?? null, (b as any)[key] ?? null));
}

const containsTrue = (value: unknown): boolean =>
  value === true || (typeof value === 'object' && value !== null && Object.values(value).some(containsTrue));

/** Sorts the plan's alicloud_instance changes into none / in-place / reboot / replace (and create / delete). */
export function sortInstanceChanges(input: PlanInput): InstanceChange[] {
  const plan = planOf(input);
  return (plan.resource_changes ?? [])
    .filter((c: any) => c.type === 'alicloud_instance' && c.mode === 'managed')
    .map((c: any): InstanceChange => {
      const actions: string[] = c.change.actions;
      const address: string = c.address;
      if (actions.includes('delete') && actions.includes('create')) {
        const because = [...new Set<string>((c.change.replace_paths ?? []).map((p: unknown[]) => String(p[0])))];
        if (because.length === 0 && c.action_reason) because.push(c.action_reason); // e.g. replace_by_triggers
        return { address, kind: 'replace', changed: [], because };
      }
      if (actions.includes('create')) return { address, kind: 'create', changed: [], because: [] };
      if (actions.includes('delete')) return { address, kind: 'delete', changed: [], because: [] };
      if (!actions.includes('update')) return { address, kind: 'none', changed: [], because: [] };
      const before = c.change.before ?? {};
      const after = c.change.after ?? {};
      const unknown = c.change.after_unknown ?? {};
      const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])]
        .filter((name) => containsTrue(unknown[name]) || !deepEqual(before[name], after[name]))
        .sort();
      const because = changed.filter((name) => name in INSTANCE_STOPPING_ATTRIBUTES);
      return { address, kind: because.length > 0 ? 'reboot' : 'in-place', changed, because };
    });
}
