import type { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { EcsCommand } from './gen/providers/alicloud/ecs-command';
import { EcsInvocation } from './gen/providers/alicloud/ecs-invocation';
import { HavipAttachment } from './gen/providers/alicloud/havip-attachment';
import { Instance, type InstanceConfig } from './gen/providers/alicloud/instance';

/**
 * A resource's address, e.g. `alicloud_instance.web_member-192-168-0-25_instance_1234`: what Terraform's JSON
 * syntax takes in `depends_on` and `replace_triggered_by` (static references, not "${...}").
 */
export function address(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** Seconds the provider may wait beyond a command's own timeout: delivery to the agent and its 5 s polling. */
export const INVOCATION_MARGIN_SECONDS = 120;

/** A Cloud Assistant command the member runs, and how long it may run. */
export interface MemberCommand {
  readonly command: EcsCommand;
  /** The command's `timeout` in seconds. */
  readonly timeoutSeconds: number;
}

/** What the cluster hands each member under Cloud Assistant delivery. */
export interface MemberDelivery {
  /** This member's configure command content (base64, or a Terraform expression yielding it). */
  readonly configureContent: string;
  readonly configureTimeoutSeconds: number;
  /** The cluster's start command. */
  readonly start: MemberCommand;
  /** The cluster's settle command. */
  readonly settle: MemberCommand;
}

export interface HaVipMemberProps {
  /** 1-based position in the cluster's `nodes`. */
  readonly index: number;
  /** The member's `alicloud_instance`. */
  readonly instance: InstanceConfig;
  /** The HaVip the member is attached to. */
  readonly haVipId: string;
  /**
   * Cloud Assistant delivery of the config.
   * @default - none: the config is in the instance's user_data
   */
  readonly delivery?: MemberDelivery;
}

/**
 * One member of an HaVipCluster: its ECS instance, its HaVip attachment and, under Cloud Assistant
 * delivery, its configure command and the invocations that configure, start and settle it. The
 * cluster wires the order between members (`start`, `settle`, the instance's `depends_on`).
 */
export class HaVipMember extends Construct {
  /** 1-based position in the cluster's `nodes`. */
  public readonly index: number;
  /** The `alicloud_instance`. */
  public readonly instance: Instance;
  /** The HaVip's association with the instance. */
  public readonly attachment: HavipAttachment;
  /** The command that writes this member's config and reloads keepalived (Cloud Assistant delivery). */
  public readonly configureCommand?: EcsCommand;
  /** Runs `configureCommand` on the instance; re-run when the instance changes. */
  public readonly configure?: EcsInvocation;
  /** Runs the cluster's start command on the instance. */
  public readonly start?: EcsInvocation;
  /** Runs the cluster's settle command on the instance; re-run when the instance changes. */
  public readonly settle?: EcsInvocation;

  constructor(scope: Construct, id: string, props: HaVipMemberProps) {
    super(scope, id);
    this.index = props.index;
    this.instance = new Instance(this, 'instance', props.instance);
    this.attachment = new HavipAttachment(this, 'attachment', {
      haVipId: props.haVipId,
      instanceId: this.instance.id,
      instanceType: 'EcsInstance',
    });

    const delivery = props.delivery;
    if (!delivery) return;
    this.configureCommand = new EcsCommand(this, 'configure-command', {
      name: `havip-configure-${id}`,
      description: 'Writes the keepalived config of one HaVip cluster member, tests it and reloads keepalived',
      type: 'RunShellScript',
      commandContent: delivery.configureContent,
      timeout: delivery.configureTimeoutSeconds,
      workingDir: '/root',
    });
    // An instance update (stop/start, re-image) re-delivers the config and re-runs the settle step.
    this.configure = this.invoke('configure', this.configureCommand, delivery.configureTimeoutSeconds, true);
    this.start = this.invoke('start', delivery.start.command, delivery.start.timeoutSeconds, false);
    this.settle = this.invoke('settle', delivery.settle.command, delivery.settle.timeoutSeconds, true);
    this.settle.dependsOn = [address(this.configure)];
  }

  private invoke(id: string, command: EcsCommand, timeoutSeconds: number, rerunOnInstanceChange: boolean): EcsInvocation {
    return new EcsInvocation(this, id, {
      commandId: command.id,
      instanceId: [this.instance.id],
      timeouts: { create: `${timeoutSeconds + INVOCATION_MARGIN_SECONDS}s` },
      lifecycle: rerunOnInstanceChange ? { replaceTriggeredBy: [address(this.instance)] } : undefined,
    });
  }
}
