import { randomBytes } from 'node:crypto';
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
import { LambdaClient } from '@aws-sdk/client-lambda';
import { HmacAckTokens } from './adapters/crypto/hmac-ack-tokens.js';
import { LambdaPagingTrigger } from './adapters/lambda/lambda-paging-trigger.js';
import { LocalPageChannels } from './adapters/local/local-page-channels.js';
import { SnsSmsSender } from './adapters/sns/sns-sms-sender.js';
import { oncallConfig } from './config/oncall-config.js';
import { fileKey, secretsManagerKey } from './adapters/crypto/signing-keys.js';
import { HmacPageCursors } from './adapters/crypto/hmac-page-cursors.js';
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
import { type AppConfig, loadAppConfig, mailSettingsOf, required } from './config/app-config.js';
import { supportDirectory } from './config/support-config.js';
import { DomainError } from './domain/errors.js';
import { provideDependencies, providedDependencies } from './composition/provided.js';
import { AWS_CALL_LIMITS, lazy, logger } from './composition/settings.js';

export { AWS_CALL_LIMITS };
import type { SupportDirectory } from './domain/support-directory.js';
import type { Logger } from './observability/logger.js';
import type { AlertPublisher } from './ports/alert-publisher.js';
import type { AttachmentStore } from './ports/attachment-store.js';
import { type Clock, systemClock } from './ports/clock.js';
import { type Metrics, noMetrics } from './ports/metrics.js';
import { EmfMetrics } from './observability/emf-metrics.js';
import type { PageCursors } from './ports/page-cursors.js';
import type { SlaTimers } from './ports/sla-timers.js';
import { makeDispatchAlerts } from './use-cases/dispatch-alerts.js';
import { makeArmTimers, makeDisarmTimers, makeFireTimer, makeFollowUp } from './use-cases/fire-timer.js';
import { makeOpenCase } from './use-cases/open-case.js';
import { makeCheckHealth, makeGetCase, makeGetTimeline, makeListCases } from './use-cases/read-cases.js';
import { makeAddComment, makeReadCredentials, makeRequestEscalation, makeSlaActions, makeUpdateCase } from './use-cases/case-updates.js';
import { makeSweep } from './use-cases/sweep.js';
import { makePurgeSecrets } from './use-cases/purge-secrets.js';
import { type Paging, makePaging } from './use-cases/paging.js';
import { type Rota, makeRota } from './use-cases/oncall-rota.js';
import { makePagingReport } from './use-cases/paging-report.js';
import { DynamoDbOncallStore } from './adapters/dynamodb/dynamodb-oncall-store.js';
import { DynamoDbPageStore } from './adapters/dynamodb/dynamodb-page-store.js';
import type { OncallConfig } from './domain/oncall-config.js';
import type { AckTokens } from './ports/ack-tokens.js';
import type { PagingTrigger } from './ports/paging-trigger.js';
import type { SmsSender } from './ports/sms-sender.js';
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
  /** On-call paging; without it no case starts a page (wirings that test other things). */
  readonly paging?: PagingAdapters;
}

const NO_MAIL: MailSender = { send: () => Promise.reject(new DomainError('invalid-configuration', 'no mail sender is configured')) };
const NO_MAIL_SETTINGS: MailSettings = { domain: 'mail.invalid', from: 'support@mail.invalid', portalUrl: 'http://localhost' };

/** What paging needs besides the case machinery. */
export interface PagingAdapters {
  readonly config: OncallConfig;
  readonly sms: SmsSender;
  /** Page mail; without it pages go by SMS only. */
  readonly mail?: MailSender | undefined;
  readonly tokens: AckTokens;
  /** Runs a paging step that is due now in the paging function; by default through `timers` (locally: at once). */
  readonly trigger?: PagingTrigger;
  /** The base URL acknowledgement links point at (the API's). */
  readonly publicUrl: () => string;
  readonly mailFrom: string;
}

