import * as z from 'zod/mini';
import { ConfigurationError, type FieldProblem } from '../domain/errors.js';
import { fieldProblems } from '../domain/zod-problems.js';
import type { MailSettings } from '../domain/customer-mail.js';

/**
 * Runtime configuration from the environment. The CDK stack sets these on every function; the local runtime sets
 * them before it loads the handlers. The adapter switches (`TIMERS`, `ALERTS`, …) pick the adapters: `eventbridge`,
 * `sns`, … in AWS, `local` on a laptop.
 *
 * Every setting is declared here once, with its schema, in one group per concern. A Lambda function's composition
 * names the groups it reads (`composition([DATA_SETTINGS, …], build)`): its configuration is made from those groups
 * alone (`appConfigFrom`), so its bundle holds only their schemas, and reading any other setting does not compile.
 * Each setting's schema is built and its value parsed when the function first reads it, once. The local runtime
 * and the tools read every group at once (`loadAppConfig`). Either way a bad value is a
 * `ConfigurationError('invalid environment', …)` naming the variable; the AWS-only settings that are optional here
 * are checked by `required` where an adapter needs them.
 *
 * A group is one object literal declared on its own, and nothing looks a setting up by name in a table of all of
 * them: that is what lets the bundler leave out every group a function does not name.
 */
type SettingSchemas = Record<string, () => z.ZodMiniType>;

const optionalText = () => z.optional(z.string());
const tableName = () => z.string().check(z.minLength(3), z.maxLength(255));
const nonEmpty = (fallback: string) => z._default(z.string().check(z.minLength(1)), fallback);

/**
 * A URL, taken as `z.url()` takes one: trimmed, what the platform's URL parser accepts ("Invalid URL" otherwise),
 * tabs and newlines dropped. `z.url()` also carries its options for hostnames, protocols and normalising, which no
 * setting uses: ~1.6 KB in every bundle holding a URL setting (every data function holds DYNAMODB_ENDPOINT).
 */
export const urlText = () => z.string().check(z.trim(), z.refine((value) => URL.canParse(value), 'Invalid URL'), z.overwrite((value) => value.replace(/[\t\n\r]/g, '')));

/**
 * A whole number given as text (as every environment variable is), from `min` to `max`; `fallback` when unset.
 * Digits only: no sign, no fraction, no exponent, no spaces. (`z.coerce.number()` would do it with `Number()`, but
 * `z.coerce` is one object holding all five coercions, which a bundle then holds whole.)
 */
const wholeNumber = (min: number, max: number, fallback: number) =>
  z._default(z.pipe(z.string().check(z.regex(/^[0-9]{1,15}$/, 'Invalid input: expected a whole number')), z.pipe(z.transform(Number), z.int().check(z.gte(min), z.lte(max)))), fallback);

/** Observability: every function's logger reads LOG_LEVEL (alone, see `logLevelFrom`); METRICS picks the metrics. */
export const OBSERVABILITY_SETTINGS = {
  LOG_LEVEL: () => z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info'),
  /** `emf`: CloudWatch embedded metric format lines on stdout (AWS); `none` locally. */
  METRICS: () => z._default(z.enum(['emf', 'none']), 'emf'),
} satisfies SettingSchemas;

/**
 * Which adapters: the AWS ones, or local ones that the local runtime wires (and that a Lambda function refuses:
 * every Lambda function's configuration holds this group, for that check).
 */
export const ADAPTER_SETTINGS = {
  TIMERS: () => z._default(z.enum(['eventbridge', 'local']), 'eventbridge'),
  ALERTS: () => z._default(z.enum(['sns', 'local']), 'sns'),
  /** Where attachment files live: `s3` in AWS (ATTACHMENTS_BUCKET), `local` under ATTACHMENTS_DIR. */
  ATTACHMENTS: () => z._default(z.enum(['s3', 'local']), 's3'),
  /** How customer mail leaves: `ses` in AWS (SES_CONFIGURATION_SET), `smtp` to SMTP_HOST:SMTP_PORT (the local SMTP server). */
  MAIL: () => z._default(z.enum(['ses', 'smtp']), 'ses'),
} satisfies SettingSchemas;

