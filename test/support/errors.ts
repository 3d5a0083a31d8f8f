import { HaVipValidationError } from '../../lib';

/** The HaVipValidationError `fn` throws; any other outcome fails the test. */
export function validationErrorOf(fn: () => unknown): HaVipValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof HaVipValidationError) return e;
    throw e;
  }
  throw new Error('expected a HaVipValidationError');
}
