import type { CaseStatus, Role } from './support-case.js';

/**
 * Who may move a case from one status to another. Reopening is a move from
 * resolved (or, for staff, closed) back to in-progress.
 *
 * | from              | support staff (agent, manager)                      | customer of the case's institution          |
 * |-------------------|-----------------------------------------------------|---------------------------------------------|
 * | new               | in-progress, awaiting-customer, resolved, closed    | closed                                      |
 * | in-progress       | awaiting-customer, resolved, closed                 | closed                                      |
 * | awaiting-customer | in-progress, resolved, closed                       | closed (a public comment moves it back to in-progress) |
 * | resolved          | in-progress (reopen), closed                        | in-progress (reopen, within 14 days), closed |
 * | closed            | in-progress (reopen)                                | —                                           |
 * | redirected        | closed (reclassifying the request type reopens it as new) | closed                                |
 *
 * Besides these moves, a public comment moves a case by itself (see `statusAfterPublicComment`).
 */
const STAFF: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['in-progress', 'awaiting-customer', 'resolved', 'closed'],
  'in-progress': ['awaiting-customer', 'resolved', 'closed'],
  'awaiting-customer': ['in-progress', 'resolved', 'closed'],
  resolved: ['in-progress', 'closed'],
  closed: ['in-progress'],
  redirected: ['closed'],
};

const CUSTOMER: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['closed'],
  'in-progress': ['closed'],
  'awaiting-customer': ['closed'],
  resolved: ['in-progress', 'closed'],
  closed: [],
  redirected: ['closed'],
};

export const CUSTOMER_REOPEN_WINDOW_MS = 14 * 86_400_000;

/** The statuses `role` may move a case to from where it is now. */
export function allowedTransitions(role: Role, from: CaseStatus, resolvedAt: string | null, now: number): CaseStatus[] {
  if (role !== 'customer') return [...STAFF[from]];
  return CUSTOMER[from].filter(
    (to) => !(from === 'resolved' && to === 'in-progress' && (resolvedAt === null || now - Date.parse(resolvedAt) > CUSTOMER_REOPEN_WINDOW_MS)),
  );
}

/**
 * Where a public comment moves a case by itself: support's reply to a new case
 * takes it into progress (someone is working it), and a customer's reply to a
 * case awaiting the customer takes it back into progress. Null: it stays.
 */
export function statusAfterPublicComment(role: Role, status: CaseStatus): CaseStatus | null {
  if (role === 'customer') return status === 'awaiting-customer' ? 'in-progress' : null;
  return status === 'new' ? 'in-progress' : null;
}

/** Open: being worked by support, in the queue. Resolved, closed and redirected cases are not. */
export const isOpen = (status: CaseStatus): boolean => status !== 'resolved' && status !== 'closed' && status !== 'redirected';

/** The status a case takes when its request is (re)classified: not covered → redirected; covered again → new. */
export function statusForCoverage(covered: boolean, status: CaseStatus): CaseStatus {
  if (!covered) return isOpen(status) ? 'redirected' : status;
  return status === 'redirected' ? 'new' : status;
}
