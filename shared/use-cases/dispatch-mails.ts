import { formatInstant } from '../domain/instant-text.js';
import { SYSTEM_ACTOR } from '../domain/timeline-event.js';
import type { Logger } from '../observability/logger.js';
import type { Clock } from '../ports/clock.js';
import type { Outbox, StoredMail } from '../ports/outbox.js';
import type { MailSender } from '../ports/mail-sender.js';
import type { Metrics } from '../ports/metrics.js';
import { type DispatchResult, deliverOnce, inBatches } from './dispatch-alerts.js';

/**
 * Sends recorded customer mail, like alerts (claim, send, record): one send per
 * message id in normal operation, retried by the sweeper when the mail service
 * fails. Addresses that complained are left out; a message with no one left to
 * mail is recorded as not sent. An internal timeline event says what was sent to
 * whom (subject and addresses, never the body).
 */
export function makeDispatchMails(deps: { readonly outbox: Outbox; readonly sender: MailSender; readonly clock: Clock; readonly logger: Logger; readonly metrics: Metrics }) {
  const { outbox, sender, clock, logger, metrics } = deps;

  const dispatchOne = ({ caseNumber, mailId }: { readonly caseNumber: string; readonly mailId: string }) =>
    deliverOnce<StoredMail>(
      {
        claim: (now, leaseUntil) => outbox.claimMail(caseNumber, mailId, now, leaseUntil),
        release: () => outbox.releaseMail(caseNumber, mailId),
        log: logger.with({ caseNumber, mailId }),
        attempts: (mail) => mail.attempts,
        send: async (stored) => {
          const suppressed = await outbox.suppressedAddresses(stored.mail.to);
          const to = stored.mail.to.filter((address) => !suppressed.has(address));
          const sent = to.length > 0 ? await sender.send({ ...stored.mail, to }) : { messageId: stored.mail.messageId };
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
                    subject: stored.mail.subject,
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
