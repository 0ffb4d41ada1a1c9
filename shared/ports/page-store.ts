import type { PageDelivery, PageRecord } from '../domain/paging.js';
import type { TimelineEvent } from '../domain/timeline-event.js';
import type { IdempotencyWrite, Page, StoredTimer } from './case-update-store.js';

export interface StoredDelivery extends PageDelivery {
  readonly status: 'pending' | 'sending' | 'sent' | 'failed';
  readonly attempts: number;
}

/** A step recorded in one transaction: the page (conditional on the state it was decided on), its timers, outbox and event. */
export interface PageStepWrite {
  /** The page as read; undefined when this step starts it. */
  readonly previous: PageRecord | undefined;
  readonly next: PageRecord;
  readonly fire: StoredTimer;
  /** Earlier steps passed over (an escalation at once): cancelled with it. */
  readonly skip: readonly StoredTimer[];
  readonly deliveries: readonly PageDelivery[];
  readonly event: TimelineEvent;
}

export interface PageAckWrite {
  readonly previous: PageRecord;
  readonly next: PageRecord;
  readonly cancel: readonly StoredTimer[];
  readonly event: TimelineEvent;
  readonly idempotency?: IdempotencyWrite | undefined;
}

/**
 * Pages and their outbox, in the case's partition: every state change is
 * conditional on the page as it was read, so an acknowledgement racing a step
 * has exactly one outcome. Unsent messages are in the sparse pending index.
 */
export interface PageStore {
  getPage(caseNumber: string, pageNo: number): Promise<PageRecord | undefined>;
  listPages(caseNumber: string): Promise<PageRecord[]>;
  recordStep(write: PageStepWrite): Promise<'applied' | 'stale'>;
  acknowledge(write: PageAckWrite): Promise<'applied' | 'stale'>;
  getDelivery(caseNumber: string, deliveryId: string): Promise<StoredDelivery | undefined>;
  /** Messages not yet sent (pending, or claimed by a sender whose lease has run out), a page at a time. */
  unsentDeliveries(now: number, limit: number, after?: string): Promise<Page<StoredDelivery>>;
  claimDelivery(caseNumber: string, deliveryId: string, now: number, leaseUntil: number): Promise<StoredDelivery | undefined>;
  /** Sent, or given up on after its attempts (`failed`): either way it leaves the pending index. */
  settleDelivery(delivery: StoredDelivery, outcome: 'sent' | 'failed', at: number): Promise<void>;
  releaseDelivery(caseNumber: string, deliveryId: string): Promise<void>;
  /** Pages started in [from, to), for the paging report. */
  pagesStartedBetween(from: number, to: number): Promise<PageRecord[]>;
}
