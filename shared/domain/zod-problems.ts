import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import type { FieldProblem } from './errors.js';

// zod/mini ships without messages: these are the English ones classic zod gave every 400 and configuration error.
z.config(en());

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
