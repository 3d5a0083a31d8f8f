// Helpers for reading what a stack synthesizes.
import { Testing, TerraformStack } from 'cdktf';
import { readableSnapshot } from '../../lib/testing/snapshot';

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

const SUBSTITUTED_USER_DATA = /^\$\{base64encode\((?:replace\()+base64decode\("([A-Za-z0-9+/=]+)"\)((?:, "[^"]+", [\w.-]+\))+)\)\}$/;
const SUBSTITUTION = /, "([^"]+)", ([\w.-]+)\)/g;

/** A decoded user_data: the script, and what Terraform puts in place of each placeholder. */
export interface DecodedUserData {
  readonly script: string;
  /** The first placeholder Terraform replaces, e.g. the HaVip address's. */
  readonly placeholder?: string;
  /** The reference it is replaced with, e.g. `alicloud_havip.x.ip_address`. */
  readonly reference?: string;
  /** Every placeholder with its reference, in the order Terraform replaces them. */
  readonly substitutions: readonly { readonly placeholder: string; readonly reference: string }[];
}

/**
 * The boot script an instance's user_data carries. When Terraform fills in values at apply time
 * (an allocated HaVip address, an ENI's MAC), the script inside the expression, with each
 * placeholder and the reference it is replaced with.
 */
export function decodeUserData(userData: unknown): DecodedUserData {
  if (typeof userData !== 'string') throw new Error(`user_data is not a string: ${JSON.stringify(userData)}`);
  const expression = SUBSTITUTED_USER_DATA.exec(userData);
  if (expression) {
    const substitutions = [...expression[2].matchAll(SUBSTITUTION)].map((m) => ({ placeholder: m[1], reference: m[2] }));
    if (substitutions.length !== (userData.match(/replace\(/g) ?? []).length) throw new Error('user_data has an unexpected replace() chain');
    return { script: fromBase64(expression[1]), ...substitutions[0], substitutions };
  }
  if (!/^[A-Za-z0-9+/]+=*$/.test(userData)) throw new Error(`user_data is neither base64 nor the expected expression`);
  return { script: fromBase64(userData), substitutions: [] };
}

/** The script as Terraform makes it at apply time, given a value for each reference. */
export function applySubstitutions(decoded: DecodedUserData, values: Readonly<Record<string, string>>): string {
  return decoded.substitutions.reduce((script, { placeholder, reference }) => {
    const value = values[reference];
    if (value === undefined) throw new Error(`no value given for ${reference}`);
    return script.split(placeholder).join(value);
  }, decoded.script);
}

function fromBase64(text: string): string {
  return Buffer.from(text, 'base64').toString('utf8');
}

/**
 * The synthesized document with every delivered script decoded, for snapshots: the package's own
 * `readableSnapshot` from cdktf-alicloud-havip/testing, the one users get.
 */
export function withDecodedUserData(doc: SynthDoc): SynthDoc {
  return readableSnapshot(doc) as unknown as SynthDoc;
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
  readonly configure?: DecodedUserData;
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
