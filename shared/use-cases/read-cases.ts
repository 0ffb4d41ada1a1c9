import { type Principal, isStaff, visibleTo } from '../domain/principal.js';
import type { SupportCase } from '../domain/support-case.js';
import * as z from 'zod/mini';
import type { RecordedEvent } from '../domain/timeline-event.js';
import { type CaseQuery, type CaseReader, casePositionSchema } from '../ports/case-reader.js';
import type { Clock } from '../ports/clock.js';
import type { PageCursors } from '../ports/page-cursors.js';
import { openPosition } from './page-position.js';

/**
 * A listing as asked for; the use case decides the institution for customers and supplies `now`.
 * `assignee` names a support person, or is `none` for unassigned cases.
 */
export interface ListCasesInput extends Omit<CaseQuery, 'now' | 'after' | 'assignee'> {
  readonly assignee?: string | undefined;
  /** Opaque, from the previous page's `nextCursor`. */
  readonly cursor?: string | undefined;
}

export interface CaseListing {
  readonly items: readonly SupportCase[];
  readonly nextCursor: string | null;
}

export function makeGetCase(deps: { readonly cases: Pick<CaseReader, 'getCase'> }) {
  /** Another institution's case reads exactly like a case that does not exist. */
  return async function getCase(principal: Principal, caseNumber: string): Promise<SupportCase> {
    return visibleTo(principal, caseNumber, await deps.cases.getCase(caseNumber));
  };
}

/** The `assignee` filter value that asks for unassigned cases. */
export const UNASSIGNED = 'none';

export function makeListCases(deps: { readonly cases: Pick<CaseReader, 'listCases'>; readonly clock: Clock; readonly cursors: PageCursors }) {
  /**
   * Newest first. A customer always gets its own institution's cases, whatever filter it sends. A cursor
   * continues only the listing it came from, for the caller it was given to.
   */
  return async function listCases(principal: Principal, input: ListCasesInput): Promise<CaseListing> {
    const institution = isStaff(principal.role) ? input.institution : (principal.institution ?? '');
    if (!isStaff(principal.role) && input.institution !== undefined && input.institution !== institution) {
      return { items: [], nextCursor: null };
    }
    const assignee = input.assignee === UNASSIGNED ? null : input.assignee;
    const binding = ['cases', principal.sub, institution ?? '*', input.status ?? '*', input.responseLevel ?? '*', input.assignee ?? '*'].join('|');
    const after = await openPosition(deps.cursors, input.cursor, binding, casePositionSchema);
    const { cursor: _cursor, ...query } = input;
    const page = await deps.cases.listCases({ ...query, institution, assignee, after, now: deps.clock.now() });
    return { items: page.items, nextCursor: page.next === null ? null : await deps.cursors.seal(page.next, binding) };
  };
}

/** A timeline position: the sort key of the last event returned. */
const timelinePositionSchema = z.string().check(z.regex(/^EVENT#[\x21-\x7e]{1,300}$/));

/** The timeline, oldest first; customers get the public events only. A cursor continues only its own case's timeline, for its own caller. */
export function makeGetTimeline(deps: { readonly cases: Pick<CaseReader, 'getCase' | 'listEvents'>; readonly cursors: PageCursors }) {
  return async function getTimeline(
    principal: Principal,
    caseNumber: string,
    page: { readonly limit: number; readonly cursor?: string | undefined },
  ): Promise<{ items: RecordedEvent[]; nextCursor: string | null }> {
    visibleTo(principal, caseNumber, await deps.cases.getCase(caseNumber));
    const publicOnly = !isStaff(principal.role);
    const binding = ['timeline', principal.sub, caseNumber, publicOnly ? 'public' : 'all'].join('|');
    const after = await openPosition(deps.cursors, page.cursor, binding, timelinePositionSchema);
    const found = await deps.cases.listEvents(caseNumber, { publicOnly, limit: page.limit, after });
    return { items: found.items, nextCursor: found.next === undefined ? null : await deps.cursors.seal(found.next, binding) };
  };
}

