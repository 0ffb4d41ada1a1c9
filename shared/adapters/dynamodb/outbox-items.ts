import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import { ALERT_KINDS } from '../../domain/alert-message.js';
import { CUSTOMER_MAIL_KINDS } from '../../domain/customer-mail.js';
import { ALERT_TOPICS, RESPONSE_LEVELS } from '../../domain/policy-terms.js';
import type { StoredAlert, StoredMail } from '../../ports/outbox.js';
import { integer, number, text } from './item-schemas.js';

/**
 * Outbox items (alerts, customer mail) read back (written by `alertItem` and `mailItem` in items.ts): parsed, not
 * trusted. Only the outbox reads them. An item holds what the change recorded (the facts the sender renders), or,
 * recorded before rendering moved to the sender, the rendered message: both shapes are read and sent.
 */

/** Where an outbox item is in its sending. */
const outboxState = { status: z.enum(['pending', 'sending', 'sent']), attempts: integer, leaseUntil: number };

const optionalText = z.optional(text);
const level = z.enum(RESPONSE_LEVELS);
const mailKind = z.enum(CUSTOMER_MAIL_KINDS);
const mailOf = { mailId: text, caseNumber: text, kind: mailKind };

const recordedMailSchema = z.object({
  ...mailOf,
  to: z.array(text),
  messageId: text,
  inReplyTo: optionalText,
  facts: z.object({
    kind: mailKind,
    caseNumber: text,
    title: text,
    contactName: text,
    levelName: optionalText,
    level: z.optional(level),
    dueAt: z.optional(z.nullable(text)),
    zone: text,
    missing: z.optional(z.array(text)),
    coverageNote: z.optional(z.object({ message: text, link: optionalText })),
    body: optionalText,
    author: optionalText,
    previousLevel: z.optional(level),
  }),
  ...outboxState,
});

const renderedMailSchema = z.object({
  ...mailOf,
  mail: z.object({
    messageId: text,
    from: text,
    to: z.array(text),
    replyTo: optionalText,
    subject: text,
    text: text,
    html: optionalText,
    inReplyTo: optionalText,
    references: z.optional(z.array(text)),
    headers: z.optional(z.record(text, text)),
    tags: z.optional(z.record(text, text)),
  }),
  ...outboxState,
});

const mailSchema = z.union([recordedMailSchema, renderedMailSchema]);

export function parseMail(item: Record<string, AttributeValue>): StoredMail & { leaseUntil: number } {
  return mailSchema.parse(unmarshall(item));
}

const alertKind = z.enum(ALERT_KINDS);
const alertOf = { alertId: text, caseNumber: text, topic: z.enum(ALERT_TOPICS) };

const recordedAlertSchema = z.object({
  ...alertOf,
  facts: z.object({
    caseNumber: text,
    kind: alertKind,
    step: z.optional(integer),
    institution: text,
    institutionName: text,
    level,
    title: text,
    dueAtUtc: z.nullable(text),
    dueAtLocal: z.nullable(text),
    zone: text,
    missingInformation: z.array(text),
    request: z.optional(z.object({ by: text, role: text, reason: text })),
  }),
  ...outboxState,
});

const renderedAlertSchema = z.object({
  ...alertOf,
  subject: text,
  sms: text,
  email: text,
  attributes: z.object({ level, kind: alertKind, caseNumber: text }),
  ...outboxState,
});

const alertSchema = z.union([recordedAlertSchema, renderedAlertSchema]);

export function parseAlert(item: Record<string, AttributeValue>): StoredAlert & { leaseUntil: number } {
  return alertSchema.parse(unmarshall(item));
}
