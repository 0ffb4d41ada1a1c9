import { randomBytes } from 'node:crypto';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SNSClient } from '@aws-sdk/client-sns';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailSender } from './adapters/ses/ses-mail-sender.js';
import type { MailSettings } from './domain/customer-mail.js';
import type { MailSender } from './ports/mail-sender.js';
import type { MailParser } from './ports/mail-parser.js';
import { makeDispatchMails } from './use-cases/dispatch-mails.js';
import { makeReceiveMail } from './use-cases/receive-mail.js';
import { makeRecordMailFeedback } from './use-cases/mail-feedback.js';
import { postalMimeParser } from './adapters/mime/postal-mime-parser.js';
import { INBOUND_PREFIX, S3RawMail } from './adapters/s3/s3-raw-mail.js';
import type { ReceiveMail } from './use-cases/receive-mail.js';
import { fileKey, secretsManagerKey } from './adapters/crypto/signing-keys.js';
import { HmacPageCursors } from './adapters/crypto/hmac-page-cursors.js';
import { CognitoUserMfa } from './adapters/cognito/cognito-user-mfa.js';
import { DynamoDbCaseStore } from './adapters/dynamodb/dynamodb-case-store.js';
import { DynamoDbCaseUpdateStore } from './adapters/dynamodb/dynamodb-case-update-store.js';
import { DynamoDbReportStore } from './adapters/dynamodb/dynamodb-report-store.js';
import { secretsTableName } from './adapters/dynamodb/table-layout.js';
import { LocalAlertPublisher } from './adapters/local/local-alert-publisher.js';
import { LocalAttachmentStore } from './adapters/local/local-attachment-store.js';
import { S3AttachmentStore } from './adapters/s3/s3-attachment-store.js';
import { LocalSlaTimers } from './adapters/local/local-sla-timers.js';
import { EventBridgeSlaTimers } from './adapters/scheduler/eventbridge-sla-timers.js';
import { SnsAlertPublisher } from './adapters/sns/sns-alert-publisher.js';
import { type AppConfig, loadAppConfig, logLevelFrom, mailSettingsOf, required } from './config/app-config.js';
import { supportDirectory } from './config/support-config.js';
import { DomainError } from './domain/errors.js';
import type { SupportDirectory } from './domain/support-directory.js';
import { type Logger, createLogger } from './observability/logger.js';
import type { AlertPublisher } from './ports/alert-publisher.js';
import type { AttachmentStore } from './ports/attachment-store.js';
import { type Clock, systemClock } from './ports/clock.js';
import { type Metrics, noMetrics } from './ports/metrics.js';
import { EmfMetrics } from './observability/emf-metrics.js';
import type { PageCursors } from './ports/page-cursors.js';
import type { SlaTimers } from './ports/sla-timers.js';
import type { UserMfa } from './ports/user-mfa.js';
import { makeDispatchAlerts } from './use-cases/dispatch-alerts.js';
import { makeArmTimers, makeDisarmTimers, makeFireTimer, makeFollowUp } from './use-cases/fire-timer.js';
import { makeOpenCase } from './use-cases/open-case.js';
import { makeCheckHealth, makeGetCase, makeListCases } from './use-cases/read-cases.js';
import { makeAddComment, makeGetTimeline, makeReadCredentials, makeRequestEscalation, makeSlaActions, makeUpdateCase } from './use-cases/case-updates.js';
import { makeSweep } from './use-cases/sweep.js';
import { makePurgeSecrets } from './use-cases/purge-secrets.js';
import { makeAddAttachment, makeDownloadAttachment, makeListAttachments } from './use-cases/attachments.js';
import { makeSlaReport } from './use-cases/sla-report.js';
import { makeBackfillReportAggregates } from './use-cases/backfill-report-aggregates.js';