/** Where the data lives (every function that reads or writes the tables), and the region of every AWS client. */
export const DATA_SETTINGS = {
  TABLE_NAME: tableName,
  /** The table of customer secrets; `<TABLE_NAME>-secrets` when unset (as locally). */
  SECRETS_TABLE_NAME: () => z.optional(tableName()),
  /** Only locally: DynamoDB Local's URL. Unset in AWS. */
  DYNAMODB_ENDPOINT: () => z.optional(urlText()),
  AWS_REGION: () => nonEmpty('eu-west-2'),
} satisfies SettingSchemas;

/** Reports (functions/reports; functions/pages for the paging report's longest period). */
export const REPORT_SETTINGS = {
  /** The zone report dates are read in unless a request names one. */
  REPORT_ZONE: () => z._default(z.string(), 'Europe/London'),
  /** The longest period one report may cover. */
  REPORT_MAX_DAYS: () => wholeNumber(1, 3660, 366),
} satisfies SettingSchemas;

/** The key that seals page cursors (the listings: cases-read, reports). */
export const CURSOR_SETTINGS = {
  /** AWS: the Secrets Manager secret whose value seals page cursors. */
  CURSOR_KEY_SECRET_ARN: optionalText,
  /** Locally: the file holding the page-cursor key (made on first use). */
  CURSOR_KEY_FILE: optionalText,
} satisfies SettingSchemas;

/** Where attachment files are kept (functions/attachments). */
export const ATTACHMENT_SETTINGS = {
  ATTACHMENTS_BUCKET: optionalText,
  ATTACHMENTS_DIR: () => nonEmpty('.data/attachments'),
  /** `true` when GuardDuty Malware Protection scans the bucket: downloads wait for a clean tag. */
  ATTACHMENTS_REQUIRE_SCAN: () => z._default(z.enum(['true', 'false']), 'false'),
} satisfies SettingSchemas;

/**
 * The mail domain: what every function that records customer mail fixes each message id with (intake, updates,
 * inbound mail), and what the senders send from. Recording a mail reads nothing else of the mail settings.
 */
export const MAIL_IDENTITY_SETTINGS = {
  /** The domain customer mail is sent from and replies are received at. */
  MAIL_DOMAIN: () => z._default(z.string().check(z.minLength(3), z.maxLength(253), z.regex(/^[a-z0-9.-]+$/, 'a lower-case domain name')), 'support.example.com'),
} satisfies SettingSchemas;

/** How mail leaves (customer mail, and page mail from functions/paging): SES in AWS, the local SMTP server locally. */
export const MAIL_TRANSPORT_SETTINGS = {
  SES_CONFIGURATION_SET: optionalText,
  SMTP_HOST: () => z._default(z.string(), '127.0.0.1'),
  SMTP_PORT: () => wholeNumber(1, 65535, 2525),
} satisfies SettingSchemas;

/** What customer mail is sent with (the senders: follow-up, the sweeper, inbound mail's answers): its From address and the portal link. */
export const CUSTOMER_MAIL_SETTINGS = {
  /** The From address (`Name <local@domain>`, or an address); `Support <support@MAIL_DOMAIN>` when unset. */
  MAIL_FROM: () => z.optional(z.string().check(z.minLength(3), z.maxLength(300))),
  /** The portal's base URL, for the link to the case in every mail. */
  PORTAL_URL: () => z._default(urlText(), 'http://localhost:3000'),
} satisfies SettingSchemas;

/** Received mail (functions/inbound-mail). */
export const INBOUND_MAIL_SETTINGS = {
  /** AWS: the bucket SES stores received mail in. */
  INBOUND_MAIL_BUCKET: optionalText,
} satisfies SettingSchemas;

