import middy from '@middy/core';
import * as z from 'zod/mini';
import { mailFeedbackRecording } from '../shared/composition/mail-feedback.js';
import { logger } from '../shared/composition/settings.js';
import type { MailFeedback } from '../shared/use-cases/mail-feedback.js';

const recipients = z.array(z.object({ emailAddress: z.string().check(z.maxLength(320)) }));

/** What SES publishes to the configuration set's SNS destination for a bounce or a complaint. */
const noticeSchema = z.object({
  eventType: z.string(),
  mail: z.object({ messageId: z.string().check(z.maxLength(200)), tags: z.optional(z.record(z.string(), z.array(z.string()))) }),
  bounce: z.optional(z.object({ bounceType: z.string(), bouncedRecipients: recipients })),
  complaint: z.optional(z.object({ complainedRecipients: recipients })),
});

const eventSchema = z.object({ Records: z.array(z.object({ Sns: z.object({ Message: z.string() }) })) });

const CASE_TAG = /^\d{8}$/;

/** The feedback a notice carries; undefined for other event types (sends, deliveries). */
export function feedbackOf(message: string): MailFeedback | undefined {
  const notice = noticeSchema.parse(JSON.parse(message));
  const caseTag = notice.mail.tags?.case?.[0];
  const caseNumber = caseTag !== undefined && CASE_TAG.test(caseTag) ? caseTag : null;
  if (notice.eventType === 'Bounce' && notice.bounce) {
    return { type: 'bounce', bounceType: notice.bounce.bounceType, addresses: notice.bounce.bouncedRecipients.map((r) => r.emailAddress), caseNumber, messageId: notice.mail.messageId };
  }
  if (notice.eventType === 'Complaint' && notice.complaint) {
    return { type: 'complaint', addresses: notice.complaint.complainedRecipients.map((r) => r.emailAddress), caseNumber, messageId: notice.mail.messageId };
  }
  return undefined;
}

/**
 * Subscribed to the SES configuration set's SNS topic: records each bounce and
 * complaint on its case and stops mailing complained addresses. A malformed
 * notice is logged and dropped; a store outage is thrown so SNS retries.
 */
export const handler = middy<unknown, { recorded: number }>().handler(async (event) => {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    logger().error('malformed SNS event dropped', { issues: parsed.error.issues.length });
    return { recorded: 0 };
  }
  let recorded = 0;
  for (const record of parsed.data.Records) {
    let feedback: MailFeedback | undefined;
    try {
      feedback = feedbackOf(record.Sns.Message);
    } catch {
      logger().error('malformed SES notice dropped');
      continue;
    }
    if (feedback && (await mailFeedbackRecording().recordMailFeedback(feedback)) === 'recorded') recorded++;
  }
  return { recorded };
});
