import * as z from 'zod/mini';
import document from '../config/notifications.json' with { type: 'json' };
import { fieldProblems } from '../shared/domain/zod-problems.js';
import type { AlertSubscribers } from './sla-escalation.js';

/**
 * Who the broadcast topics reach and how the account sends SMS, from committed configuration
 * (config/notifications.json), never from deploy-time flags: `cdk deploy` without any `-c` keeps every subscriber.
 */
const emails = z.array(z.email()).check(z.maxLength(50));
const schema = z.strictObject({
  subscribers: z.strictObject({
    oncall: z.strictObject({ emails, phones: z.array(z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +447700900123'))).check(z.maxLength(20)) }),
    support: z.strictObject({ emails }),
    management: z.strictObject({ emails }),
    operations: z.strictObject({ emails }),
  }),
  sms: z.strictObject({
    /** The account's monthly SMS spend limit in USD, set on the account by the stack (an alarm fires at 80 %). */
    monthlySpendLimitUsd: z.number().check(z.positive(), z.maximum(100_000)),
    /** An E.164 origination number or an alphanumeric sender ID for pages; null: the account's default. */
    origination: z.nullable(z.string().check(z.regex(/^(\+[1-9]\d{6,14}|[A-Za-z0-9]{1,11})$/, 'an E.164 number or a sender ID of up to 11 letters and digits'))),
  }),
});

export interface NotificationSettings {
  readonly subscribers: AlertSubscribers;
  readonly smsMonthlySpendLimitUsd: number;
  readonly smsOrigination: string | null;
}

export function notificationSettings(input: unknown = document): NotificationSettings {
  const result = z.safeParse(schema, input);
  if (!result.success) throw new Error(`config/notifications.json: ${fieldProblems(result.error).map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  const { subscribers: s, sms } = result.data;
  return {
    subscribers: { oncallEmails: s.oncall.emails, oncallPhones: s.oncall.phones, supportEmails: s.support.emails, managementEmails: s.management.emails, operationsEmails: s.operations.emails },
    smsMonthlySpendLimitUsd: sms.monthlySpendLimitUsd,
    smsOrigination: sms.origination,
  };
}
