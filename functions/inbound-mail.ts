import middy from '@middy/core';
import * as z from 'zod/mini';
import { inboundMail } from '../shared/composition/inbound-mail.js';
import { logger } from '../shared/composition/settings.js';
import { INBOUND_MAX_BYTES, type ReceivedMail } from '../shared/use-cases/receive-mail.js';

const verdict = z.optional(z.object({ status: z.string() }));

/** The SES receipt-rule Lambda action's event (the message itself is in S3, put there by the rule's S3 action). */
const eventSchema = z.object({
  Records: z
    .array(
      z.object({
        ses: z.object({
          mail: z.object({ messageId: z.string().check(z.regex(/^[A-Za-z0-9._-]{1,200}$/)) }),
          receipt: z.object({
            recipients: z.array(z.string().check(z.maxLength(320))),
            spfVerdict: verdict,
            dkimVerdict: verdict,
            dmarcVerdict: verdict,
            spamVerdict: verdict,
            virusVerdict: verdict,
          }),
        }),
      }),
    )
    .check(z.minLength(1), z.maxLength(10)),
});


/**
 * Target of the SES receipt rule: reads the stored message and hands it to the
 * same inbound use case the local SMTP server uses. A store outage is thrown
 * (Lambda retries the event; the message is acted on once); a malformed event
 * is logged and dropped.
 */
export const handler = middy<unknown, { outcomes: string[] }>().handler(async (event) => {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    logger().error('malformed SES receipt event dropped', { issues: parsed.error.issues.length });
    return { outcomes: ['rejected'] };
  }
  const { rawMail, receiveMail } = inboundMail();
  const outcomes: string[] = [];
  for (const { ses } of parsed.data.Records) {
    const stored = await rawMail.read(ses.mail.messageId, INBOUND_MAX_BYTES);
    if ('tooLarge' in stored) {
      logger().warn('inbound mail refused: too large', { bytes: stored.tooLarge, limit: INBOUND_MAX_BYTES });
      outcomes.push('too-large');
      continue;
    }
    const r = ses.receipt;
    const received: ReceivedMail = await receiveMail(stored.raw, {
      recipients: r.recipients,
      verdicts: { spf: r.spfVerdict?.status, dkim: r.dkimVerdict?.status, dmarc: r.dmarcVerdict?.status, spam: r.spamVerdict?.status, virus: r.virusVerdict?.status },
    });
    outcomes.push(received.outcome);
  }
  return { outcomes };
});
