import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import { CUSTOMER_MAIL_KINDS } from '../../domain/customer-mail.js';
import { ALERT_TOPICS, RESPONSE_LEVELS } from '../../domain/policy-terms.js';
import type { StoredAlert, StoredMail } from '../../ports/outbox.js';

/** Outbox items (alerts, customer mail) read back (written by `alertItem` and `mailItem` in items.ts): parsed, not trusted. Only the outbox reads them. */
const mailSchema = z.object({
  mailId: z.string(),
  caseNumber: z.string(),
  kind: z.enum(CUSTOMER_MAIL_KINDS),
  mail: z.object({
    messageId: z.string(),
    from: z.string(),
    to: z.array(z.string()),
    replyTo: z.optional(z.string()),
    subject: z.string(),
    text: z.string(),
    html: z.optional(z.string()),
    inReplyTo: z.optional(z.string()),
    references: z.optional(z.array(z.string())),
    headers: z.optional(z.record(z.string(), z.string())),
    tags: z.optional(z.record(z.string(), z.string())),
  }),
  status: z.enum(['pending', 'sending', 'sent']),
  attempts: z.number().check(z.int()),
  leaseUntil: z.number(),
});

export function parseMail(item: Record<string, AttributeValue>): StoredMail & { leaseUntil: number } {
  return mailSchema.parse(unmarshall(item));
}

const alertSchema = z.object({
  alertId: z.string(),
  caseNumber: z.string(),
  topic: z.enum(ALERT_TOPICS),
  subject: z.string(),
  sms: z.string(),
  email: z.string(),
  attributes: z.object({ level: z.enum(RESPONSE_LEVELS), kind: z.enum(['case-opened', 'sla-warning', 'sla-breached', 'escalation', 'escalation-requested']), caseNumber: z.string() }),
  status: z.enum(['pending', 'sending', 'sent']),
  attempts: z.number().check(z.int()),
  leaseUntil: z.number(),
});

export function parseAlert(item: Record<string, AttributeValue>): StoredAlert & { leaseUntil: number } {
  return alertSchema.parse(unmarshall(item));
}
