// Type checks that turn any JavaScript value into findings instead of TypeErrors. Props may come
// from plain JavaScript: wrong types, missing fields, null, tokens.
import { error, info, warning, type Finding } from './finding';

/** `undefined`, `null`, `array`, `NaN`, `number`, `string`, ... for messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a property without running getters that throw (a hostile or proxy object). */
export function field(obj: Record<string, unknown>, key: string): unknown {
  try {
    return obj[key];
  } catch {
    return undefined;
  }
}

export interface IntegerRule {
  readonly min: number;
  readonly max: number;
  readonly source: string;
  /** Whether a token is acceptable (checks skipped with an info); otherwise a token is an error. */
  readonly tokenOk?: boolean;
  /** Why a token is not acceptable. */
  readonly literalReason?: string;
}

/** Collects the findings of one validation run; every check reports instead of throwing. */
export class FindingCollector {
  readonly findings: Finding[] = [];

  constructor(readonly isToken: (value: unknown) => boolean) {}

  error(prop: string, value: unknown, rule: string, source: string): void {
    this.findings.push(error(prop, value, rule, source));
  }

  warning(prop: string, value: unknown, rule: string, source: string): void {
    this.findings.push(warning(prop, value, rule, source));
  }

  info(prop: string, value: unknown, rule: string, source: string): void {
    this.findings.push(info(prop, value, rule, source));
  }

  /** Never throws, whatever `isToken` does with a hostile value. */
  token(value: unknown): boolean {
    try {
      return this.isToken(value);
    } catch {
      return false;
    }
  }

  /**
   * For a value that is an unresolved token: an info finding (the literal-only check is skipped) when
   * tokens are fine, an error when the value must be a literal. Returns whether it was a token.
   */
  tokenHandled(prop: string, value: unknown, skipped: string, source: string, literalReason?: string): boolean {
    if (!this.token(value)) return false;
    if (literalReason) this.error(prop, value, `must be a literal, not a token: ${literalReason}`, source);
    else this.info(prop, value, `is a token: ${skipped} skipped until apply`, source);
    return true;
  }

  /** A required prop is present (not undefined or null). */
  required(prop: string, value: unknown, source: string): boolean {
    if (value === undefined || value === null) {
      this.error(prop, value, 'is required', source);
      return false;
    }
    return true;
  }

  /** An object (not an array, not null); reports its unknown keys, so a typo is never silently ignored. */
  object(
    prop: string,
    value: unknown,
    source: string,
    known: readonly string[],
    keyPrefix = `${prop}.`,
  ): Record<string, unknown> | undefined {
    if (this.token(value)) {
      this.error(prop, value, 'must be a literal object, not a token', source);
      return undefined;
    }
    if (!isPlainObject(value)) {
      this.error(prop, value, `must be an object, got ${describeType(value)}`, source);
      return undefined;
    }
    let keys: string[];
    try {
      keys = Object.keys(value);
    } catch {
      this.error(prop, '[object]', 'must be a plain object', source);
      return undefined;
    }
    for (const key of keys) {
      if (!known.includes(key)) {
        this.error(`${keyPrefix}${key}`, field(value, key), `is not a known prop (known: ${known.join(', ')})`, source);
      }
    }
    return value;
  }

  /** An array literal (a token list cannot be iterated at synth time). */
  array(prop: string, value: unknown, source: string): readonly unknown[] | undefined {
    if (this.token(value)) {
      this.error(prop, value, 'must be a literal array, not a token: it is iterated at synth time', source);
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.error(prop, value, `must be an array, got ${describeType(value)}`, source);
      return undefined;
    }
    return value;
  }

  /** An integer in [min, max]; returns it when it is a valid literal. */
  integer(prop: string, value: unknown, rule: IntegerRule): number | undefined {
    const range = `an integer from ${rule.min} to ${rule.max}`;
    if (this.tokenHandled(prop, value, `the ${range} check`, rule.source, rule.tokenOk ? undefined : (rule.literalReason ?? 'it is rendered at synth time'))) {
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.error(prop, value, `must be ${range}${typeof value === 'number' ? '' : `, got ${describeType(value)}`}`, rule.source);
      return undefined;
    }
    if (value < rule.min || value > rule.max) {
      this.error(prop, value, `must be ${range}`, rule.source);
      return undefined;
    }
    return value;
  }

  /** A boolean literal. */
  boolean(prop: string, value: unknown, source: string, literalReason = 'it is rendered at synth time'): boolean | undefined {
    if (this.tokenHandled(prop, value, 'the boolean check', source, literalReason)) return undefined;
    if (typeof value !== 'boolean') {
      this.error(prop, value, `must be true or false, got ${describeType(value)}`, source);
      return undefined;
    }
    return value;
  }

  /** A string (a token string passes as a string: callers decide what tokens skip). */
  string(prop: string, value: unknown, source: string): string | undefined {
    if (typeof value !== 'string') {
      this.error(prop, value, `must be a string, got ${describeType(value)}`, source);
      return undefined;
    }
    return value;
  }
}
