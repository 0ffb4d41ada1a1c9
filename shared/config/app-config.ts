import * as z from 'zod';
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
const logLevelSchema = z.enum(['debug', 'info', 'warn', 'error']).default('info');

const schema = z.object({
  TABLE_NAME: z.string().min(3).max(255),
  /** The table of customer secrets; `<TABLE_NAME>-secrets` when unset (as locally). */
  SECRETS_TABLE_NAME: z.string().min(3).max(255).optional(),
  /** Only locally: DynamoDB Local's URL. Unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default('eu-west-2'),
  LOG_LEVEL: logLevelSchema,
  TIMERS: z.enum(['eventbridge', 'local']).default('eventbridge'),
  ALERTS: z.enum(['sns', 'local']).default('sns'),
  /** `emf`: CloudWatch embedded metric format lines on stdout (AWS); `none` locally. */
  METRICS: z.enum(['emf', 'none']).default('emf'),
  /** local alerts: the JSON-lines file every alert is appended to. */
  ALERTS_FILE: z.string().min(1).default('.data/alerts.jsonl'),
  /** The zone report dates are read in unless a request names one. */
  REPORT_ZONE: z.string().default('Europe/London'),
  /** The longest period one report may cover. */
  REPORT_MAX_DAYS: z.coerce.number().int().min(1).max(3660).default(366),
  /** AWS: the Secrets Manager secret whose value seals page cursors (only the listing function reads it). */
  CURSOR_KEY_SECRET_ARN: z.string().optional(),
  /** Locally: the file holding the page-cursor key (made on first use). */
  CURSOR_KEY_FILE: z.string().optional(),
  /** Where attachment files live: `s3` in AWS (ATTACHMENTS_BUCKET), `local` under ATTACHMENTS_DIR. */
  ATTACHMENTS: z.enum(['s3', 'local']).default('s3'),
  ATTACHMENTS_BUCKET: z.string().optional(),
  ATTACHMENTS_DIR: z.string().min(1).default('.data/attachments'),
  /** `true` when GuardDuty Malware Protection scans the bucket: downloads wait for a clean tag. */
  ATTACHMENTS_REQUIRE_SCAN: z.enum(['true', 'false']).default('false'),
  /** How customer mail leaves: `ses` in AWS (SES_CONFIGURATION_SET), `smtp` to SMTP_HOST:SMTP_PORT (the local SMTP server). */
  MAIL: z.enum(['ses', 'smtp']).default('ses'),
  /** The domain customer mail is sent from and replies are received at. */
  MAIL_DOMAIN: z.string().min(3).max(253).regex(/^[a-z0-9.-]+$/, 'a lower-case domain name').default('support.example.com'),
  /** The From address (`Name <local@domain>`, or an address); `Support <support@MAIL_DOMAIN>` when unset. */
  MAIL_FROM: z.string().min(3).max(300).optional(),
  /** The portal's base URL, for the link to the case in every mail. */
  PORTAL_URL: z.url().default('http://localhost:3000'),
  SES_CONFIGURATION_SET: z.string().optional(),
  SMTP_HOST: z.string().default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(2525),
  /** AWS: the bucket SES stores received mail in (the inbound function reads it). */
  INBOUND_MAIL_BUCKET: z.string().optional(),
  SCHEDULE_GROUP: z.string().optional(),
  TIMER_FUNCTION_ARN: z.string().optional(),
  SCHEDULER_ROLE_ARN: z.string().optional(),
  TIMER_DLQ_ARN: z.string().optional(),
  ONCALL_TOPIC_ARN: z.string().optional(),
  SUPPORT_TOPIC_ARN: z.string().optional(),
  MANAGEMENT_TOPIC_ARN: z.string().optional(),
  /** The API's base URL, for acknowledgement links (the local runtime sets its own). */
  PUBLIC_API_URL: z.url().optional(),
  /** AWS: the paging function (the target of paging steps, invoked at once for a step already due). */
  PAGING_FUNCTION_ARN: z.string().optional(),
  /** AWS: the Secrets Manager secret that signs acknowledgement links; locally PAGE_ACK_KEY_FILE (made on first use). */
  PAGE_ACK_KEY_SECRET_ARN: z.string().optional(),
  PAGE_ACK_KEY_FILE: z.string().optional(),
  /** The sender of page mail. */
  /** The From address of page mail; `oncall@MAIL_DOMAIN` (the domain SES sends from) when unset. */
  PAGE_MAIL_FROM: z.email().optional(),
  /** SMS origination identity: an E.164 origination number, or a sender ID; unset: the account's default. */
  SMS_ORIGINATION: z.string().regex(/^(\+[1-9]\d{6,14}|[A-Za-z0-9]{1,11})$/).optional(),
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
  const result = schema.pick({ MAIL_DOMAIN: true, MAIL_FROM: true, PORTAL_URL: true }).safeParse(env);
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
