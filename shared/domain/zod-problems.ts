import type { z } from 'zod';
import type { FieldProblem } from './errors.js';

/**
 * Turns zod issues into field problems whose `field` is the dotted path, e.g.
 * `institutions.1.calendar`. Unknown keys become one problem each, so every bad
 * field is named.
 */
export function fieldProblems(error: { readonly issues: readonly z.core.$ZodIssue[] }): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'unknown field' }));
    }
    return [{ field: path.join('.'), message: issue.message }];
  });
}
