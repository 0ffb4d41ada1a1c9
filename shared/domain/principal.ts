import { DomainError } from './errors.js';
import type { Actor, Role } from './support-case.js';

/** Who is calling, as established by the token the authorizer verified. */
export interface Principal extends Actor {
  /** The institution a customer belongs to; null for staff. */
  readonly institution: string | null;
}

export const isStaff = (role: Role): boolean => role === 'agent' || role === 'manager';

/** A customer sees only its own institution's cases; staff see every case. */
export function canSee(principal: Principal, institution: string): boolean {
  return isStaff(principal.role) || principal.institution === institution;
}

/**
 * The case as the caller may see it: a case of another institution is refused
 * exactly like one that does not exist (404), so its existence never leaks.
 */
export function visibleTo<T extends { readonly institution: string }>(principal: Principal, caseNumber: string, found: T | undefined): T {
  if (!found || !canSee(principal, found.institution)) throw new DomainError('case-not-found', `case ${caseNumber} was not found`, { caseNumber });
  return found;
}
