// A synthesized stack in a form that reads well in a snapshot: the scripts a stack delivers to its
// instances (user_data, Cloud Assistant command content) are base64 in the JSON, so a one-line
// change to a boot script would show as one changed opaque line. Here they are decoded to text,
// one array element per line. Needs neither Terraform nor the optional peer dependencies.
import { TerraformStack, Testing } from 'cdktf';

/** Attributes whose value is a base64-encoded script: decoded wherever they appear in the document. */
export const SCRIPT_ATTRIBUTES: readonly string[] = ['user_data', 'command_content'];

export interface ReadableSnapshotOptions {
  /**
   * Attribute names whose base64 values are decoded, in any resource or data source.
   * @default SCRIPT_ATTRIBUTES (`user_data`, `command_content`)
   */
  readonly scriptAttributes?: readonly string[];
}

/** One placeholder Terraform replaces in a templated script, and with what. */
export interface ScriptReplacement {
  /** The text Terraform replaces, e.g. `@@HAVIP_IP_ADDRESS@@`. */
  readonly placeholder: string;
  /** What replaces it, e.g. `alicloud_havip.web_havip_F116CD47.ip_address`. */
  readonly replacedWith: string;
}

/**
 * A script Terraform completes at apply time: the synthesized value is
 * `${base64encode(replace(base64decode("<script>"), "<placeholder>", <reference>))}`, with one
 * `replace(...)` per placeholder, as HaVipCluster writes it when Alibaba allocates the HaVip's
 * address (and an ENI member's MAC address).
 */
export interface TemplatedScript {
  /** The script's lines, with the placeholders still in them. */
  readonly script: string[];
  /** Each placeholder and its replacement, in the order Terraform applies them. */
  readonly replacements: ScriptReplacement[];
}

const REFERENCE = '[A-Za-z0-9_.\\-[\\]"]+';
const TEMPLATED = new RegExp(
  `^\\$\\{base64encode\\((?:replace\\()*base64decode\\("([A-Za-z0-9+/]*={0,2})"\\)((?:, "[^"\\\\]+", ${REFERENCE}\\))*)\\)\\}$`,
);
const REPLACEMENT = new RegExp(`, "([^"\\\\]+)", (${REFERENCE})\\)`, 'g');
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The synthesized document of a stack (a TerraformStack, the JSON text `Testing.synth` returns, or
 * that JSON parsed) with every delivered script decoded, for `toMatchSnapshot()`: under the
 * `scriptAttributes` (`user_data`, `command_content`), plain base64 becomes the script's lines, and
 * `${base64encode(replace(base64decode("<b64>"), "<placeholder>", <reference>))}` becomes
 * `{ script, replacements: [{ placeholder, replacedWith }] }` (that form is decoded under any attribute). Other values,
 * including base64 that is not UTF-8 text (e.g. gzip), are left as they are. The input is not changed;
 * a stack is synthesized with its validations, as `Testing.synth(stack, true)` does.
 *
 * @example
 * expect(readableSnapshot(new MyStack(Testing.app(), 'test'))).toMatchSnapshot();
 */
export function readableSnapshot(input: TerraformStack | string | object, options: ReadableSnapshotOptions = {}): Record<string, unknown> {
  const json = TerraformStack.isStack(input) ? Testing.synth(input, true) : typeof input === 'string' ? input : JSON.stringify(input);
  const keys = new Set(options.scriptAttributes ?? SCRIPT_ATTRIBUTES);
  return decodeTree(JSON.parse(json), undefined, keys) as Record<string, unknown>;
}

/**
 * One delivered script as text: plain base64, or the templated form (see TemplatedScript).
 * Returns undefined for anything else (a reference, plain text, base64 of binary data).
 */
export function decodeScript(value: string): string[] | TemplatedScript | undefined {
  const templated = TEMPLATED.exec(value);
  if (templated) {
    const replacements = [...templated[2]!.matchAll(REPLACEMENT)].map((m) => ({ placeholder: m[1]!, replacedWith: m[2]! }));
    const script = fromBase64(templated[1]!);
    const opened = (value.match(/replace\(/g) ?? []).length;
    if (script === undefined || replacements.length === 0 || replacements.length !== opened) return undefined;
    return { script: lines(script), replacements };
  }
  const script = value.length > 0 && BASE64.test(value) ? fromBase64(value) : undefined;
  return script === undefined ? undefined : lines(script);
}

function decodeTree(value: unknown, key: string | undefined, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => decodeTree(item, key, keys));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeTree(v, k, keys)]));
  }
  if (typeof value !== 'string') return value;
  const decoded = decodeScript(value);
  if (decoded === undefined) return value;
  return Array.isArray(decoded) && !(key !== undefined && keys.has(key)) ? value : decoded;
}

function fromBase64(text: string): string | undefined {
  try {
    return UTF8.decode(Buffer.from(text, 'base64'));
  } catch {
    return undefined;
  }
}

const lines = (text: string) => text.split('\n');
