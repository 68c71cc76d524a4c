import { HttpError } from '@tributary/http';
import type { ValidationIssue } from '@tributary/schemas';

/** Bad input, with the JSON-pointer path of every problem. */
export function validationFailed(what: string, issues: readonly ValidationIssue[]): HttpError {
  return new HttpError('VALIDATION_FAILED', `invalid ${what}`, issues);
}
