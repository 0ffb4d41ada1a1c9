import { DomainError } from '../domain/errors.js';
import { formatInstant } from '../domain/instant-text.js';
import { type PageRecord, type PageView, pageViewOf, pagingEnded, parsePageId, pendingStepsOf } from '../domain/paging.js';
import { type Principal, isStaff } from '../domain/principal.js';
import type { TimelineEvent } from '../domain/timeline-event.js';
import type { Logger } from '../observability/logger.js';
import type { AckTokens } from '../ports/ack-tokens.js';
import type { IdempotencyRecords } from '../ports/idempotency-records.js';
import type { CaseLoader } from '../ports/case-update-store.js';
import type { Clock } from '../ports/clock.js';
import type { Metrics } from '../ports/metrics.js';
import type { PageStore } from '../ports/page-store.js';
import { type IdempotentRequest, IdempotencyKeyTaken, fingerprintOf, once } from './idempotency.js';

const MAX_ATTEMPTS = 5;

export interface PageAcknowledgementDeps {
  /** Where a retried acknowledgement finds its Idempotency-Key. */
  readonly idempotency: IdempotencyRecords;
  readonly updates: CaseLoader;
  readonly pages: PageStore;
  readonly tokens: AckTokens;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * Acknowledging a page (staff in the portal, or the link sent with it) and showing a case's pages. An
 * acknowledgement ends the page and marks its remaining steps cancelled in the same transaction; nothing else is
 * called: a step whose schedule still fires finds itself cancelled and does nothing, and the schedules of
 * cancelled steps are deleted in the background (the table's stream). It and a step racing it are both
 * conditional on the page as read, so exactly one of them wins and the other decides again.
 */
export function makePageAcknowledgement(deps: PageAcknowledgementDeps) {
  const { updates, pages, clock, logger, metrics } = deps;

  async function acknowledge(pageId: string, who: { readonly role: TimelineEvent['actor']['role']; readonly name: string }, via: 'link' | 'portal', idempotency?: IdempotentRequest): Promise<PageView> {
    const ids = parsePageId(pageId);
    const notFound = () => new DomainError('page-not-found', `page ${pageId} was not found`, { pageId });
    if (!ids) throw notFound();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const [loaded, page] = await Promise.all([updates.loadCase(ids.caseNumber), pages.getPage(ids.caseNumber, ids.pageNo)]);
      if (!loaded || !page) throw notFound();
      if (page.status === 'acknowledged') {
        throw new DomainError('page-already-acknowledged', `page ${pageId} was already acknowledged by ${page.acknowledgedBy}`, {
          pageId,
          acknowledgedBy: page.acknowledgedBy,
          acknowledgedAt: page.acknowledgedAt === null ? null : formatInstant(page.acknowledgedAt),
        });
      }
      if (pagingEnded(loaded.supportCase)) throw new DomainError('page-ended', `the paging for case ${ids.caseNumber} has ended: support has responded or the case is closed`, { pageId });
      const now = clock.now();
      const next: PageRecord = { ...page, status: 'acknowledged', acknowledgedAt: now, acknowledgedBy: who.name, acknowledgedVia: via };
      const cancel = pendingStepsOf(loaded.timers, ids.pageNo);
      const event: TimelineEvent = {
        kind: 'page-acknowledged',
        at: formatInstant(now),
        actor: who,
        visibility: 'internal',
        discriminator: pageId,
        details: { pageId, via, afterStep: page.lastStep, secondsToAcknowledge: Math.round((now - page.startedAt) / 1000) },
      };
      const result = await pages.acknowledge({ previous: page, next, cancel, event, idempotency: idempotency && { record: idempotency } });
      if (result === 'applied') {
        metrics.count('PagesAcknowledged', 1, { Level: page.level });
        metrics.count('TimeToAcknowledgeMs', now - page.startedAt, { Level: page.level });
        logger.info('page acknowledged', { pageId, via, afterStep: page.lastStep, stepsCancelled: cancel.length });
        return { ...next, state: 'acknowledged' };
      }
      if (idempotency) {
        const taken = await deps.idempotency.findIdempotency(idempotency.scope, idempotency.key);
        if (taken) throw new IdempotencyKeyTaken(taken);
      }
      // A step was recorded in between: read again and decide again.
    }
    throw new DomainError('store-unavailable', `page ${pageId} kept changing; retry`);
  }

  /** What an acknowledgement link is good for: its page, and whom it was sent to; refused when forged or expired. */
  async function openLink(pageId: string, token: string): Promise<{ page: PageView; recipient: string }> {
    const grant = await deps.tokens.verify(pageId, token);
    if (grant === 'forged') throw new DomainError('ack-link-invalid', 'this link is not an acknowledgement link for this page');
    if (grant === 'expired') throw new DomainError('ack-link-expired', 'this acknowledgement link has expired; acknowledge in the portal instead');
    const ids = parsePageId(pageId)!;
    const [loaded, page, delivery] = await Promise.all([updates.loadCase(ids.caseNumber), pages.getPage(ids.caseNumber, ids.pageNo), pages.getDelivery(ids.caseNumber, grant.deliveryId)]);
    if (!loaded || !page || !delivery) throw new DomainError('page-not-found', `page ${pageId} was not found`, { pageId });
    return { page: pageViewOf(page, loaded.supportCase), recipient: delivery.to.name };
  }

  return {
    /** GET of a link: shows what would be acknowledged; changes nothing (mail scanners follow links). */
    openLink,
    /** POST of a link's form: acknowledges in the name of the person the link was sent to. */
    async acknowledgeWithLink(pageId: string, token: string): Promise<PageView> {
      const { recipient } = await openLink(pageId, token);
      return acknowledge(pageId, { role: 'system', name: recipient }, 'link');
    },
    /** POST /pages/{id}/ack: a signed-in member of staff; a retry with the same Idempotency-Key answers the same. */
    async acknowledgeAsStaff(principal: Principal, pageId: string, idempotencyKey?: string): Promise<{ page: PageView; replayed: boolean }> {
      if (!isStaff(principal.role)) throw new DomainError('forbidden', 'only support staff acknowledge pages');
      const request = idempotencyKey === undefined ? undefined : { scope: principal.sub, key: idempotencyKey, fingerprint: fingerprintOf({ route: 'page-ack', pageId }) };
      return once<{ page: PageView; replayed: boolean }>(
        (scope, key) => deps.idempotency.findIdempotency(scope, key),
        request,
        async () => ({ page: await acknowledge(pageId, { role: principal.role, name: principal.name }, 'portal', request), replayed: false }),
        async () => {
          const ids = parsePageId(pageId)!;
          const [loaded, page] = await Promise.all([updates.loadCase(ids.caseNumber), pages.getPage(ids.caseNumber, ids.pageNo)]);
          if (!loaded || !page) throw new DomainError('page-not-found', `page ${pageId} was not found`, { pageId });
          return { page: pageViewOf(page, loaded.supportCase), replayed: true };
        },
      );
    },
    /** A case's pages, for staff. */
    async casePages(principal: Principal, caseNumber: string): Promise<PageView[]> {
      if (!isStaff(principal.role)) throw new DomainError('forbidden', 'only support staff see pages');
      const [loaded, found] = await Promise.all([updates.loadCase(caseNumber), pages.listPages(caseNumber)]);
      if (!loaded) throw new DomainError('case-not-found', `case ${caseNumber} was not found`, { caseNumber });
      return found.map((page) => pageViewOf(page, loaded.supportCase));
    },
  };
}

export type PageAcknowledgement = ReturnType<typeof makePageAcknowledgement>;
