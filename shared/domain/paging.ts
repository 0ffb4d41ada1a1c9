import { quoted, toAscii, toGsm7, truncate } from './alert-message.js';
import { isOpen } from './case-lifecycle.js';
import type { PagingPolicy } from './oncall-config.js';
import type { OncallPerson, PageTarget } from './oncall-rota.js';
import { type SlaTimer, isPageTimer } from './sla-timers.js';
import type { SupportCase } from './support-case.js';
import type { ResponseLevel } from './support-policy.js';

/**
 * A page: the on-call staff are paged about a case until someone acknowledges
 * it. Its steps (first page, repeats, escalations) are timers of the case,
 * `page-<step>` with the page's number as revision; each step pages whoever is
 * on call at the moment it fires. An acknowledgement or the case's first
 * response ends it.
 */
export interface PageRecord {
  /** `<case number>-<page number>`, e.g. `00000042-1`. */
  readonly pageId: string;
  readonly caseNumber: string;
  readonly pageNo: number;
  readonly level: ResponseLevel;
  readonly institution: string;
  readonly title: string;
  readonly startedAt: number;
  readonly status: 'open' | 'acknowledged';
  /** The last step sent (0 before the first). */
  readonly lastStep: number;
  readonly stepsSent: number;
  readonly repeats: number;
  readonly escalations: number;
  readonly acknowledgedAt: number | null;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedVia: 'link' | 'portal' | null;
}

export type PageChannel = 'sms' | 'email';

/** One message of a step to one person, kept in the page outbox until it is sent (or given up on). */
export interface PageDelivery {
  /** `p<page>-s<step>-<channel>-<recipient>`: unique in the case's partition. */
  readonly deliveryId: string;
  readonly pageId: string;
  readonly caseNumber: string;
  readonly step: number;
  readonly recipient: number;
  readonly channel: PageChannel;
  readonly to: OncallPerson;
  readonly subject: string;
  /** The message without its acknowledgement link (the link is signed when the message is sent). */
  readonly text: string;
}

export const PAGE_ID = /^(\d{8})-([1-9]\d{0,3})$/;

export const pageIdOf = (caseNumber: string, pageNo: number) => `${caseNumber}-${pageNo}`;

export function parsePageId(pageId: string): { caseNumber: string; pageNo: number } | undefined {
  const match = PAGE_ID.exec(pageId);
  return match ? { caseNumber: match[1]!, pageNo: Number(match[2]) } : undefined;
}

export const stepOfTimer = (kind: string): number => Number(kind.slice('page-'.length));

/** The step timers of a page that starts at `startedAt`: one per policy step, each its own schedule. */
export function pageTimersFor(policy: PagingPolicy, startedAt: number, pageNo: number): SlaTimer[] {
  return policy.steps.map((step, i) => ({ kind: `page-${i + 1}`, revision: pageNo, dueAt: startedAt + step.afterMs, topics: [] }));
}

export function newPage(facts: Pick<PageRecord, 'caseNumber' | 'pageNo' | 'level' | 'institution' | 'title' | 'startedAt'>): PageRecord {
  return {
    ...facts,
    pageId: pageIdOf(facts.caseNumber, facts.pageNo),
    status: 'open',
    lastStep: 0,
    stepsSent: 0,
    repeats: 0,
    escalations: 0,
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgedVia: null,
  };
}

/** Paging has ended when support has responded or the case is no longer open. */
export const pagingEnded = (supportCase: Pick<SupportCase, 'firstResponse' | 'status'>): boolean => supportCase.firstResponse !== null || !isOpen(supportCase.status);

/** The steps of page `pageNo` that have not fired and were not cancelled. */
export function pendingStepsOf<T extends Pick<SlaTimer, 'kind' | 'revision'> & { readonly status: string }>(timers: readonly T[], pageNo: number): T[] {
  return timers.filter((t) => isPageTimer(t.kind) && t.revision === pageNo && t.status === 'pending');
}

export interface PageView extends PageRecord {
  /** `paging` until acknowledged or ended (by the first response, or the case being resolved or closed). */
  readonly state: 'paging' | 'acknowledged' | 'ended';
}

export function pageViewOf(page: PageRecord, supportCase: Pick<SupportCase, 'firstResponse' | 'status'>): PageView {
  return { ...page, state: page.status === 'acknowledged' ? 'acknowledged' : pagingEnded(supportCase) ? 'ended' : 'paging' };
}

/** One message of step `step` (of `stepCount`) to the `recipient`-th person paged, as the page outbox keeps it. */
export function pageDelivery(page: PageRecord, step: number, stepCount: number, target: PageTarget, person: OncallPerson, recipient: number, channel: PageChannel): PageDelivery {
  const rendered = renderPageMessages(page, step, stepCount, target, person);
  return {
    deliveryId: `p${page.pageNo}-s${step}-${channel}-${recipient}`,
    pageId: page.pageId,
    caseNumber: page.caseNumber,
    step,
    recipient,
    channel,
    to: person,
    subject: rendered.subject,
    text: channel === 'sms' ? rendered.sms : rendered.email,
  };
}

const TARGET_WORDS: Record<PageTarget, string> = { primary: 'on call', secondary: 'secondary on call', management: 'management' };

/**
 * What a step says to one person, by SMS and by mail: the case number first, its level, institution and title
 * (the customer's words, as data: quoted in mail, GSM-7 in SMS), and which step this is.
 */
export function renderPageMessages(page: PageRecord, step: number, stepCount: number, target: PageTarget, person: OncallPerson): { sms: string; subject: string; email: string } {
  const which = step === 1 ? 'PAGE' : `PAGE ${step}/${stepCount}`;
  return {
    sms: truncate(toGsm7(`${page.caseNumber} L${page.level} ${which} ${page.institution}: ${page.title}`), 100),
    subject: truncate(toAscii(`[Case ${page.caseNumber}] Level ${page.level} page (${TARGET_WORDS[target]}): ${page.title}`), 99),
    email: [
      `Case ${page.caseNumber}: level ${page.level} page, step ${step} of ${stepCount} (${TARGET_WORDS[target]})`,
      '',
      `To: ${quoted(person.name)}`,
      `Institution: ${page.institution}`,
      `Level: ${page.level}`,
      `Title: ${quoted(page.title)}`,
      '',
      'Until someone acknowledges this page it repeats and then escalates.',
    ].join('\n'),
  };
}

/** The message as sent: the stored words and the acknowledgement link. */
export function withAckLink(delivery: Pick<PageDelivery, 'channel' | 'text'>, link: string): string {
  return delivery.channel === 'sms' ? `${delivery.text} Ack: ${link}` : `${delivery.text}\n\nAcknowledge (opens a page that asks you to confirm):\n${link}\n`;
}
