import { type CustomerMailFacts, type CustomerMailKind, type MailSettings, addressOf } from '../domain/customer-mail.js';
import { messageIdOf, threadRootId } from '../domain/mail-threading.js';
import type { SupportCase } from '../domain/support-case.js';
import type { SupportDirectory } from '../domain/support-directory.js';
import type { ResponseLevel } from '../domain/support-policy.js';
import type { TimelineEvent } from '../domain/timeline-event.js';
import type { OutboxMail } from '../ports/case-update-store.js';

export type { OutboxMail };

/** Who a case's mail goes to: its contact and the watchers of its own institution (never anyone else's). */
export function recipientsOf(supportCase: Pick<SupportCase, 'contact' | 'institution'>, directory: SupportDirectory): string[] {
  const watchers = directory.institutions.get(supportCase.institution)?.watchers ?? [];
  return [...new Set([supportCase.contact.email, ...watchers].map((a) => a.trim().toLowerCase()).filter(Boolean))];
}

const zoneOf = (supportCase: SupportCase, directory: SupportDirectory): string => {
  const institution = directory.institutions.get(supportCase.institution);
  return institution ? directory.calendarOfCase(institution, supportCase).zone : 'UTC';
};

/**
 * One message about a case, as the outbox records it: its facts and its recipients, threaded under the case's first
 * message. The sender renders it (renderCustomerMail) when it sends, so the functions that record mail bundle none
 * of the rendering.
 */
export function caseMail(
  supportCase: SupportCase,
  kind: CustomerMailKind,
  discriminator: string,
  facts: Partial<CustomerMailFacts>,
  directory: SupportDirectory,
  settings: Pick<MailSettings, 'domain'>,
): OutboxMail {
  const messageId = messageIdOf(supportCase.caseNumber, kind, discriminator, settings);
  const root = threadRootId(supportCase.caseNumber, settings);
  return {
    mailId: `${kind}-${discriminator}`.slice(0, 120),
    caseNumber: supportCase.caseNumber,
    kind,
    to: recipientsOf(supportCase, directory),
    messageId,
    ...(messageId === root ? {} : { inReplyTo: root }),
    facts: { kind, caseNumber: supportCase.caseNumber, title: supportCase.title, contactName: supportCase.contact.name, zone: zoneOf(supportCase, directory), ...facts },
  };
}

const levelFacts = (level: ResponseLevel, directory: SupportDirectory) => ({ level, levelName: directory.policy.levels[level].name });

/** The acknowledgement of a new case: level in plain words, deadline in the institution's zone, what is missing and why, coverage. */
export function openedMail(supportCase: SupportCase, directory: SupportDirectory, settings: Pick<MailSettings, 'domain'>): OutboxMail {
  const coverage = supportCase.coverage;
  return caseMail(
    supportCase,
    'case-opened',
    supportCase.caseNumber,
    {
      ...levelFacts(supportCase.responseLevel, directory),
      dueAt: supportCase.sla?.firstResponseDueAt ?? null,
      missing: supportCase.missingInformation,
      ...(coverage.route !== 'support' ? { coverageNote: { message: coverage.message, link: 'link' in coverage ? coverage.link : undefined } } : {}),
    },
    directory,
    settings,
  );
}

const MAILED_STATUSES: Readonly<Record<string, CustomerMailKind>> = { 'awaiting-customer': 'awaiting-customer', resolved: 'resolved', closed: 'closed' };

/**
 * The customer messages a recorded change calls for, decided from its public
 * events: a public comment by support, a move to awaiting-customer, resolved or
 * closed, a level change (new deadline, public reason), a customer's escalation
 * request. Internal events never produce mail.
 */
export function mailsForEvents(supportCase: SupportCase, events: readonly TimelineEvent[], directory: SupportDirectory, settings: Pick<MailSettings, 'domain'>): OutboxMail[] {
  const mails: OutboxMail[] = [];
  for (const event of events) {
    if (event.visibility !== 'public') continue;
    const d = event.details;
    if (event.kind === 'comment' && event.actor.role !== 'customer' && event.actor.role !== 'system') {
      mails.push(caseMail(supportCase, 'support-comment', event.discriminator, { body: String(d.body ?? ''), author: event.actor.name }, directory, settings));
    } else if (event.kind === 'status-changed' && typeof d.to === 'string' && MAILED_STATUSES[d.to]) {
      mails.push(caseMail(supportCase, MAILED_STATUSES[d.to]!, event.discriminator, {}, directory, settings));
    } else if (event.kind === 'level-changed' && typeof d.to === 'string') {
      mails.push(
        caseMail(
          supportCase,
          'level-changed',
          event.discriminator,
          { ...levelFacts(d.to as ResponseLevel, directory), previousLevel: d.from as ResponseLevel, body: String(d.reason ?? ''), dueAt: typeof d.newDueAt === 'string' ? d.newDueAt : null },
          directory,
          settings,
        ),
      );
    } else if (event.kind === 'escalation-requested' && event.actor.role === 'customer') {
      mails.push(caseMail(supportCase, 'escalation-acknowledged', event.discriminator, { body: String(d.reason ?? '') }, directory, settings));
    }
  }
  return mails;
}

/** Whether an address is ours (the From address or any address at the mail domain): mail from it is never taken in. */
export function isOwnAddress(address: string, settings: MailSettings): boolean {
  const a = address.toLowerCase();
  return a === addressOf(settings.from) || a.endsWith(`@${settings.domain.toLowerCase()}`);
}
