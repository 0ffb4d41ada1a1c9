import * as z from 'zod/mini';
import { ConfigurationError } from '../domain/errors.js';
import { fieldProblems } from '../domain/zod-problems.js';
import type { MailSettings } from '../domain/customer-mail.js';

/**
 * Runtime configuration from the environment, parsed once. The CDK stack sets
 * these on every function; the local runtime sets them before it loads the
 * handlers. `TIMERS` and `ALERTS` pick the adapters: `eventbridge`/`sns` in AWS,
 * `local` on a laptop. The AWS-only settings are checked when first used, so a
 * function that never schedules needs none of them.
 */
const logLevelSchema = z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info');

const optionalText = z.optional(z.string());
const tableName = z.string().check(z.minLength(3), z.maxLength(255));

const schema = z.object({
  TABLE_NAME: tableName,
  /** The table of customer secrets; `<TABLE_NAME>-secrets` when unset (as locally). */
  SECRETS_TABLE_NAME: z.optional(tableName),
  /** Only locally: DynamoDB Local's URL. Unset in AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'eu-west-2'),
  LOG_LEVEL: logLevelSchema,
  TIMERS: z._default(z.enum(['eventbridge', 'local']), 'eventbridge'),
  ALERTS: z._default(z.enum(['sns', 'local']), 'sns'),
  /** `emf`: CloudWatch embedded metric format lines on stdout (AWS); `none` locally. */
  METRICS: z._default(z.enum(['emf', 'none']), 'emf'),
  /** local alerts: the JSON-lines file every alert is appended to. */
  ALERTS_FILE: z._default(z.string().check(z.minLength(1)), '.data/alerts.jsonl'),
  /** The zone report dates are read in unless a request names one. */
  REPORT_ZONE: z._default(z.string(), 'Europe/London'),
  /** The longest period one report may cover. */
  REPORT_MAX_DAYS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(3660)), 366),
  /** AWS: the Secrets Manager secret whose value seals page cursors (only the listing function reads it). */
  CURSOR_KEY_SECRET_ARN: optionalText,
  /** Locally: the file holding the page-cursor key (made on first use). */
  CURSOR_KEY_FILE: optionalText,
  /** Where attachment files live: `s3` in AWS (ATTACHMENTS_BUCKET), `local` under ATTACHMENTS_DIR. */
  ATTACHMENTS: z._default(z.enum(['s3', 'local']), 's3'),
  ATTACHMENTS_BUCKET: optionalText,
  ATTACHMENTS_DIR: z._default(z.string().check(z.minLength(1)), '.data/attachments'),
  /** `true` when GuardDuty Malware Protection scans the bucket: downloads wait for a clean tag. */
  ATTACHMENTS_REQUIRE_SCAN: z._default(z.enum(['true', 'false']), 'false'),
  /** How customer mail leaves: `ses` in AWS (SES_CONFIGURATION_SET), `smtp` to SMTP_HOST:SMTP_PORT (the local SMTP server). */
  MAIL: z._default(z.enum(['ses', 'smtp']), 'ses'),
  /** The domain customer mail is sent from and replies are received at. */
  MAIL_DOMAIN: z._default(z.string().check(z.minLength(3), z.maxLength(253), z.regex(/^[a-z0-9.-]+$/, 'a lower-case domain name')), 'support.example.com'),
  /** The From address (`Name <local@domain>`, or an address); `Support <support@MAIL_DOMAIN>` when unset. */
  MAIL_FROM: z.optional(z.string().check(z.minLength(3), z.maxLength(300))),
  /** The portal's base URL, for the link to the case in every mail. */
  PORTAL_URL: z._default(z.url(), 'http://localhost:3000'),
  SES_CONFIGURATION_SET: optionalText,
  SMTP_HOST: z._default(z.string(), '127.0.0.1'),
  SMTP_PORT: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(65535)), 2525),
  /** AWS: the bucket SES stores received mail in (the inbound function reads it). */
  INBOUND_MAIL_BUCKET: optionalText,
  SCHEDULE_GROUP: optionalText,
  TIMER_FUNCTION_ARN: optionalText,
  SCHEDULER_ROLE_ARN: optionalText,
  TIMER_DLQ_ARN: optionalText,
  ONCALL_TOPIC_ARN: optionalText,
  SUPPORT_TOPIC_ARN: optionalText,
  MANAGEMENT_TOPIC_ARN: optionalText,
  /** The API's base URL, for acknowledgement links (the local runtime sets its own). */
  PUBLIC_API_URL: z.optional(z.url()),
  /** AWS: the paging function (the target of paging steps, invoked at once for a step already due). */
  PAGING_FUNCTION_ARN: optionalText,
  /** AWS: the Secrets Manager secret that signs acknowledgement links; locally PAGE_ACK_KEY_FILE (made on first use). */
  PAGE_ACK_KEY_SECRET_ARN: optionalText,
  PAGE_ACK_KEY_FILE: optionalText,
  /** The sender of page mail. */
  /** The From address of page mail; `oncall@MAIL_DOMAIN` (the domain SES sends from) when unset. */
  PAGE_MAIL_FROM: z.optional(z.email()),
  /** SMS origination identity: an E.164 origination number, or a sender ID; unset: the account's default. */
  SMS_ORIGINATION: z.optional(z.string().check(z.regex(/^(\+[1-9]\d{6,14}|[A-Za-z0-9]{1,11})$/))),
});

export type AppConfig = z.output<typeof schema>;

export function loadAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigurationError('invalid environment', fieldProblems(result.error));
  return result.data;
}

/** A setting an adapter needs: present, or a configuration error naming it. */
export function required(config: AppConfig, name: keyof AppConfig): string {
  const value = config[name];
  if (typeof value !== 'string' || value === '') throw new ConfigurationError('invalid environment', [{ field: name, message: 'required by the configured adapters' }]);
  return value;
}

/** The mail settings alone, from the environment (for tools that need nothing else, like `npm run mail`). */
export function mailSettingsFrom(env: Record<string, string | undefined>): MailSettings {
  const result = z.pick(schema, { MAIL_DOMAIN: true, MAIL_FROM: true, PORTAL_URL: true }).safeParse(env);
  if (!result.success) throw new ConfigurationError('invalid environment', fieldProblems(result.error));
  return mailSettingsOf(result.data);
}

/** The addresses and link every customer mail is built with. */
export function mailSettingsOf(config: Pick<AppConfig, 'MAIL_DOMAIN' | 'MAIL_FROM' | 'PORTAL_URL'>): MailSettings {
  return { domain: config.MAIL_DOMAIN, from: config.MAIL_FROM ?? `Support <support@${config.MAIL_DOMAIN}>`, portalUrl: config.PORTAL_URL };
}

/** LOG_LEVEL alone (the logger needs nothing else); an unknown value falls back to `info`. */
export function logLevelFrom(env: Record<string, string | undefined>): z.output<typeof logLevelSchema> {
  const result = logLevelSchema.safeParse(env.LOG_LEVEL);
  return result.success ? result.data : 'info';
}
