import * as z from 'zod/mini';
import { ConfigurationError, type FieldProblem } from '../domain/errors.js';
import { fieldProblems } from '../domain/zod-problems.js';
import type { MailSettings } from '../domain/customer-mail.js';

/**
 * Runtime configuration from the environment. The CDK stack sets these on every function; the local runtime sets
 * them before it loads the handlers. `TIMERS` and `ALERTS` pick the adapters: `eventbridge`/`sns` in AWS, `local` on
 * a laptop.
 *
 * Every setting is listed here once, with its schema. A Lambda function reads its configuration setting by setting
 * (`appConfigFrom`): a setting's schema is built and its value parsed when the function first reads it, once, so a
 * function builds and parses only the settings it uses (intake never parses the mail transport's port, the reads
 * never the topics). The local runtime and the tools read them all at once (`loadAppConfig`). Either way a bad
 * value is a `ConfigurationError('invalid environment', …)` naming the variable; the AWS-only settings that are
 * optional here are checked by `required` where an adapter needs them.
 */
const logLevelSchema = () => z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info');

const optionalText = () => z.optional(z.string());
const tableName = () => z.string().check(z.minLength(3), z.maxLength(255));
const nonEmpty = (fallback: string) => z._default(z.string().check(z.minLength(1)), fallback);

const SETTINGS = {
  // Where the data lives.
  TABLE_NAME: tableName,
  /** The table of customer secrets; `<TABLE_NAME>-secrets` when unset (as locally). */
  SECRETS_TABLE_NAME: () => z.optional(tableName()),
  /** Only locally: DynamoDB Local's URL. Unset in AWS. */
  DYNAMODB_ENDPOINT: () => z.optional(z.url()),
  AWS_REGION: () => nonEmpty('eu-west-2'),

  // Observability.
  LOG_LEVEL: logLevelSchema,
  /** `emf`: CloudWatch embedded metric format lines on stdout (AWS); `none` locally. */
  METRICS: () => z._default(z.enum(['emf', 'none']), 'emf'),

  // Which adapters (AWS, or local ones the local runtime wires).
  TIMERS: () => z._default(z.enum(['eventbridge', 'local']), 'eventbridge'),
  ALERTS: () => z._default(z.enum(['sns', 'local']), 'sns'),
  /** local alerts: the JSON-lines file every alert is appended to. */
  ALERTS_FILE: () => nonEmpty('.data/alerts.jsonl'),

  // Reports.
  /** The zone report dates are read in unless a request names one. */
  REPORT_ZONE: () => z._default(z.string(), 'Europe/London'),
  /** The longest period one report may cover. */
  REPORT_MAX_DAYS: () => z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(3660)), 366),

  // Page cursors.
  /** AWS: the Secrets Manager secret whose value seals page cursors (only the listing function reads it). */
  CURSOR_KEY_SECRET_ARN: optionalText,
  /** Locally: the file holding the page-cursor key (made on first use). */
  CURSOR_KEY_FILE: optionalText,

  // Attachments.
  /** Where attachment files live: `s3` in AWS (ATTACHMENTS_BUCKET), `local` under ATTACHMENTS_DIR. */
  ATTACHMENTS: () => z._default(z.enum(['s3', 'local']), 's3'),
  ATTACHMENTS_BUCKET: optionalText,
  ATTACHMENTS_DIR: () => nonEmpty('.data/attachments'),
  /** `true` when GuardDuty Malware Protection scans the bucket: downloads wait for a clean tag. */
  ATTACHMENTS_REQUIRE_SCAN: () => z._default(z.enum(['true', 'false']), 'false'),

  // Customer mail.
  /** How customer mail leaves: `ses` in AWS (SES_CONFIGURATION_SET), `smtp` to SMTP_HOST:SMTP_PORT (the local SMTP server). */
  MAIL: () => z._default(z.enum(['ses', 'smtp']), 'ses'),
  /** The domain customer mail is sent from and replies are received at. */
  MAIL_DOMAIN: () => z._default(z.string().check(z.minLength(3), z.maxLength(253), z.regex(/^[a-z0-9.-]+$/, 'a lower-case domain name')), 'support.example.com'),
  /** The From address (`Name <local@domain>`, or an address); `Support <support@MAIL_DOMAIN>` when unset. */
  MAIL_FROM: () => z.optional(z.string().check(z.minLength(3), z.maxLength(300))),
  /** The portal's base URL, for the link to the case in every mail. */
  PORTAL_URL: () => z._default(z.url(), 'http://localhost:3000'),
  SES_CONFIGURATION_SET: optionalText,
  SMTP_HOST: () => z._default(z.string(), '127.0.0.1'),
  SMTP_PORT: () => z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(65535)), 2525),
  /** AWS: the bucket SES stores received mail in (the inbound function reads it). */
  INBOUND_MAIL_BUCKET: optionalText,

  // SLA timers (EventBridge Scheduler).
  SCHEDULE_GROUP: optionalText,
  TIMER_FUNCTION_ARN: optionalText,
  SCHEDULER_ROLE_ARN: optionalText,
  TIMER_DLQ_ARN: optionalText,

  // Alerts (SNS topics).
  ONCALL_TOPIC_ARN: optionalText,
  SUPPORT_TOPIC_ARN: optionalText,
  MANAGEMENT_TOPIC_ARN: optionalText,

  // Paging.
  /** The API's base URL, for acknowledgement links (the local runtime sets its own). */
  PUBLIC_API_URL: () => z.optional(z.url()),
  /** AWS: the paging function (the target of paging steps, invoked at once for a step already due). */
  PAGING_FUNCTION_ARN: optionalText,
  /** AWS: the Secrets Manager secret that signs acknowledgement links; locally PAGE_ACK_KEY_FILE (made on first use). */
  PAGE_ACK_KEY_SECRET_ARN: optionalText,
  PAGE_ACK_KEY_FILE: optionalText,
  /** The From address of page mail; `oncall@MAIL_DOMAIN` (the domain SES sends from) when unset. */
  PAGE_MAIL_FROM: () => z.optional(z.email()),
  /** SMS origination identity: an E.164 origination number, or a sender ID; unset: the account's default. */
  SMS_ORIGINATION: () => z.optional(z.string().check(z.regex(/^(\+[1-9]\d{6,14}|[A-Za-z0-9]{1,11})$/))),
} satisfies Record<string, () => z.ZodMiniType>;

