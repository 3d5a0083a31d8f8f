import { Fn, type TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { ENI_MAC_PLACEHOLDER } from './eni-script';
import { EcsCommand } from './gen/providers/alicloud/ecs-command';
import { EcsInvocation } from './gen/providers/alicloud/ecs-invocation';
import type { EcsNetworkInterface, EcsNetworkInterfaceConfig } from './gen/providers/alicloud/ecs-network-interface';
import type { EcsNetworkInterfaceAttachment } from './gen/providers/alicloud/ecs-network-interface-attachment';
import { HavipAttachment } from './gen/providers/alicloud/havip-attachment';
import { Instance, type InstanceConfig } from './gen/providers/alicloud/instance';

/**
 * A resource's address, e.g. `alicloud_instance.web_member-192-168-0-25_instance_1234`: what Terraform's JSON
 * syntax takes in `depends_on` and `replace_triggered_by` (static references, not "${...}").
 */
export function address(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** The ENI bindings, loaded on first use only: a cluster of ECS members never needs them (cold require). */
function eniBindings() {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    EcsNetworkInterface: (require('./gen/providers/alicloud/ecs-network-interface') as typeof import('./gen/providers/alicloud/ecs-network-interface')).EcsNetworkInterface,
    EcsNetworkInterfaceAttachment: (require('./gen/providers/alicloud/ecs-network-interface-attachment') as typeof import('./gen/providers/alicloud/ecs-network-interface-attachment'))
      .EcsNetworkInterfaceAttachment,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Seconds the provider may wait beyond a command's own timeout: delivery to the agent and its 5 s polling. */
export const INVOCATION_MARGIN_SECONDS = 120;

/** A Cloud Assistant command the member runs, and how long it may run. */
export interface MemberCommand {
  readonly command: EcsCommand;
  /** The command's `timeout` in seconds. */
  readonly timeoutSeconds: number;
}

/**
 * A script as Terraform takes it (user_data, command_content): base64 at synth time; with
 * placeholders it contains, `base64encode(replace(...(base64decode("<script>"), placeholder, value)...))` so
 * Terraform puts each value (an allocated HaVip address, an ENI's MAC) in at apply time. The
 * script itself never passes through Terraform's template syntax.
 */
export function scriptContent(script: string, substitutions: readonly (readonly [string, string])[]): string {
  const encoded = Buffer.from(script, 'utf8').toString('base64');
  const used = substitutions.filter(([placeholder]) => script.includes(placeholder));
  if (used.length === 0) return encoded;
  return Fn.base64encode(used.reduce<string>((text, [placeholder, value]) => Fn.replace(text, placeholder, value), Fn.base64decode(encoded)));
}

/** What the cluster hands each member under Cloud Assistant delivery. */
export interface MemberDelivery {
  /** This member's configure script (placeholders allowed, see HaVipMemberProps.substitutions). */
  readonly configureScript: string;
  readonly configureTimeoutSeconds: number;
  /** The cluster's start command. */
  readonly start: MemberCommand;
  /** The cluster's settle command. */
  readonly settle: MemberCommand;
}

/** A placeholder in a member's scripts and the value Terraform puts in its place at apply time. */
export interface ScriptSubstitution {
  /** The placeholder, e.g. HAVIP_ADDRESS_PLACEHOLDER. */
  readonly placeholder: string;
  /** What replaces it: usually a token (an allocated address, an ENI's MAC). */
  readonly value: string;
}

export interface HaVipMemberProps {
  /** 1-based position in the cluster's `nodes`. */
  readonly index: number;
  /**
   * The member's `alicloud_instance`, created here; its `userData` is replaced by `userDataScript`.
   * @default - none: `existingInstanceId` names the instance
   */
  readonly instance?: InstanceConfig;
  /**
   * The instance's user_data script (placeholders allowed), with `instance`.
   * @default - none (an existing instance)
   */
  readonly userDataScript?: string;
  /**
   * An existing instance (not created, not managed here) to attach and configure. Excludes `instance`.
   * @default - none: `instance` creates it
   */
  readonly existingInstanceId?: string;
  /**
   * What Terraform puts into the scripts in place of each placeholder (each HaVip address Alibaba
   * allocates). An ENI member adds its ENI's MAC.
   * @default - none
   */
  readonly substitutions?: ScriptSubstitution[];
  /**
   * Make the member an ENI (`eni`) in the HaVip's vSwitch, attached to the instance
   * (`eni-attachment`); the HaVip is then attached to the ENI. Needs `instance`.
   * @default - the instance is the member
   */
  readonly networkInterface?: EcsNetworkInterfaceConfig;
  /** The HaVips the member is attached to (one attachment each), in the cluster's HaVip order. */
  readonly haVipIds: string[];
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
  /** The `alicloud_instance`, unless the member is an existing instance. */
  public readonly instance?: Instance;
  /** The instance's id: the created instance's, or the existing one given. */
  public readonly instanceId: string;
  /** The first HaVip's association with the member: its instance, or its ENI. */
  public readonly attachment: HavipAttachment;
  /** Every HaVip's association with the member, in the cluster's HaVip order. */
  public readonly attachments: HavipAttachment[];
  /** The member's ENI in the HaVip's vSwitch (ENI members). */
  public readonly networkInterface?: EcsNetworkInterface;
  /** The ENI's attachment to the instance (ENI members). */
  public readonly networkInterfaceAttachment?: EcsNetworkInterfaceAttachment;
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
    if ((props.instance === undefined) === (props.existingInstanceId === undefined)) {
      throw new Error(`${this.node.path}: give exactly one of instance and existingInstanceId`);
    }
    // The ENI first: the instance's scripts find it by its MAC, which Terraform puts in.
    const bindings = props.networkInterface && props.instance && eniBindings();
    const eni = bindings && props.networkInterface && new bindings.EcsNetworkInterface(this, 'eni', props.networkInterface);
    this.networkInterface = eni;
    const substitutions = [
      ...(props.substitutions ?? []).map((s) => [s.placeholder, s.value] as const),
      ...(eni ? [[ENI_MAC_PLACEHOLDER, eni.mac] as const] : []),
    ];
    if (props.instance) {
      this.instance = new Instance(this, 'instance', { ...props.instance, userData: scriptContent(props.userDataScript ?? '', substitutions) });
    }
    this.instanceId = this.instance?.id ?? props.existingInstanceId!;
    if (bindings && eni) {
      this.networkInterfaceAttachment = new bindings.EcsNetworkInterfaceAttachment(this, 'eni-attachment', {
        instanceId: this.instanceId,
        networkInterfaceId: eni.id,
      });
    }
    // The first keeps the id `attachment`, so a cluster that gains HaVips keeps its first attachment.
    this.attachments = props.haVipIds.map(
      (haVipId, k) =>
        new HavipAttachment(this, k === 0 ? 'attachment' : `attachment-${k + 1}`, {
          haVipId,
          instanceId: eni ? eni.id : this.instanceId,
          instanceType: eni ? 'NetworkInterface' : 'EcsInstance',
          // The guide: "When you associate an HaVip with an ENI, make sure the ENI is attached to an ECS instance".
          dependsOn: this.networkInterfaceAttachment && [this.networkInterfaceAttachment],
        }),
    );
    this.attachment = this.attachments[0];

    const delivery = props.delivery;
    if (!delivery) return;
    this.configureCommand = new EcsCommand(this, 'configure-command', {
      name: `havip-configure-${id}`,
      description: 'Writes the keepalived config of one HaVip cluster member, tests it and reloads keepalived',
      type: 'RunShellScript',
      commandContent: scriptContent(delivery.configureScript, substitutions),
      timeout: delivery.configureTimeoutSeconds,
      workingDir: '/root',
    });
    // An instance update (stop/start, re-image) re-delivers the config and re-runs the settle step.
    this.configure = this.invoke('configure', this.configureCommand, delivery.configureTimeoutSeconds, true);
    // An ENI member's configure finds the ENI in the OS: attached first.
    if (this.networkInterfaceAttachment) this.configure.dependsOn = [address(this.networkInterfaceAttachment)];
    this.start = this.invoke('start', delivery.start.command, delivery.start.timeoutSeconds, false);
    // The settle step orders updates of instances the cluster manages; an existing instance has none.
    if (this.instance) this.settle = this.invoke('settle', delivery.settle.command, delivery.settle.timeoutSeconds, true);
  }

  private invoke(id: string, command: EcsCommand, timeoutSeconds: number, rerunOnInstanceChange: boolean): EcsInvocation {
    return new EcsInvocation(this, id, {
      commandId: command.id,
      instanceId: [this.instanceId],
      timeouts: { create: `${timeoutSeconds + INVOCATION_MARGIN_SECONDS}s` },
      lifecycle: rerunOnInstanceChange && this.instance ? { replaceTriggeredBy: [address(this.instance)] } : undefined,
    });
  }
}
