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
 */
const STAFF: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['in-progress', 'awaiting-customer', 'resolved', 'closed'],
  'in-progress': ['awaiting-customer', 'resolved', 'closed'],
  'awaiting-customer': ['in-progress', 'resolved', 'closed'],
  resolved: ['in-progress', 'closed'],
  closed: ['in-progress'],
};

const CUSTOMER: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['closed'],
  'in-progress': ['closed'],
  'awaiting-customer': ['closed'],
  resolved: ['in-progress', 'closed'],
  closed: [],
};

export const CUSTOMER_REOPEN_WINDOW_MS = 14 * 86_400_000;

/** The statuses `role` may move a case to from where it is now. */
export function allowedTransitions(role: Role, from: CaseStatus, resolvedAt: string | null, now: number): CaseStatus[] {
  if (role !== 'customer') return [...STAFF[from]];
  return CUSTOMER[from].filter(
    (to) => !(from === 'resolved' && to === 'in-progress' && (resolvedAt === null || now - Date.parse(resolvedAt) > CUSTOMER_REOPEN_WINDOW_MS)),
  );
}

export const isOpen = (status: CaseStatus): boolean => status !== 'resolved' && status !== 'closed';