type Setting = keyof typeof SETTINGS;

export type AppConfig = { readonly [K in Setting]: z.output<ReturnType<(typeof SETTINGS)[K]>> };

type Env = Record<string, string | undefined>;

/** One setting's value, or the problems with it (each naming the variable). */
function parseSetting(name: Setting, env: Env): { value: unknown } | { problems: FieldProblem[] } {
  const result = z.safeParse(SETTINGS[name](), env[name]);
  return result.success ? { value: result.data } : { problems: fieldProblems(result.error).map(({ message }) => ({ field: name, message })) };
}

function invalid(problems: FieldProblem[]): ConfigurationError {
  return new ConfigurationError('invalid environment', problems);
}

/**
 * The configuration of a Lambda function: each setting parsed when first read (and only then), once; a bad
 * setting throws when read, naming its variable. Settings the function never reads are neither built nor parsed.
 */
export function appConfigFrom(env: Env = process.env): AppConfig {
  // The environment as it is now, as if every setting were parsed now.
  const source = { ...env };
  const config = {};
  for (const name of Object.keys(SETTINGS) as Setting[]) {
    Object.defineProperty(config, name, {
      enumerable: true,
      configurable: true,
      get: () => {
        const parsed = parseSetting(name, source);
        if ('problems' in parsed) throw invalid(parsed.problems);
        // Parsed once: the value replaces the getter.
        Object.defineProperty(config, name, { value: parsed.value, enumerable: true });
        return parsed.value;
      },
    });
  }
  return config as AppConfig;
}

/** Every setting, parsed now (the local runtime, the full wiring, tools): one error naming every bad variable. */
export function loadAppConfig(env: Env = process.env): AppConfig {
  return settingsFrom(env, Object.keys(SETTINGS) as Setting[]);
}

/** The named settings, parsed now: one error naming every bad one. */
function settingsFrom<K extends Setting>(env: Env, names: readonly K[]): Pick<AppConfig, K> {
  const config: Partial<Record<K, unknown>> = {};
  const problems: FieldProblem[] = [];
  for (const name of names) {
    const parsed = parseSetting(name, env);
    if ('problems' in parsed) problems.push(...parsed.problems);
    else config[name] = parsed.value;
  }
  if (problems.length > 0) throw invalid(problems);
  return config as Pick<AppConfig, K>;
}

/** A setting an adapter needs: present, or a configuration error naming it. */
export function required(config: AppConfig, name: keyof AppConfig): string {
  const value = config[name];
  if (typeof value !== 'string' || value === '') throw new ConfigurationError('invalid environment', [{ field: name, message: 'required by the configured adapters' }]);
  return value;
}

/** The mail settings alone, from the environment (for tools that need nothing else, like `npm run mail`). */
export function mailSettingsFrom(env: Env): MailSettings {
  return mailSettingsOf(settingsFrom(env, ['MAIL_DOMAIN', 'MAIL_FROM', 'PORTAL_URL']));
}

/** The addresses and link every customer mail is built with. */
export function mailSettingsOf(config: Pick<AppConfig, 'MAIL_DOMAIN' | 'MAIL_FROM' | 'PORTAL_URL'>): MailSettings {
  return { domain: config.MAIL_DOMAIN, from: config.MAIL_FROM ?? `Support <support@${config.MAIL_DOMAIN}>`, portalUrl: config.PORTAL_URL };
}

/** LOG_LEVEL alone (the logger needs nothing else); an unknown value falls back to `info`. */
export function logLevelFrom(env: Env): AppConfig['LOG_LEVEL'] {
  const parsed = parseSetting('LOG_LEVEL', env);
  return 'value' in parsed ? (parsed.value as AppConfig['LOG_LEVEL']) : 'info';
}
