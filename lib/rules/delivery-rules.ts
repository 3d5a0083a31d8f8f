// How the configs reach the members (Cloud Assistant or user_data) and where the members are placed
// (a deployment set): the limits Alibaba documents for both.
import { error, type Finding } from './finding';
import { checkResourceId } from './strings';
import { field, type FindingCollector } from './values';

export const DELIVERIES = ['cloud-assistant', 'user-data'] as const;
const DELIVERY_SOURCE = 'HaVipClusterProps.delivery';
const DEPLOYMENT_SET_KEYS = ['id', 'enabled'] as const;

/**
 * Base64 bytes of one Cloud Assistant command's content (`CommandContent`): "must be Base64-encoded
 * and can be up to 18 KB in size".
 */
export const CLOUD_ASSISTANT_COMMAND_CONTENT_MAX_BYTES = 18 * 1024;
export const CLOUD_ASSISTANT_COMMAND_CONTENT_SOURCE =
  'ECS CreateCommand / ROS ALIYUN::ECS::Command CommandContent: Base64-encoded, up to 18 KB';

/**
 * Cloud Assistant commands an account keeps per region by default ("You can retain up to 500 to
 * 10,000 Cloud Assistant commands in each region", depending on the account's usage; adjustable).
 */
export const CLOUD_ASSISTANT_COMMANDS_PER_REGION = 500;
export const CLOUD_ASSISTANT_COMMANDS_SOURCE = 'ECS CreateCommand API, usage notes: 500 to 10,000 commands per region';

/**
 * Instances of one deployment set with strategy Availability in one zone. Every member sits in the
 * HaVip's vSwitch, so in one zone.
 */
export const DEPLOYMENT_SET_INSTANCES_PER_ZONE = 20;
export const DEPLOYMENT_SET_SOURCE =
  'Alibaba Cloud ECS "Deployment sets" overview (doc-detail/91258): Availability, at most 20 instances per zone; no preemptible (spot) instances';

/** `delivery` and `deploymentSet`, with the deployment set's documented limits. */
export function checkDelivery(c: FindingCollector, props: Record<string, unknown>, nodeCount: number): void {
  const delivery = field(props, 'delivery');
  const literal = !c.tokenHandled('delivery', delivery, '', DELIVERY_SOURCE, 'it decides at synth time what the cluster creates');
  if (literal && delivery !== undefined && (typeof delivery !== 'string' || !(DELIVERIES as readonly string[]).includes(delivery))) {
    c.error('delivery', delivery, `must be one of ${DELIVERIES.join(', ')}`, DELIVERY_SOURCE);
  }

  const instance = field(props, 'instance');
  const spotStrategy = instance && typeof instance === 'object' ? field(instance as Record<string, unknown>, 'spotStrategy') : undefined;
  const spot = typeof spotStrategy === 'string' && spotStrategy !== 'NoSpot';
  const value = field(props, 'deploymentSet');
  let placed = true;
  let explicit = false;
  if (value !== undefined) {
    const o = c.object('deploymentSet', value, 'DeploymentSetOptions', DEPLOYMENT_SET_KEYS);
    if (!o) return;
    const enabled = field(o, 'enabled');
    const id = field(o, 'id');
    if (enabled !== undefined && !c.tokenHandled('deploymentSet.enabled', enabled, '', 'DeploymentSetOptions.enabled', 'it decides at synth time whether a deployment set is created') && typeof enabled !== 'boolean') {
      c.error('deploymentSet.enabled', enabled, 'must be a boolean', 'DeploymentSetOptions.enabled');
    }
    if (enabled === false && id !== undefined) {
      c.error('deploymentSet.id', id, 'must not be given with enabled: false', 'DeploymentSetOptions');
    }
    if (id !== undefined) checkResourceId(c, 'deploymentSet.id', id, 'alicloud_instance.deployment_set_id');
    placed = enabled !== false;
    explicit = enabled === true || id !== undefined;
  }
  if (placed && spot) {
    // Without an explicit choice spot members get no deployment set (the construct notes it).
    if (explicit) {
      c.error('instance.spotStrategy', spotStrategy, 'spot instances cannot join a deployment set: use NoSpot or deploymentSet: { enabled: false }', DEPLOYMENT_SET_SOURCE);
    }
  } else if (placed && nodeCount > DEPLOYMENT_SET_INSTANCES_PER_ZONE) {
    c.error('nodes', nodeCount, `must list at most ${DEPLOYMENT_SET_INSTANCES_PER_ZONE} members in one deployment set (one zone), got ${nodeCount}`, DEPLOYMENT_SET_SOURCE);
  }
}

/** The note for spot members left without a deployment set by default. */
export const SPOT_WITHOUT_DEPLOYMENT_SET = 'spot instances get no deployment set: members may share a physical host (give NoSpot for one)';

/** Whether the members join a deployment set: not when disabled, not for spot instances unless asked (an error then). */
export function usesDeploymentSet(props: { readonly deploymentSet?: { readonly enabled?: boolean; readonly id?: string }; readonly instance: { readonly spotStrategy?: string } }): boolean {
  if (props.deploymentSet?.enabled === false) return false;
  const spot = props.instance.spotStrategy !== undefined && props.instance.spotStrategy !== 'NoSpot';
  return !spot || props.deploymentSet?.enabled === true || props.deploymentSet?.id !== undefined;
}

/**
 * Every member's configure command fits Cloud Assistant's content limit once base64-encoded. The
 * scripts carry the HaVip placeholder where an allocated address goes, which is longer than any IPv4
 * address, so the check holds for the address Terraform puts in.
 */
export function checkCommandContentSizes(scripts: readonly string[]): Finding[] {
  return scripts.flatMap((script, i) => {
    const size = Buffer.byteLength(Buffer.from(script, 'utf8').toString('base64'));
    return size > CLOUD_ASSISTANT_COMMAND_CONTENT_MAX_BYTES
      ? [error(`nodes[${i}]`, size, `the member's configure command is ${size} bytes of base64, more than ${CLOUD_ASSISTANT_COMMAND_CONTENT_MAX_BYTES}`, CLOUD_ASSISTANT_COMMAND_CONTENT_SOURCE)]
      : [];
  });
}
