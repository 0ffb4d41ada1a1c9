import type { OutboundAlert } from '../domain/alert-message.js';
import type { TimelineEvent } from '../domain/timeline-event.js';
import type { OutboxAlert, OutboxMail, Page } from './case-update-store.js';
import type { OutboundMail } from './mail-sender.js';

/** Where an outbox item is in its sending. */
interface Sending {
  readonly status: 'pending' | 'sending' | 'sent';
  readonly attempts: number;
}

/**
 * An alert or a mail as the outbox holds it: as recorded now (its facts, rendered by the sender), or as recorded
 * before a deploy that moved rendering to the sender (already rendered): both are sent.
 */
export type StoredAlert = (OutboxAlert | OutboundAlert) & Sending;
export type StoredMail = (OutboxMail | RenderedOutboxMail) & Sending;

/** A customer mail recorded already rendered (before rendering moved to the sender). */
export interface RenderedOutboxMail {
  readonly mailId: string;
  readonly caseNumber: string;
  readonly kind: OutboxMail['kind'];
  readonly mail: OutboundMail;
}

/** Why an address is no longer mailed (a complaint), or was reported undeliverable (a permanent bounce). */
export interface MailSuppression {
  readonly address: string;
  readonly reason: 'complaint' | 'bounce';
  readonly at: string;
}

/**
 * The outbox of the cases: alerts and customer mail recorded by the changes that called for them (in their
 * transactions, see CaseUpdateStore), each taken for sending, recorded as sent or given back; and what sending mail
 * keeps: the ids of the messages sent (a reply finds its case), the addresses that must not be mailed, the inbound
 * messages already acted on. Only what sends or receives messages uses it.
 */
export interface Outbox {
  /** Alerts not yet sent (pending, or claimed by a sender whose lease has run out), a page at a time. */
  unsentAlerts(now: number, limit: number, after?: string): Promise<Page<StoredAlert>>;
  /** Takes an alert for sending until `leaseUntil`; undefined when someone else has it or it was sent. */
  claimAlert(caseNumber: string, alertId: string, now: number, leaseUntil: number): Promise<StoredAlert | undefined>;
  /** Records the send and its timeline event; the alert leaves the pending index. */
  markAlertSent(alert: StoredAlert, event: TimelineEvent): Promise<void>;
  /** Gives a claimed alert back after a failed send, so the next sweep retries it at once. */
  releaseAlert(caseNumber: string, alertId: string): Promise<void>;
  /** Customer mail not yet sent (pending, or claimed by a sender whose lease has run out), a page at a time. */
  unsentMails(now: number, limit: number, after?: string): Promise<Page<StoredMail>>;
  /** Takes a mail for sending until `leaseUntil`; undefined when someone else has it or it was sent. */
  claimMail(caseNumber: string, mailId: string, now: number, leaseUntil: number): Promise<StoredMail | undefined>;
  /** Records the send, its timeline event and the id the provider gave the message (so a reply to it finds the case). */
  markMailSent(mail: StoredMail, event: TimelineEvent, providerMessageId: string): Promise<void>;
  releaseMail(caseNumber: string, mailId: string): Promise<void>;
  /** The case a message we sent belongs to, by the Message-ID it carried. */
  caseOfMessage(messageId: string): Promise<string | undefined>;
  /** Of these addresses, those that must not be mailed (they complained). */
  suppressedAddresses(addresses: readonly string[]): Promise<Set<string>>;
  suppressAddress(suppression: MailSuppression): Promise<void>;
  /** True the first time a key is seen (within a year): an inbound message is acted on once however often it is delivered. */
  firstSeen(key: string, at: string): Promise<boolean>;
}
