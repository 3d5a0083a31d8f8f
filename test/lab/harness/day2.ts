// Deploys synthesized versions of a stack onto the running lab, doing to the nodes exactly what
// `terraform apply` would do to the instances (replay.ts decides what and in which order):
// - alicloud_instance create: a new node joins the network and boots from its user_data;
// - update of an attribute that makes the provider stop the instance: SIGTERM (systemd stops
//   keepalived at shutdown), off the network, then started again (systemd starts keepalived if enabled);
// - delete: the instance shuts down (SIGTERM) and leaves the network;
// - alicloud_ecs_invocation create: its command's content, decoded, runs as root in the node's sandbox;
//   a non-zero exit fails the step (and the apply) like an invocation in status Failed; the step
//   ends when the provider would see the result (its first poll is 5 s after InvokeCommand);
// - everything else (commands, HaVip, attachments, security group, deployment set) has no effect
//   on the nodes and takes no time.
import { StackDocument, Step, ExecuteResult, ApplyPlan, executePlan, planApply, resourcesByAddress, referencesIn, describePlan } from './replay';
import { Lab, LabNode, PackageManager } from './lab';
import { now, sleep } from './proc';

/**
 * Instance attributes whose change makes the provider stop the instance and start it again
 * (aliyun/terraform-provider-alicloud alicloud/resource_alicloud_instance.go: modifyInstanceAttribute
 * reboots for user_data, host_name, password; modifyInstanceType, modifyInstanceImage and
 * modifyInstanceAttributeNeedStopped stop it; /work/shared/reference/facts.md "Day 2").
 */
export const STOPS_INSTANCE = ['user_data', 'host_name', 'password', 'kms_encrypted_password', 'instance_type', 'image_id'] as const;

/**
 * When the provider first asks for an invocation's result: InvokeCommand, then DescribeInvocations
 * 5 s later, then (modelled) every 5 s (alicloud/resource_alicloud_ecs_invocation.go, BuildStateConf
 * with a 5 s delay; provider/alicloud-1.289.0.validations.json runtime_behaviour).
 */
export const INVOCATION_FIRST_POLL_MS = 5000;
export const INVOCATION_POLL_MS = 5000;

/** The Cloud Assistant command's default execution timeout (alicloud_ecs_command.timeout). */
const COMMAND_DEFAULT_TIMEOUT_S = 60;

