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