/** SLA timers and page steps armed in EventBridge Scheduler (functions/follow-up), and the paging function that runs a step due at once. */
export const TIMER_SETTINGS = {
  SCHEDULE_GROUP: optionalText,
  TIMER_FUNCTION_ARN: optionalText,
  SCHEDULER_ROLE_ARN: optionalText,
  TIMER_DLQ_ARN: optionalText,
  /** AWS: the paging function (the target of paging steps, invoked at once for a step already due). */
  PAGING_FUNCTION_ARN: optionalText,
} satisfies SettingSchemas;

/** Alerts: the SNS topics (AWS), or the file local alerts are appended to. */
export const ALERT_SETTINGS = {
  ONCALL_TOPIC_ARN: optionalText,
  SUPPORT_TOPIC_ARN: optionalText,
  MANAGEMENT_TOPIC_ARN: optionalText,
  /** local alerts: the JSON-lines file every alert is appended to. */
  ALERTS_FILE: () => nonEmpty('.data/alerts.jsonl'),
} satisfies SettingSchemas;

/** The key that signs page acknowledgement links (pages verifies them, paging and the canary sign them). */
export const ACK_KEY_SETTINGS = {
  /** AWS: the Secrets Manager secret that signs acknowledgement links; locally PAGE_ACK_KEY_FILE (made on first use). */
  PAGE_ACK_KEY_SECRET_ARN: optionalText,
  PAGE_ACK_KEY_FILE: optionalText,
} satisfies SettingSchemas;

/** The public API: the canary's health check, and the base of acknowledgement links (the local runtime sets its own). */
export const PUBLIC_API_SETTINGS = {
  /** The API's base URL. */
  PUBLIC_API_URL: () => z.optional(urlText()),
} satisfies SettingSchemas;

/** Sending pages (functions/paging): their mail's From address and the SMS origination identity. */
export const PAGE_SENDING_SETTINGS = {
  /** The From address of page mail; `oncall@MAIL_DOMAIN` (the domain SES sends from) when unset. */
  PAGE_MAIL_FROM: () => z.optional(z.email()),
  /** SMS origination identity: an E.164 origination number, or a sender ID; unset: the account's default. */
  SMS_ORIGINATION: () => z.optional(z.string().check(z.regex(/^(\+[1-9]\d{6,14}|[A-Za-z0-9]{1,11})$/))),
} satisfies SettingSchemas;

/** Every group, in the order a configuration error names their variables (the local runtime, the full wiring, tools). */
export const ALL_SETTINGS = [
  DATA_SETTINGS,
  OBSERVABILITY_SETTINGS,
  ADAPTER_SETTINGS,
  REPORT_SETTINGS,
  CURSOR_SETTINGS,
  ATTACHMENT_SETTINGS,
  MAIL_IDENTITY_SETTINGS,
  CUSTOMER_MAIL_SETTINGS,
  MAIL_TRANSPORT_SETTINGS,
  INBOUND_MAIL_SETTINGS,
  TIMER_SETTINGS,
  ALERT_SETTINGS,
  ACK_KEY_SETTINGS,
  PUBLIC_API_SETTINGS,
  PAGE_SENDING_SETTINGS,
] as const;

/** One of the groups above. */
export type SettingsGroup = (typeof ALL_SETTINGS)[number];

/** The names of a union of groups (each group's own, not only the names they share). */
type NamesOf<G> = G extends unknown ? keyof G & string : never;

/** What a setting's schema parses its variable to. */
type ValueOf<Schema> = Schema extends () => infer S ? (S extends z.ZodMiniType ? z.output<S> : never) : never;

/** The parsed settings of the groups `G` (a union of groups). */
export type Settings<G extends SettingsGroup> = { readonly [K in NamesOf<G>]: ValueOf<Extract<G, Record<K, unknown>>[K]> };

/** Every setting. */
export type AppConfig = Settings<SettingsGroup>;

type Env = Record<string, string | undefined>;

