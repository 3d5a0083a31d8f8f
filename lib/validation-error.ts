// The one error class users catch: every error finding of a construct (or of the app), one per line.
import { formatFinding, type Finding } from './rules/finding';

/** Thrown at synth time (or construction) when HaVip props or the app break a rule. */
export class HaVipValidationError extends Error {
  /** Every error finding, in the order found. */
  readonly findings: readonly Finding[];
  /** The path of the construct the findings are about (the app's root for app-wide checks). */
  readonly constructPath: string;

  constructor(constructPath: string, findings: readonly Finding[]) {
    const errors = findings.filter((f) => f.level === 'error');
    const lines = errors.map((f) => formatFinding(pathOf(f, constructPath), f));
    super(`${errors.length} HaVip validation error(s):\n${lines.join('\n')}`);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'HaVipValidationError';
    this.findings = errors;
    this.constructPath = constructPath;
  }
}

function pathOf(finding: Finding, fallback: string): string {
  const path = (finding as { path?: unknown }).path;
  return typeof path === 'string' ? path : fallback;
}
