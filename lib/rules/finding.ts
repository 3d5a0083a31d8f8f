// A finding of a validation rule: what is wrong (or worth knowing), where, and why.

/** How serious a finding is: errors fail synthesis, warnings and infos become annotations. */
export type FindingLevel = 'error' | 'warning' | 'info';

/** One result of a validation rule. */
export interface Finding {
  /** `error` fails synthesis; `warning` and `info` are reported as annotations. */
  readonly level: FindingLevel;
  /** The prop, as a path into the props, e.g. `nodes[1].priority`. */
  readonly prop: string;
  /** The offending value, as given. */
  readonly value: unknown;
  /** What the value must be, e.g. `must be an integer from 1 to 254`. */
  readonly rule: string;
  /** Where the rule comes from, e.g. `keepalived.conf(5): priority`. */
  readonly source: string;
}

/** A finding about one construct of the app, for the app-wide checks. */
export interface PathFinding extends Finding {
  /** The construct path the finding is about. */
  readonly path: string;
}

export function error(prop: string, value: unknown, rule: string, source: string): Finding {
  return { level: 'error', prop, value, rule, source };
}

export function warning(prop: string, value: unknown, rule: string, source: string): Finding {
  return { level: 'warning', prop, value, rule, source };
}

export function info(prop: string, value: unknown, rule: string, source: string): Finding {
  return { level: 'info', prop, value, rule, source };
}

const MAX_VALUE_CHARS = 200;

// Characters JSON.stringify leaves raw that would hide or reorder text in a terminal: DEL, C1 controls,
// line/paragraph separators, bidi controls and the byte-order mark.
const INVISIBLE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * Renders a value for a message: JSON, so strings are quoted and control characters escaped
 * (`"a\nb"`), with invisible characters escaped as `\uXXXX` and long values shortened. Never throws.
 */
export function formatValue(value: unknown): string {
  let text: string;
  try {
    if (value === undefined) text = 'undefined';
    else if (typeof value === 'number' && !Number.isFinite(value)) text = String(value);
    else if (typeof value === 'bigint') text = `${value}n`;
    else if (typeof value === 'symbol') text = value.toString();
    else if (typeof value === 'function') text = `[function ${value.name || 'anonymous'}]`;
    else text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? '[array]' : '[object]'; // circular or hostile toJSON
  }
  text = text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}...` : text;
}

/** `<construct path>: <prop> = <value>: <rule> (<source>)`. */
export function formatFinding(path: string, finding: Finding): string {
  return `${path}: ${finding.prop} = ${formatValue(finding.value)}: ${finding.rule} (${finding.source})`;
}