const NOT_CONFIGURED = () => new DomainError('invalid-configuration', 'on-call paging is not configured');

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
  const pagingTrigger: PagingTrigger = adapters.paging?.trigger ?? { pageNow: async (payload) => void (await timers.schedule(payload)) };
  const armTimers = makeArmTimers({ timers, clock, fireTimer, pagingTrigger, logger });
  const disarmTimers = makeDisarmTimers({ timers, logger });
  const followUp = makeFollowUp({ disarmTimers, armTimers, dispatch, dispatchMails });
  const updateDeps = { store, updates, directory, clock, followUp, metrics, mail: mail?.settings };
  const slaActions = makeSlaActions(updateDeps);
  const addComment = makeAddComment(updateDeps);
  const oncall = new DynamoDbOncallStore(dynamo, tableName);
  const pages = new DynamoDbPageStore(dynamo, tableName);
  const pagingAdapters = adapters.paging;
  const rota = pagingAdapters ? makeRota({ oncall, config: pagingAdapters.config, clock }) : undefined;
  const paging =
    pagingAdapters && rota
      ? makePaging({
          config: pagingAdapters.config,
          store,
          updates,
          pages,
          rota,
          sms: pagingAdapters.sms,
          mail: pagingAdapters.mail,
          tokens: pagingAdapters.tokens,
          timers,
          clock,
          logger,
          metrics,
          ackLink: (pageId, token) => `${pagingAdapters.publicUrl()}/pages/${pageId}/acknowledge?token=${encodeURIComponent(token)}`,
          mailFrom: pagingAdapters.mailFrom,
        })
      : undefined;
  return {
    metrics,
    /** The on-call rota and paging (undefined when not configured: each call then says so). */
    rota: rota ?? notConfigured<Rota>(),
    paging: paging ?? notConfigured<Paging>(),
    pages,
    pagingReport: makePagingReport({ pages, clock, maxDays: reportMaxDays }),
    logger,
    store,
    updates,
    openCase: makeOpenCase({ store, clock, directory, followUp, logger, metrics, mail: mail?.settings, paging: pagingAdapters?.config.policy }),
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
    backfillReportAggregates: makeBackfillReportAggregates({ reports, updates, logger }),
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
  /** Where acknowledgement links point (the local runtime knows its port only once it listens). */
  setPublicUrl(url: string): void;
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
            pagingTargetArn: config.PAGING_FUNCTION_ARN,
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
  let publicUrl = config.PUBLIC_API_URL ?? 'http://localhost:3000';
  const localPages = config.ALERTS === 'local' ? new LocalPageChannels(config.ALERTS_FILE, (line) => log.info(line), clock) : undefined;
  const paging: PagingAdapters = {
    config: oncallConfig(),
    sms: localPages ?? lazy<SmsSender>(() => new SnsSmsSender(new SNSClient({ region, ...AWS_CALL_LIMITS }), config.SMS_ORIGINATION)),
    // Locally pages go to the alerts file; in AWS page mail leaves through the same SES sender as customer mail.
    mail: localPages ?? mailSender,
    tokens: new HmacAckTokens(signingKey(config, 'PAGE_ACK_KEY_FILE', 'PAGE_ACK_KEY_SECRET_ARN'), clock),
    ...(localTimers
      ? {}
      : { trigger: lazy<PagingTrigger>(() => new LambdaPagingTrigger(new LambdaClient({ region, ...AWS_CALL_LIMITS }), required(config, 'PAGING_FUNCTION_ARN'))) }),
    publicUrl: () => publicUrl,
    mailFrom: config.PAGE_MAIL_FROM ?? `oncall@${config.MAIL_DOMAIN}`,
  };
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
      cursors: new HmacPageCursors(signingKey(config, 'CURSOR_KEY_FILE', 'CURSOR_KEY_SECRET_ARN'), clock),
      mail: { sender: mailSender, settings: mailSettingsOf(config) },
      paging,
    }),
    setPublicUrl: (url: string) => {
      publicUrl = url;
    },
    localTimers,
    localAttachments,
    reportZone: config.REPORT_ZONE,
  };
}


/**
 * A signing key: a file locally (made on first use), a Secrets Manager secret in AWS (read once, on first use).
 * The page-cursor key and the acknowledgement-link key are separate keys.
 */
function signingKey(config: AppConfig, file: 'CURSOR_KEY_FILE' | 'PAGE_ACK_KEY_FILE', secret: 'CURSOR_KEY_SECRET_ARN' | 'PAGE_ACK_KEY_SECRET_ARN'): () => Promise<Buffer> {
  const path = config[file];
  if (path) return fileKey(path);
  return async () => secretsManagerKey(new SecretsManagerClient({ region: config.AWS_REGION, ...AWS_CALL_LIMITS }), required(config, secret))();
}


/** A stand-in whose every call says paging is not configured. */
function notConfigured<T extends object>(): T {
  return new Proxy({} as T, { get: () => () => Promise.reject(NOT_CONFIGURED()) });
}

/** Lets the local runtime supply dependencies it built itself (with a controlled clock, in tests); every function's composition then hands them out. */
export const useDependencies = provideDependencies;

/** The full wiring this process runs on, built from the configuration on first use. */
export function dependencies(): Dependencies {
  let built = providedDependencies();
  if (!built) provideDependencies((built = buildDependencies(loadAppConfig())));
  return built;
}

export { logger };