/** What the composition root wires together; tests may swap the adapters for the local ones with faults. */
export interface Adapters {
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  readonly secretsTableName: string;
  readonly timers: SlaTimers;
  readonly publisher: AlertPublisher;
  /** Where attachment files go; wirings that never handle attachments (SLA flows, benchmarks) may leave it out. */
  readonly files?: AttachmentStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly directory: SupportDirectory;
  readonly reportMaxDays?: number;
  readonly metrics?: Metrics;
  /** Seals page cursors; by default with a random key of this process (tests, benchmarks). */
  readonly cursors?: PageCursors;
  /** Customer mail: how it is sent and the addresses it is built with. Wirings without it record and send no customer mail. */
  readonly mail?: { readonly sender: MailSender; readonly settings: MailSettings } | undefined;
}

const NO_MAIL: MailSender = { send: () => Promise.reject(new DomainError('invalid-configuration', 'no mail sender is configured')) };
const NO_MAIL_SETTINGS: MailSettings = { domain: 'mail.invalid', from: 'support@mail.invalid', portalUrl: 'http://localhost' };

const NO_FILES: AttachmentStore = {
  grantUpload: () => Promise.reject(noFiles()),
  grantDownload: () => Promise.reject(noFiles()),
  fileState: () => Promise.reject(noFiles()),
};
const noFiles = () => new DomainError('invalid-configuration', 'no attachment store is configured');

/** Builds every use case from its adapters: the one place dependencies are put together. */
export function wire(adapters: Adapters) {
  const { dynamo, tableName, secretsTableName, timers, publisher, files = NO_FILES, clock, logger, directory, reportMaxDays = 366, metrics = noMetrics } = adapters;
  const cursors = adapters.cursors ?? new HmacPageCursors(async () => randomBytes(32), clock);
  const store = new DynamoDbCaseStore(dynamo, tableName, secretsTableName);
  const updates = new DynamoDbCaseUpdateStore(dynamo, tableName, secretsTableName);
  const reports = new DynamoDbReportStore(dynamo, tableName);
  const dispatch = makeDispatchAlerts({ updates, publisher, clock, logger, metrics });
  const { mail } = adapters;
  const dispatchMails = mail && makeDispatchMails({ updates, sender: mail.sender, clock, logger, metrics });
  const fireTimer = makeFireTimer({ updates, directory, clock, dispatch, logger, metrics });
  const armTimers = makeArmTimers({ timers, clock, fireTimer, logger });
  const disarmTimers = makeDisarmTimers({ timers, logger });
  const followUp = makeFollowUp({ disarmTimers, armTimers, dispatch, dispatchMails });
  const updateDeps = { store, updates, directory, clock, followUp, metrics, mail: mail?.settings };
  const slaActions = makeSlaActions(updateDeps);
  const addComment = makeAddComment(updateDeps);
  return {
    logger,
    store,
    updates,
    openCase: makeOpenCase({ store, clock, directory, followUp, logger, metrics, mail: mail?.settings }),
    getCase: makeGetCase({ store }),
    listCases: makeListCases({ store, clock, cursors }),
    checkHealth: makeCheckHealth({ store, directory, clock }),
    fireTimer,
    sweep: makeSweep({ updates, fireTimer, dispatch, dispatchMails, purgeSecrets: makePurgeSecrets({ updates, clock, logger }), clock, logger, metrics }),
    dispatch,
    dispatchMails,
    /**
     * The inbound use case with the MIME parser its entry point brings (the SES-triggered function, the local SMTP
     * server): only they bundle a parser.
     */
    receiveMailWith: (parser: MailParser) =>
      makeReceiveMail({ store, updates, addComment, parser, sender: mail?.sender ?? NO_MAIL, directory, settings: mail?.settings ?? NO_MAIL_SETTINGS, clock, logger, metrics }),
    recordMailFeedback: makeRecordMailFeedback({ store, updates, clock, logger }),
    recordFirstResponse: slaActions.recordFirstResponse,
    changeLevel: slaActions.changeLevel,
    addComment,
    updateCase: makeUpdateCase(updateDeps),
    requestEscalation: makeRequestEscalation(updateDeps),
    getTimeline: makeGetTimeline({ ...updateDeps, cursors }),
    readCredentials: makeReadCredentials(updateDeps),
    slaReport: makeSlaReport({ store, reports, clock, maxDays: reportMaxDays, institutions: () => [...directory.institutions.keys()], cursors }),
    backfillReportAggregates: makeBackfillReportAggregates({ reports, logger }),
    addAttachment: makeAddAttachment({ store, updates, files, clock }),
    listAttachments: makeListAttachments({ store, updates }),
    downloadAttachment: makeDownloadAttachment({ store, updates, files, clock }),
  };
}

