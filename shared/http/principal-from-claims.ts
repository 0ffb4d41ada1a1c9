import * as z from 'zod/mini';
import { DomainError } from '../domain/errors.js';
import type { Principal } from '../domain/principal.js';
import { ROLES, type Role } from '../domain/support-case.js';
import { cleanLine } from './text-fields.js';

/**
 * The caller, from the claims API Gateway's JWT authorizer verified and passed
 * on. With payload 2.0 every claim arrives as a string: an array claim such as
 * `cognito:groups` looks like `[agent manager]`.
 *
 * - role: the most privileged of the token's groups among customer, agent, manager;
 * - institution: `custom:institution`, a Cognito attribute only administrators can
 *   write (the app client has no write access to it), required for customers.
 */
export const INSTITUTION_CLAIM = 'custom:institution';
export const GROUPS_CLAIM = 'cognito:groups';
/** Set by the pre token trigger on a staff member's token when their staff groups were left out for want of MFA. */
export const MFA_REQUIRED_CLAIM = 'mfa_required';

// Every request parses the claims: one schema per kind of claim, shared by the claims of that kind.
const claim = z.string();
const optionalClaim = z.optional(claim);
const claimsSchema = z.object({
  sub: claim.check(z.minLength(1)),
  [GROUPS_CLAIM]: z.optional(z.union([claim, z.array(claim)])),
  [INSTITUTION_CLAIM]: optionalClaim,
  name: optionalClaim,
  email: optionalClaim,
  'cognito:username': optionalClaim,
  [MFA_REQUIRED_CLAIM]: optionalClaim,
});

export function parseGroups(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return [...value];
  const text = (value as string).trim();
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return inner.split(/[\s,]+/).filter(Boolean);
}

const PRECEDENCE: readonly Role[] = ['manager', 'agent', 'customer'];

export function principalFromClaims(claims: unknown): Principal {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) throw new DomainError('unauthenticated', 'a valid bearer token is required');
  const c = parsed.data;
  const groups = parseGroups(c[GROUPS_CLAIM]);
  const role = PRECEDENCE.find((candidate) => groups.includes(candidate));
  if (!role && c[MFA_REQUIRED_CLAIM] === 'true') {
    throw new DomainError('forbidden', 'your support role needs multi-factor authentication: set up an authenticator app for your account, then sign in again');
  }
  if (!role || !ROLES.includes(role)) throw new DomainError('forbidden', 'your account has no support role (customer, agent or manager)');
  const institution = c[INSTITUTION_CLAIM]?.trim() || null;
  if (role === 'customer' && institution === null) throw new DomainError('forbidden', 'your account is not linked to an institution');
  return {
    sub: c.sub,
    role,
    // The name attribute is the user's own to edit: it is cleaned like any text that reaches a mail or a log.
    name: cleanLine(c.name ?? c['cognito:username'] ?? c.email ?? c.sub, 200) || c.sub.slice(0, 200),
    institution: role === 'customer' ? institution : null,
  };
}
