import { type Principal, isStaff, visibleTo } from '../domain/principal.js';
import type { SupportCase } from '../domain/support-case.js';
import type { CasePage, CaseQuery, CaseStore } from '../ports/case-store.js';
import type { Clock } from '../ports/clock.js';

/** A listing as asked for; the use case decides the institution for customers and supplies `now`. */
export type ListCasesInput = Omit<CaseQuery, 'now'>;

export function makeGetCase(deps: { readonly store: CaseStore }) {
  /** Another institution's case reads exactly like a case that does not exist. */
  return async function getCase(principal: Principal, caseNumber: string): Promise<SupportCase> {
    return visibleTo(principal, caseNumber, await deps.store.getCase(caseNumber));
  };
}

export function makeListCases(deps: { readonly store: CaseStore; readonly clock: Clock }) {
  /** Newest first. A customer always gets its own institution's cases, whatever filter it sends. */
  return async function listCases(principal: Principal, input: ListCasesInput): Promise<CasePage> {
    const institution = isStaff(principal.role) ? input.institution : (principal.institution ?? '');
    if (!isStaff(principal.role) && input.institution !== undefined && input.institution !== institution) {
      return { items: [], nextCursor: null };
    }
    return deps.store.listCases({ ...input, institution, now: deps.clock.now() });
  };
}

export function makeCheckHealth(deps: { readonly store: CaseStore }) {
  return async function checkHealth(): Promise<{ status: 'ok'; store: 'ok' }> {
    await deps.store.ping();
    return { status: 'ok', store: 'ok' };
  };
}