const ALLOCATED_ADDRESS = /^\$\{base64encode\(replace\(base64decode\("([A-Za-z0-9+/=]+)"\), "([^"]+)", (alicloud_havip\.[\w-]+\.ip_address)\)\)\}$/;

/**
 * The script a base64 `command_content` / `user_data` carries: plain base64, or the construct's
 * `base64encode(replace(base64decode("..."), "<placeholder>", alicloud_havip.<id>.ip_address))`
 * with the HaVip's address put in, as Terraform does at apply time.
 */
export function decodeScript(value: unknown, havipAddress: string): string {
  if (typeof value !== 'string') throw new Error(`not a string: ${JSON.stringify(value)}`);
  const expression = ALLOCATED_ADDRESS.exec(value);
  if (expression) return Buffer.from(expression[1], 'base64').toString('utf8').split(expression[2]).join(havipAddress);
  if (!/^[A-Za-z0-9+/]+=*$/.test(value)) throw new Error(`neither base64 nor the HaVip-address expression: ${value.slice(0, 80)}`);
  return Buffer.from(value, 'base64').toString('utf8');
}

export interface Day2Options {
  /** The lab node index ("ECS n") of an instance, from its private IP. */
  readonly nodeIndex: (privateIp: string) => number;
  /** The image's package manager for a node. */
  readonly packageManager: (index: number) => PackageManager;
  /** How long a stopped instance stays off before it starts again. @default 1000 */
  readonly stoppedMs?: number;
  /** First poll of an invocation's result. @default INVOCATION_FIRST_POLL_MS */
  readonly invocationFirstPollMs?: number;
  readonly invocationPollMs?: number;
}

/** One step as the lab executed it, for the results and the assertions. */
export interface StepRun {
  readonly id: string;
  /** The node the step acted on, if any. */
  readonly node?: number;
  /** What the lab did ("configure script exit 0", "instance stop/start", ...). */
  readonly what: string;
  /** Lab-elapsed ms. */
  readonly start: number;
  readonly end: number;
  readonly error?: string;
}

export interface Deployment {
  readonly plan: ApplyPlan;
  readonly result: ExecuteResult;
  readonly runs: readonly StepRun[];
  /** Monotonic ms when the apply started and ended. */
  readonly t0: number;
  readonly t1: number;
}

/** The deployed version of a stack on the lab: `deploy(v2)` applies the next one. */
export class Day2Lab {
  private deployed: StackDocument = {};
  /** Instance address → lab node index. */
  private readonly instances = new Map<string, number>();

  private options: Day2Options;

  constructor(
    readonly lab: Lab,
    options: Day2Options,
  ) {
    this.options = options;
  }

  /** When the provider sees invocation results from now on (see INVOCATION_FIRST_POLL_MS). */
  setPolling(polling: Pick<Day2Options, 'invocationFirstPollMs' | 'invocationPollMs'>): void {
    this.options = { ...this.options, ...polling };
  }

  /** The node an instance address runs as. */
  nodeOf(instanceAddress: string): LabNode {
    const index = this.instances.get(instanceAddress);
    if (index === undefined) throw new Error(`${instanceAddress} is not a running instance of the lab`);
    return this.lab.node(index);
  }

  /** Applies `next` over what is deployed; throws (after recording) if a step fails. */
  async deploy(next: StackDocument, log: (line: string) => void = () => undefined): Promise<Deployment> {
    const plan = planApply(this.deployed, next);
    for (const line of describePlan(plan)) log(line);
    const runs: StepRun[] = [];
    const t0 = now();
    const result = await executePlan(plan, async (step) => {
      const start = this.lab.elapsed();
      try {
        const done = await this.apply(step, next);
        runs.push({ id: step.id, node: done.node, what: done.what, start, end: this.lab.elapsed() });
      } catch (error) {
        runs.push({ id: step.id, what: 'failed', start, end: this.lab.elapsed(), error: error instanceof Error ? error.message : String(error) });
        throw error;
      }
    });
    const t1 = now();
    if (result.failed.length > 0) {
      const errors = result.records.filter((r) => r.error).map((r) => `${r.id}: ${r.error}`);
      throw new Error(`apply failed:\n${errors.join('\n')}\nnot run: ${result.skipped.join(', ') || 'none'}`);
    }
    this.deployed = next;
    return { plan, result, runs, t0, t1 };
  }

  private async apply(step: Step, next: StackDocument): Promise<{ node?: number; what: string }> {
    const { change } = step;
    if (change.type === 'alicloud_instance') return this.applyInstance(step);
    if (change.type === 'alicloud_ecs_invocation' && step.operation === 'create') return this.invoke(step, next);
    if (change.type === 'alicloud_ecs_invocation' && step.operation === 'update') throw new Error(`${step.id}: an invocation has no update`);
    return { what: 'no effect on the nodes' };
  }

  private async applyInstance(step: Step): Promise<{ node?: number; what: string }> {
    const { address, change } = step;
    if (step.operation === 'create') {
      const body = change.after!;
      const ip = String(body.private_ip);
      const index = this.options.nodeIndex(ip);
      const node = await this.lab.addNode({
        index,
        privateIp: ip,
        bootScript: decodeScript(body.user_data, this.lab.spec.vip),
        packageManager: this.options.packageManager(index),
      });
      this.instances.set(address, index);
      await node.startWeb();
      const boot = await node.boot();
      if (boot.code !== 0) throw new Error(`node ${index}: user_data exited ${boot.code}:\n${boot.output}`);
      return { node: index, what: 'created: booted from user_data' };
    }
    const node = this.nodeOf(address);
    if (step.operation === 'delete') {
      await node.instanceStop();
      await this.lab.removeNode(node.spec.index);
      this.instances.delete(address);
      return { node: node.spec.index, what: 'deleted: shut down (SIGTERM) and removed' };
    }
    const unmodelled = change.changed.filter((path) => ['private_ip', 'image_id', 'vswitch_id'].includes(path));
    if (unmodelled.length > 0) throw new Error(`${address}: an update of ${unmodelled.join(', ')} is not modelled by the lab`);
    const stops = change.changed.filter((path) => (STOPS_INSTANCE as readonly string[]).includes(path));
    if (stops.length === 0) return { node: node.spec.index, what: `updated in place (${change.changed.join(', ')})` };
    await node.instanceStop();
    await sleep(this.options.stoppedMs ?? 1000);
    await node.instanceStart();
    return { node: node.spec.index, what: `stopped and started (${stops.join(', ')})` };
  }

  private async invoke(step: Step, next: StackDocument): Promise<{ node?: number; what: string }> {
    const body = step.change.after!;
    const resources = resourcesByAddress(next);
    const known = new Set(resources.keys());
    const commandAddress = referencesIn(body.command_id, known)[0]?.address;
    const command = commandAddress && resources.get(commandAddress)?.body;
    if (!command) throw new Error(`${step.id}: command_id ${JSON.stringify(body.command_id)} names no command of the stack`);
    const instances = referencesIn(body.instance_id, known).map((r) => r.address);
    if (instances.length !== 1) throw new Error(`${step.id}: expected one instance, got ${JSON.stringify(body.instance_id)}`);
    const node = this.nodeOf(instances[0]);
    if (!node.up) throw new Error(`${step.id}: InvokeCommand on a stopped instance (node ${node.spec.index}) fails`);
    const script = decodeScript(command.command_content, this.lab.spec.vip);
    const timeoutS = Number(command.timeout ?? COMMAND_DEFAULT_TIMEOUT_S);
    const name = String(command.name ?? commandAddress).replace(/[^\w.-]/g, '_');
    const t0 = now();
    const result = await node.runScript(name, script, timeoutS * 1000);
    // The provider sees the result at its next poll.
    const first = this.options.invocationFirstPollMs ?? INVOCATION_FIRST_POLL_MS;
    const every = this.options.invocationPollMs ?? INVOCATION_POLL_MS;
    const ran = now() - t0;
    const seen = ran <= first ? first : first + Math.ceil((ran - first) / every) * every;
    await sleep(seen - ran);
    if (result.code !== 0) {
      throw new Error(`Failed: ${name} on node ${node.spec.index} exited ${result.timedOut ? 'by timeout' : result.code}:\n${result.stdout}${result.stderr}`);
    }
    return { node: node.spec.index, what: `${name}: exit 0 after ${Math.round(ran)} ms` };
  }
}