/** One setting's value, or the problems with it (each naming the variable). */
function parseSetting(name: string, schema: () => z.ZodMiniType, env: Env): { value: unknown } | { problems: FieldProblem[] } {
  const result = z.safeParse(schema(), env[name]);
  return result.success ? { value: result.data } : { problems: fieldProblems(result.error).map(({ message }) => ({ field: name, message })) };
}

function invalid(problems: FieldProblem[]): ConfigurationError {
  return new ConfigurationError('invalid environment', problems);
}

/**
 * The configuration of a Lambda function: the settings of the named groups, each parsed when first read (and only
 * then), once; a bad setting throws when read, naming its variable. Settings the function never reads are neither
 * built nor parsed, and those of groups it does not name are not there.
 */
export function appConfigFrom<G extends SettingsGroup>(groups: readonly G[], env: Env = process.env): Settings<G> {
  // The environment as it is now, as if every setting were parsed now.
  const source = { ...env };
  const config = {};
  for (const [name, schema] of groups.flatMap((group) => Object.entries<() => z.ZodMiniType>(group))) {
    Object.defineProperty(config, name, {
      enumerable: true,
      configurable: true,
      get: () => {
        const parsed = parseSetting(name, schema, source);
        if ('problems' in parsed) throw invalid(parsed.problems);
        // Parsed once: the value replaces the getter.
        Object.defineProperty(config, name, { value: parsed.value, enumerable: true });
        return parsed.value;
      },
    });
  }
  return config as Settings<G>;
}

/** Every setting, parsed now (the local runtime, the full wiring, tools): one error naming every bad variable. */
export function loadAppConfig(env: Env = process.env): AppConfig {
  return settingsFrom(ALL_SETTINGS, env);
}

/** The settings of the named groups, parsed now: one error naming every bad one. */
function settingsFrom<G extends SettingsGroup>(groups: readonly G[], env: Env): Settings<G> {
  const config: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const [name, schema] of groups.flatMap((group) => Object.entries<() => z.ZodMiniType>(group))) {
    const parsed = parseSetting(name, schema, env);
    if ('problems' in parsed) problems.push(...parsed.problems);
    else config[name] = parsed.value;
  }
  if (problems.length > 0) throw invalid(problems);
  return config as Settings<G>;
}

/** A setting an adapter needs: present, or a configuration error naming it. */
export function required<K extends keyof AppConfig>(config: Pick<AppConfig, K>, name: K): string {
  const value = config[name];
  if (typeof value !== 'string' || value === '') throw new ConfigurationError('invalid environment', [{ field: name, message: 'required by the configured adapters' }]);
  return value;
}

/** The mail settings alone, from the environment (for tools that need nothing else, like `npm run mail`). */
export function mailSettingsFrom(env: Env): MailSettings {
  return mailSettingsOf(settingsFrom([MAIL_IDENTITY_SETTINGS, CUSTOMER_MAIL_SETTINGS], env));
}

/** What recording a customer mail needs: the domain its message id is fixed with. */
export const mailIdentityOf = (config: Settings<typeof MAIL_IDENTITY_SETTINGS>): Pick<MailSettings, 'domain'> => ({ domain: config.MAIL_DOMAIN });

/** The addresses and link every customer mail is sent with. */
export function mailSettingsOf(config: Pick<AppConfig, 'MAIL_DOMAIN' | 'MAIL_FROM' | 'PORTAL_URL'>): MailSettings {
  return { ...mailIdentityOf(config), from: config.MAIL_FROM ?? `Support <support@${config.MAIL_DOMAIN}>`, portalUrl: config.PORTAL_URL };
}

/** LOG_LEVEL alone (the logger needs nothing else); an unknown value falls back to `info`. */
export function logLevelFrom(env: Env): AppConfig['LOG_LEVEL'] {
  const parsed = parseSetting('LOG_LEVEL', OBSERVABILITY_SETTINGS.LOG_LEVEL, env);
  return 'value' in parsed ? (parsed.value as AppConfig['LOG_LEVEL']) : 'info';
}
