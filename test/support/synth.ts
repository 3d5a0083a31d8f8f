// Helpers for reading what a stack synthesizes.
import { Testing, TerraformStack } from 'cdktf';

/** The synthesized JSON document of a stack, parsed, with validations run. */
export function synthJson(stack: TerraformStack): SynthDoc {
  return JSON.parse(Testing.synth(stack, true)) as SynthDoc;
}

export interface SynthDoc {
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly terraform: { readonly required_providers: Record<string, { source: string; version: string }> };
  readonly variable?: Record<string, unknown>;
}

/** Every resource of one type, in the order synthesized. */
export function resourcesOf(doc: SynthDoc, type: string): Record<string, unknown>[] {
  return Object.values(doc.resource[type] ?? {});
}

const ALLOCATED_VIP_USER_DATA = /^\$\{base64encode\(replace\(base64decode\("([A-Za-z0-9+/=]+)"\), "([^"]+)", ([\w.-]+)\)\)\}$/;

/**
 * The boot script an instance's user_data carries. For an address Alibaba allocates, the script
 * inside the Terraform expression, with the expression's placeholder and reference returned too.
 */
export function decodeUserData(userData: unknown): { script: string; placeholder?: string; reference?: string } {
  if (typeof userData !== 'string') throw new Error(`user_data is not a string: ${JSON.stringify(userData)}`);
  const expression = ALLOCATED_VIP_USER_DATA.exec(userData);
  if (expression) {
    return { script: fromBase64(expression[1]), placeholder: expression[2], reference: expression[3] };
  }
  if (!/^[A-Za-z0-9+/]+=*$/.test(userData)) throw new Error(`user_data is neither base64 nor the expected expression`);
  return { script: fromBase64(userData) };
}

function fromBase64(text: string): string {
  return Buffer.from(text, 'base64').toString('utf8');
}

/** The synthesized document with every user_data and command content replaced by its decoded script, for snapshots. */
export function withDecodedUserData(doc: SynthDoc): SynthDoc {
  const copy = JSON.parse(JSON.stringify(doc)) as SynthDoc;
  const decode = (value: unknown) => {
    const decoded = decodeUserData(value);
    return decoded.placeholder
      ? { script: decoded.script.split('\n'), placeholder: decoded.placeholder, replacedWith: decoded.reference }
      : decoded.script.split('\n');
  };
  for (const instance of resourcesOf(copy, 'alicloud_instance')) instance.user_data = decode(instance.user_data);
  for (const command of resourcesOf(copy, 'alicloud_ecs_command')) command.command_content = decode(command.command_content);
  return copy;
}

/** How a synthesized document refers to a resource's attribute, e.g. `${alicloud_havip.web_havip_1234.id}`. */
export function ref(resource: { terraformResourceType: string; friendlyUniqueId: string }, attribute: string): string {
  return `\${${resource.terraformResourceType}.${resource.friendlyUniqueId}.${attribute}}`;
}

/** A resource's synthesized body, by the construct that made it. */
export function bodyOf(doc: SynthDoc, resource: { terraformResourceType: string; friendlyUniqueId: string }) {
  return doc.resource[resource.terraformResourceType]?.[resource.friendlyUniqueId];
}

/** A synthesized member's scripts, decoded: user_data, and under Cloud Assistant delivery what each invocation runs. */
export interface MemberScripts {
  /** The alicloud_instance's key in the document. */
  readonly instanceKey: string;
  readonly instance: Record<string, unknown>;
  readonly userData: string;
  /** This member's configure command, with its placeholder and the reference replacing it when the address is allocated. */
  readonly configure?: { script: string; placeholder?: string; reference?: string };
  readonly start?: string;
  readonly settle?: string;
}

/**
 * Every member's scripts in the order the instances were synthesized, found the way Terraform links
 * them: an invocation runs its command_id on its instance_id.
 */
export function memberScripts(doc: SynthDoc): MemberScripts[] {
  const commands = doc.resource.alicloud_ecs_command ?? {};
  const invocations = Object.entries(doc.resource.alicloud_ecs_invocation ?? {});
  return Object.entries(doc.resource.alicloud_instance ?? {}).map(([instanceKey, instance]) => {
    const run = invocations
      .filter(([, inv]) => JSON.stringify(inv.instance_id) === JSON.stringify([`\${alicloud_instance.${instanceKey}.id}`]))
      .map(([key, inv]) => {
        const commandKey = /^\$\{alicloud_ecs_command\.([^.]+)\.id\}$/.exec(String(inv.command_id))?.[1];
        const command = commandKey === undefined ? undefined : commands[commandKey];
        if (!command) throw new Error(`invocation ${key}: command_id ${String(inv.command_id)} names no command in the stack`);
        return { key, decoded: decodeUserData(command.command_content) };
      });
    const byRole = (role: string) => run.find((r) => r.key.includes(`_${role}_`))?.decoded;
    return {
      instanceKey,
      instance,
      userData: decodeUserData(instance.user_data).script,
      configure: byRole('configure'),
      start: byRole('start')?.script,
      settle: byRole('settle')?.script,
    };
  });
}