export type Dependencies = ReturnType<typeof wire> & {
  readonly localTimers: LocalSlaTimers | undefined;
  /** The local attachment folder, whose signed links the local runtime serves; undefined with S3. */
  readonly localAttachments: LocalAttachmentStore | undefined;
  readonly reportZone: string;
};

/**
 * The adapters configuration asks for: DynamoDB (or DynamoDB Local at
 * DYNAMODB_ENDPOINT), EventBridge Scheduler or in-process timers, SNS or the
 * local alert file.
 */
export function buildDependencies(config: AppConfig, clock: Clock = systemClock, local: { readonly mailSender?: MailSender } = {}): Dependencies {
  const region = config.AWS_REGION;
  const dynamo = new DynamoDBClient({
    region,
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    ...AWS_CALL_LIMITS,
  });
  const log = logger();
  const localTimers = config.TIMERS === 'local' ? new LocalSlaTimers(clock) : undefined;
  // Built on first use: a read-only function never needs Scheduler or SNS settings.
  const timers: SlaTimers =
    localTimers ??
    lazy<SlaTimers>(
      () =>
        new EventBridgeSlaTimers(
          new SchedulerClient({ region, ...AWS_CALL_LIMITS }),
          {
            groupName: required(config, 'SCHEDULE_GROUP'),
            targetArn: required(config, 'TIMER_FUNCTION_ARN'),
            roleArn: required(config, 'SCHEDULER_ROLE_ARN'),
            deadLetterArn: required(config, 'TIMER_DLQ_ARN'),
          },
          clock,
        ),
    );
  const publisher: AlertPublisher =
    config.ALERTS === 'local'
      ? new LocalAlertPublisher(config.ALERTS_FILE, (line) => log.info(line))
      : lazy<AlertPublisher>(
          () =>
            new SnsAlertPublisher(new SNSClient({ region, ...AWS_CALL_LIMITS }), {
              oncall: required(config, 'ONCALL_TOPIC_ARN'),
              support: required(config, 'SUPPORT_TOPIC_ARN'),
              management: required(config, 'MANAGEMENT_TOPIC_ARN'),
            }),
        );
  // SMTP is the local runtime's (it brings the sender, so no Lambda bundles nodemailer); SES is built on first use.
  const mailSender: MailSender =
    config.MAIL === 'smtp'
      ? (local.mailSender ?? NO_MAIL)
      : lazy<MailSender>(
          () => new SesMailSender(new SESv2Client({ region, ...AWS_CALL_LIMITS }), { configurationSet: required(config, 'SES_CONFIGURATION_SET'), region }),
        );
  const localAttachments = config.ATTACHMENTS === 'local' ? new LocalAttachmentStore(config.ATTACHMENTS_DIR, clock) : undefined;
  const files: AttachmentStore =
    localAttachments ??
    lazy<AttachmentStore>(
      () =>
        new S3AttachmentStore(
          new S3Client({ region, ...AWS_CALL_LIMITS }),
          { bucket: required(config, 'ATTACHMENTS_BUCKET'), requireScan: config.ATTACHMENTS_REQUIRE_SCAN === 'true' },
          clock,
        ),
    );
  return {
    ...wire({
      dynamo,
      tableName: config.TABLE_NAME,
      secretsTableName: config.SECRETS_TABLE_NAME ?? secretsTableName(config.TABLE_NAME),
      timers,
      publisher,
      files,
      clock,
      logger: log,
      directory: supportDirectory(),
      reportMaxDays: config.REPORT_MAX_DAYS,
      metrics: config.METRICS === 'emf' ? new EmfMetrics() : noMetrics,
      cursors: new HmacPageCursors(cursorKey(config), clock),
      mail: { sender: mailSender, settings: mailSettingsOf(config) },
    }),
    localTimers,
    localAttachments,
    reportZone: config.REPORT_ZONE,
  };
}

