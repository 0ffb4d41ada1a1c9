import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import { CUSTOMER_MAIL_KINDS } from '../../domain/customer-mail.js';
import { ALERT_TOPICS, RESPONSE_LEVELS } from '../../domain/policy-terms.js';
import type { StoredAlert, StoredMail } from '../../ports/outbox.js';
import { integer, number, text } from './case-item.js';

/** Outbox items (alerts, customer mail) read back (written by `alertItem` and `mailItem` in items.ts): parsed, not trusted. Only the outbox reads them. */

/** Where an outbox item is in its sending. */
const outboxState = { status: z.enum(['pending', 'sending', 'sent']), attempts: integer, leaseUntil: number };

const mailSchema = z.object({
  mailId: text,
  caseNumber: text,
  kind: z.enum(CUSTOMER_MAIL_KINDS),
  mail: z.object({
    messageId: text,
    from: text,
    to: z.array(text),
    replyTo: z.optional(text),
    subject: text,
    text: text,
    html: z.optional(text),
    inReplyTo: z.optional(text),
    references: z.optional(z.array(text)),
    headers: z.optional(z.record(text, text)),
    tags: z.optional(z.record(text, text)),
  }),
  ...outboxState,
});

export function parseMail(item: Record<string, AttributeValue>): StoredMail & { leaseUntil: number } {
  return mailSchema.parse(unmarshall(item));
}

const alertSchema = z.object({
  alertId: text,
  caseNumber: text,
  topic: z.enum(ALERT_TOPICS),
  subject: text,
  sms: text,
  email: text,
  attributes: z.object({ level: z.enum(RESPONSE_LEVELS), kind: z.enum(['case-opened', 'sla-warning', 'sla-breached', 'escalation', 'escalation-requested']), caseNumber: text }),
  ...outboxState,
});

export function parseAlert(item: Record<string, AttributeValue>): StoredAlert & { leaseUntil: number } {
  return alertSchema.parse(unmarshall(item));
}
