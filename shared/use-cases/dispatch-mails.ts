import { type MailSettings, renderCustomerMail, replyAddressOf } from '../domain/customer-mail.js';
import { formatInstant } from '../domain/instant-text.js';
import { SYSTEM_ACTOR } from '../domain/timeline-event.js';
import type { Logger } from '../observability/logger.js';
import type { Clock } from '../ports/clock.js';
import type { Outbox, StoredMail } from '../ports/outbox.js';
import type { MailSender, OutboundMail } from '../ports/mail-sender.js';
import type { Metrics } from '../ports/metrics.js';
import { type DispatchResult, deliverOnce, inBatches } from './dispatch-alerts.js';

/**
 * A recorded customer mail as it is sent: rendered now from its facts with the sender's mail settings (From, the
 * per-case reply address, the portal link), or as it was recorded (rendered, before rendering moved here).
 */
export function outboundMailOf(stored: StoredMail, settings: MailSettings): OutboundMail {
  if ('mail' in stored) return stored.mail;
  const { subject, text, html } = renderCustomerMail(stored.facts, settings);
  return {
    messageId: stored.messageId,
    from: settings.from,
    to: stored.to,
    replyTo: replyAddressOf(stored.caseNumber, settings),
    subject,
    text,
    html,
    ...(stored.inReplyTo ? { inReplyTo: stored.inReplyTo, references: [stored.inReplyTo] } : {}),
    headers: { 'Auto-Submitted': 'auto-generated' },
    tags: { case: stored.caseNumber, kind: stored.kind },
  };
}

/**
 * Sends recorded customer mail, like alerts (claim, send, record): one send per
 * message id in normal operation, retried by the sweeper when the mail service
 * fails. Addresses that complained are left out; a message with no one left to
 * mail is recorded as not sent. An internal timeline event says what was sent to
 * whom (subject and addresses, never the body).
 */
export function makeDispatchMails(deps: {
  readonly outbox: Outbox;
  readonly sender: MailSender;
  readonly settings: MailSettings;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}) {
  const { outbox, sender, settings, clock, logger, metrics } = deps;

  const dispatchOne = ({ caseNumber, mailId }: { readonly caseNumber: string; readonly mailId: string }) =>
    deliverOnce<StoredMail>(
      {
        claim: (now, leaseUntil) => outbox.claimMail(caseNumber, mailId, now, leaseUntil),
        release: () => outbox.releaseMail(caseNumber, mailId),
        log: logger.with({ caseNumber, mailId }),
        attempts: (mail) => mail.attempts,
        send: async (stored) => {
          const mail = outboundMailOf(stored, settings);
          const suppressed = await outbox.suppressedAddresses(mail.to);
          const to = mail.to.filter((address) => !suppressed.has(address));
          const sent = to.length > 0 ? await sender.send({ ...mail, to }) : { messageId: mail.messageId };
          metrics.count(to.length > 0 ? 'MailsSent' : 'MailsSuppressed', 1, { Kind: stored.kind });
          return {
            record: () =>
              outbox.markMailSent(
                stored,
                {
                  kind: 'mail-sent',
                  at: formatInstant(clock.now()),
                  actor: SYSTEM_ACTOR,
                  visibility: 'internal',
                  discriminator: mailId,
                  details: {
                    mail: stored.kind,
                    to: to.join(', '),
                    notSentTo: [...suppressed].join(', '),
                    subject: mail.subject,
                    messageId: sent.messageId,
                    sent: to.length > 0,
                  },
                },
                sent.messageId,
              ),
          };
        },
      },
      clock,
    ).then((outcome) => {
      if (outcome === 'failed') metrics.count('MailsFailed', 1, {});
      return outcome;
    });

  return async function dispatchMails(mails: readonly { readonly caseNumber: string; readonly mailId: string }[]): Promise<DispatchResult> {
    return inBatches(mails, dispatchOne);
  };
}

export type DispatchMails = ReturnType<typeof makeDispatchMails>;
