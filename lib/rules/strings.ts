// Rules for strings that reach Terraform, the boot script (user_data) or keepalived.conf.
import type { FindingCollector } from './values';

/**
 * Characters no prop may contain, by Unicode general category: Cc (controls: NUL, TAB, LF, CR, ESC,
 * DEL, C1), Cf (format: zero-width, bidi controls, soft hyphen, BOM, TAG characters U+E0000..),
 * Co (private use), Cn (unassigned), Zl and Zp (line and paragraph separators) and Cs (a surrogate
 * left unpaired: it cannot be encoded in UTF-8). They can end a shell or keepalived line, or hide
 * or reorder text for the reader of a plan.
 */
export const UNSAFE_CHAR = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Cs}]/u;
const UNSAFE_CHARS = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Cs}]/gu;

export const UNSAFE_TEXT_SOURCE = 'no prop may inject shell or keepalived syntax (control characters end a line)';

const CHAR_NAMES: Record<string, string> = { '\n': 'newline', '\r': 'carriage return', '\0': 'NUL', '\t': 'tab' };

export const TERRAFORM_TEMPLATE_SOURCE = 'Terraform JSON syntax: "${" and "%{" in a string start template sequences';

function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first unsafe character of `text`, described (`newline (U+000A)`, `unpaired surrogate U+D800`), or undefined. */
export function findUnsafeChar(text: string): string | undefined {
  const match = UNSAFE_CHAR.exec(text);
  if (!match) return undefined;
  const c = match[0];
  if (/\p{Cs}/u.test(c)) return `unpaired surrogate ${codePoint(c)}`;
  return CHAR_NAMES[c] ? `${CHAR_NAMES[c]} (${codePoint(c)})` : codePoint(c);
}

/**
 * `text` with every unsafe character written as `\uXXXX` / `\u{XXXXX}`: what messages print, so no
 * value, key or construct id can forge a line, reorder the text or hide part of it.
 */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE_CHARS, (c) => {
    const n = c.codePointAt(0)!;
    return n > 0xffff ? `\\u{${n.toString(16)}}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

/** UTF-8 length, as Go's len() counts it (the provider's string_len_between). */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export interface TextRule {
  readonly source: string;
  /** Minimum length in characters. @default 1 */
  readonly minChars?: number;
  /** Maximum length in characters. */
  readonly maxChars?: number;
  /** Maximum length in UTF-8 bytes (what the provider counts). */
  readonly maxBytes?: number;
  /** Alibaba names and descriptions must not start with http:// or https://. */
  readonly noUrlPrefix?: boolean;
  /** A regular expression the whole text must match, and how to say so. */
  readonly pattern?: { readonly regex: RegExp; readonly rule: string };
  /**
   * Whether the text reaches Terraform as a string, where `${` and `%{` start template sequences.
   * @default true
   */
  readonly terraformText?: boolean;
  /** A token is fine (checks skipped with an info) unless this says why it must be a literal. */
  readonly literalReason?: string;
}

/**
 * Checks a string prop: type, token, unsafe characters, length, pattern. Returns the literal string
 * when every check passed.
 */
export function checkText(c: FindingCollector, prop: string, value: unknown, rule: TextRule): string | undefined {
  if (c.tokenHandled(prop, value, 'the text checks', rule.source, rule.literalReason)) return undefined;
  const text = c.string(prop, value, rule.source);
  if (text === undefined) return undefined;
  const unsafe = findUnsafeChar(text);
  if (unsafe) {
    c.error(prop, text, `must not contain control or invisible characters, found ${unsafe}`, UNSAFE_TEXT_SOURCE);
    return undefined;
  }
  if (rule.terraformText !== false && /[$%]\{/.test(text)) {
    c.error(prop, text, 'must not contain "${" or "%{": Terraform would read a template sequence', TERRAFORM_TEMPLATE_SOURCE);
    return undefined;
  }
  const chars = [...text].length;
  const min = rule.minChars ?? 1;
  if (chars === 0 && min > 0) {
    c.error(prop, text, 'must not be empty', rule.source);
    return undefined;
  }
  if (chars < min || (rule.maxChars !== undefined && chars > rule.maxChars)) {
    const range = rule.maxChars === undefined ? `at least ${min}` : `${min} to ${rule.maxChars}`;
    c.error(prop, text, `must be ${range} characters long, got ${chars}`, rule.source);
    return undefined;
  }
  if (rule.maxBytes !== undefined && utf8Length(text) > rule.maxBytes) {
    c.error(prop, text, `must be at most ${rule.maxBytes} bytes in UTF-8, got ${utf8Length(text)}`, rule.source);
    return undefined;
  }
  if (rule.noUrlPrefix && /^https?:\/\//i.test(text)) {
    c.error(prop, text, 'must not start with http:// or https://', rule.source);
    return undefined;
  }
  if (rule.pattern && !rule.pattern.regex.test(text)) {
    c.error(prop, text, rule.pattern.rule, rule.source);
    return undefined;
  }
  return text;
}

/** An Alibaba resource id given by the user (vpc-..., vsw-..., sg-..., eip-...): one word, no whitespace. */
export function checkResourceId(c: FindingCollector, prop: string, value: unknown, source: string): string | undefined {
  return checkText(c, prop, value, {
    source,
    maxChars: 128,
    pattern: { regex: /^\S+$/u, rule: 'must be a resource id: no whitespace' },
  });
}

// ECS instance names (RunInstances, InstanceName): 2 to 128 characters, starting with a letter or a
// Chinese character; letters, digits, colons, underscores, periods and hyphens. The provider counts
// the 128 in UTF-8 bytes.
export const INSTANCE_NAME_SOURCE = 'ECS RunInstances API: InstanceName; alicloud provider: instance_name 2..128 bytes';
export const MAX_INSTANCE_NAME_BYTES = 128;
export const INSTANCE_NAME = /^\p{L}[\p{L}\p{N}:_.-]*$/u;
export const INSTANCE_NAME_RULE = 'must start with a letter and contain only letters, digits, ":", "_", "." and "-"';

export function checkInstanceName(c: FindingCollector, prop: string, value: unknown): string | undefined {
  return checkText(c, prop, value, {
    source: INSTANCE_NAME_SOURCE,
    minChars: 2,
    maxChars: 128,
    maxBytes: MAX_INSTANCE_NAME_BYTES,
    pattern: { regex: INSTANCE_NAME, rule: INSTANCE_NAME_RULE },
  });
}

/** The default instance names are `<prefix>-<n>`, n up to the member count. */
export function checkInstanceNamePrefix(c: FindingCollector, prop: string, value: unknown, nodeCount: number): string | undefined {
  const suffixBytes = `-${Math.max(nodeCount, 1)}`.length;
  return checkText(c, prop, value, {
    source: INSTANCE_NAME_SOURCE,
    minChars: 1,
    maxBytes: MAX_INSTANCE_NAME_BYTES - suffixBytes,
    pattern: { regex: INSTANCE_NAME, rule: INSTANCE_NAME_RULE },
  });
}