/**
 * A stalled AWS service must become a 503 (with Retry-After) well inside the function's 10 s: each attempt gets 1 s to
 * connect and 2.5 s to answer, and there are at most two attempts, so a call gives up after about 5 s instead of the
 * function being killed by Lambda (a bare 500) while the client waits. Scheduler and SNS calls come after the change
 * is recorded; when they give up, the sweeper finishes their work.
 */
export const AWS_CALL_LIMITS = { maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_500, throwOnRequestTimeout: true } } as const;

/** The page-cursor key: a file locally, a Secrets Manager secret in AWS (read once, on the first cursor). */
function cursorKey(config: AppConfig): () => Promise<Buffer> {
  if (config.CURSOR_KEY_FILE) return fileKey(config.CURSOR_KEY_FILE);
  return async () => secretsManagerKey(new SecretsManagerClient({ region: config.AWS_REGION, ...AWS_CALL_LIMITS }), required(config, 'CURSOR_KEY_SECRET_ARN'))();
}

/**
 * An adapter built on its first use: a function that never schedules, publishes or handles files needs none of
 * their settings or clients. Every port is an object of methods, so the stand-in forwards each call.
 */
function lazy<T extends object>(build: () => T): T {
  let adapter: T | undefined;
  return new Proxy({} as T, {
    get: (_target, name) => {
      adapter ??= build();
      const member: unknown = Reflect.get(adapter, name);
      return typeof member === 'function' ? member.bind(adapter) : member;
    },
  });
}

let built: Dependencies | undefined;

/** Lets the local runtime supply dependencies it built itself (with a controlled clock, in tests). */
export function useDependencies(dependencies: Dependencies): void {
  built = dependencies;
}

export function dependencies(): Dependencies {
  built ??= buildDependencies(loadAppConfig());
  return built;
}

let sharedLogger: Logger | undefined;

/**
 * The process's logger. It needs only LOG_LEVEL, so a function that touches no
 * data (knowledge, not-found) never builds the other dependencies, and a
 * configuration error can still be logged.
 */
export function logger(): Logger {
  sharedLogger ??= createLogger({ level: logLevelFrom(process.env) });
  return sharedLogger;
}

let inbound: { readonly receiveMail: ReceiveMail; readonly rawMail: S3RawMail } | undefined;

/**
 * What the SES-triggered inbound function needs: the inbound use case with the MIME parser, and the bucket the
 * receipt rule stores messages in. Only that function calls it, so only its bundle keeps the parser.
 */
export function inboundMail(): { readonly receiveMail: ReceiveMail; readonly rawMail: S3RawMail } {
  const config = loadAppConfig();
  inbound ??= {
    receiveMail: dependencies().receiveMailWith(postalMimeParser),
    rawMail: new S3RawMail(new S3Client({ region: config.AWS_REGION, ...AWS_CALL_LIMITS }), required(config, 'INBOUND_MAIL_BUCKET'), INBOUND_PREFIX),
  };
  return inbound;
}

let sharedUserMfa: UserMfa | undefined;

/**
 * The user pool lookup of the pre token trigger (MFA for staff). Like the
 * logger, it needs no other configuration. Cognito waits 5 s for a trigger:
 * one retry, each call bounded well inside that.
 */
export function userMfa(): UserMfa {
  sharedUserMfa ??= new CognitoUserMfa(new CognitoIdentityProviderClient({ maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 1_500, throwOnRequestTimeout: true } }));
  return sharedUserMfa;
}
