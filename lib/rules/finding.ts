// A finding of a validation rule: what is wrong (or worth knowing), where, and why.
import { escapeUnsafe } from './strings';

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

/** A value shown by a label rather than as JSON: `[Map]`, `<hole>`, never read again. */
export class ValueLabel {
  constructor(readonly label: string) {}
}

/**
 * Renders a value for a message: JSON, so strings are quoted and control characters escaped
 * (`"a\nb"`), with every other unsafe character (bidi, zero-width, separators, ...) escaped as `\uXXXX`
 * and long values shortened. Never throws.
 */
export function formatValue(value: unknown): string {
  let text: string;
  try {
    if (value === undefined) text = 'undefined';
    else if (value instanceof ValueLabel) text = value.label;
    else if (typeof value === 'number' && !Number.isFinite(value)) text = String(value);
    else if (typeof value === 'bigint') text = `${value}n`;
    else if (typeof value === 'symbol') text = value.toString();
    else if (typeof value === 'function') text = `[function ${value.name || 'anonymous'}]`;
    else text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? '[array]' : '[object]'; // circular or hostile toJSON
  }
  if (text.length > MAX_VALUE_CHARS) text = `${text.slice(0, MAX_VALUE_CHARS).replace(/[\ud800-\udbff]$/, '')}...`;
  return escapeUnsafe(text);
}

/**
 * `<construct path>: <prop> = <value>: <rule> (<source>)`, one line: every part is escaped, so no
 * construct id, key or value can forge a second line or hide text.
 */
export function formatFinding(path: string, finding: Finding): string {
  const text = (part: unknown) => escapeUnsafe(String(part));
  return `${text(path)}: ${text(finding.prop)} = ${formatValue(finding.value)}: ${text(finding.rule)} (${text(finding.source)})`;
}
