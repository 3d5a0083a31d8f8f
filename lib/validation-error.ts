// The one error class users catch: every error finding of a construct (or of the app), one per line.
import { formatFinding, type Finding } from './rules/finding';

/** Set on every HaVipValidationError, so isHaVipValidationError knows one from any copy of the package. */
const VALIDATION_ERROR = Symbol.for('cdktf-alicloud-havip.HaVipValidationError');

// jsii cannot express a subclass of Error, so the class reaches TypeScript as a value and a type of
// the same name (below), which jsii leaves out of the other languages' API: there the error arrives
// as the runtime's own exception with the same message (README, "cdktf or cdktn, and other languages").
class ValidationError extends Error {
  /** Every error finding, in the order found. */
  readonly findings: readonly Finding[];
  /** The path of the construct the findings are about (the app's root for app-wide checks). */
  readonly constructPath: string;

  constructor(constructPath: string, findings: readonly Finding[]) {
    const errors = findings.filter((f) => f.level === 'error');
    const lines = errors.map((f) => formatFinding(pathOf(f, constructPath), f));
    super(`${errors.length} HaVip validation error(s):\n${lines.join('\n')}`);
    Object.setPrototypeOf(this, new.target.prototype);
    Object.defineProperty(this, VALIDATION_ERROR, { value: true });
    this.name = 'HaVipValidationError';
    this.findings = errors;
    this.constructPath = constructPath;
  }
}

/** Thrown at synth time (or construction) when HaVip props or the app break a rule. */
export const HaVipValidationError = ValidationError;
/** Thrown at synth time (or construction) when HaVip props or the app break a rule. */
export type HaVipValidationError = ValidationError;

/** Whether `x` is a HaVipValidationError, also one thrown by another copy of the package. */
export function isHaVipValidationError(x: unknown): x is HaVipValidationError {
  return x instanceof ValidationError || (typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[VALIDATION_ERROR] === true);
}

function pathOf(finding: Finding, fallback: string): string {
  const path = (finding as { path?: unknown }).path;
  return typeof path === 'string' ? path : fallback;
}
