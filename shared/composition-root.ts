import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { MailSettings } from './domain/customer-mail.js';
import type { MailSender } from './ports/mail-sender.js';
import type { MailParser } from './ports/mail-parser.js';
import { customerMail } from './composition/escalation.js';
import { makeReceiveMail } from './use-cases/receive-mail.js';
import { followUpStreamWith } from './adapters/dynamodb/stream-records.js';
import { lambdaPagingTrigger } from './composition/paging-trigger.js';
import { LocalPageChannels } from './adapters/local/local-page-channels.js';
import { oncallConfig } from './config/oncall-config.js';
import { HmacPageCursors } from './adapters/crypto/hmac-page-cursors.js';
import { LocalAlertPublisher } from './adapters/local/local-alert-publisher.js';
import { LocalAttachmentStore } from './adapters/local/local-attachment-store.js';
import { LocalSlaTimers } from './adapters/local/local-sla-timers.js';
import { type AppConfig, loadAppConfig, mailSettingsOf } from './config/app-config.js';
import { supportDirectory } from './config/support-config.js';
import { DomainError } from './domain/errors.js';
import { snsPublisher } from './composition/alert-publisher.js';
import { s3Files } from './composition/attachment-files.js';
import { caseDataOf } from './composition/case-data.js';
import { caseBackfillOf } from './composition/case-backfill.js';
import { caseIntakeOf } from './composition/case-intake.js';
import { caseReaderOf } from './composition/case-reader.js';
import { caseUpdateStoreOf } from './composition/case-update-store.js';
import { sesMail } from './composition/mail.js';
import { idempotencyRecordsOf } from './composition/idempotency-records.js';
import { dueWorkOf } from './composition/due-work.js';
import { outboxOf } from './composition/outbox.js';
import { pageCursors } from './composition/page-cursors.js';
import { secretsReaderOf } from './composition/secrets-reader.js';
import { ackTokensOf } from './composition/ack-tokens.js';
import { ackLinksUnder, oncallStoreOf, pageMailFromOf, pagingDryRun, pagingSteps, rotaOf } from './composition/paging-parts.js';
import { pageAcknowledging, pagingReporting } from './composition/pages.js';
import { pageStoreOf } from './composition/page-store.js';
import { provideDependencies, providedDependencies } from './composition/provided.js';
import { reportStoreOf } from './composition/report-store.js';
import { AWS_CALL_LIMITS, logger, metricsOf } from './composition/settings.js';
import { schedulerTimers } from './composition/sla-timers.js';
import { snsSms } from './composition/sms.js';

export { AWS_CALL_LIMITS };
import type { SupportDirectory } from './domain/support-directory.js';
import type { Logger } from './observability/logger.js';
import type { AlertPublisher } from './ports/alert-publisher.js';
import type { AttachmentStore } from './ports/attachment-store.js';
import { type Clock, systemClock } from './ports/clock.js';
import { type Metrics, noMetrics } from './ports/metrics.js';
import type { PageCursors } from './ports/page-cursors.js';
import type { SlaTimers } from './ports/sla-timers.js';
import { makeDispatchAlerts } from './use-cases/dispatch-alerts.js';
import { makeArmTimers, makeDisarmTimers, makeFireTimer, makeFollowUp } from './use-cases/fire-timer.js';
import { makeSlaActions } from './use-cases/case-updates.js';
import { sweeping } from './composition/sweeper.js';
import { alertsSentFromStream, followedUpFromStream, makeFollowUpRecorded } from './use-cases/follow-up-recorded.js';
import type { Paging } from './use-cases/paging.js';
import type { Rota } from './use-cases/oncall-rota.js';
import type { OncallConfig } from './domain/oncall-config.js';
import type { AckTokens } from './ports/ack-tokens.js';
import type { PagingTrigger } from './ports/paging-trigger.js';
import type { SmsSender } from './ports/sms-sender.js';
import { attachmentHandling } from './composition/attachments.js';
import { caseReading } from './composition/cases-read.js';
import { caseUpdating } from './composition/cases-update.js';
import { credentialsReading } from './composition/case-credentials.js';
import { caseOpening } from './composition/cases-write.js';
import { healthCheck } from './composition/health.js';
import { mailFeedback } from './composition/mail-feedback.js';
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
  /**
   * Who carries out what a change records (timers to arm or cancel, alerts, mail): the changing function itself, at
   * once (`inline`: the local runtime), or functions/follow-up from the table's stream (`stream`: as in AWS, where
   * every function's composition does so; tests pump DynamoDB Local's stream into `followUpRecorded`).
   */
  readonly followUpFrom?: 'inline' | 'stream';
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
  const data = { dynamo, tableName, secretsTableName };
  const cases = caseReaderOf(data);
  const intake = caseIntakeOf(data);
  const idempotency = idempotencyRecordsOf(data);
  const updates = caseUpdateStoreOf(data);
  const reports = reportStoreOf(data);
  const outbox = outboxOf(data);
  const due = dueWorkOf(data);
  const dispatch = makeDispatchAlerts({ outbox, publisher, clock, logger, metrics });
  const { mail } = adapters;
  const dispatchMails = customerMail({ outbox, clock, logger, metrics }, mail);
  const fromStream = adapters.followUpFrom === 'stream';
  const fireTimer = makeFireTimer({ updates, directory, clock, dispatch: fromStream ? alertsSentFromStream : dispatch, logger, metrics });
  const pagingTrigger: PagingTrigger = adapters.paging?.trigger ?? { pageNow: async (payload) => void (await timers.schedule(payload)) };
  const armTimers = makeArmTimers({ timers, clock, fireTimer, pagingTrigger, logger });
  const disarmTimers = makeDisarmTimers({ timers, logger });
  const carryOut = makeFollowUp({ disarmTimers, armTimers, dispatch, dispatchMails });
  const followUp = fromStream ? followedUpFromStream : carryOut;
  const updateDeps = { cases, idempotency, updates, directory, clock, followUp, metrics, mail: mail?.settings };
  const slaActions = makeSlaActions(updateDeps);
  const updating = caseUpdating(updateDeps);
  const pages = pageStoreOf(data);
  const pagingAdapters = adapters.paging;
  const rota = pagingAdapters && rotaOf({ clock, oncall: oncallStoreOf(data), oncallConfig: pagingAdapters.config });
  // All of paging in one: the steps (functions/paging), the acknowledgements (functions/pages), the dry run (functions/canary).
  const paging: Paging | undefined = pagingAdapters &&
    rota && {
      ...pagingSteps({
        updates,
        due,
        clock,
        logger,
        metrics,
        oncallConfig: pagingAdapters.config,
        rota,
        pages,
        tokens: pagingAdapters.tokens,
        sms: pagingAdapters.sms,
        pageMail: pagingAdapters.mail,
        ackLink: ackLinksUnder(pagingAdapters.publicUrl),
        mailFrom: pagingAdapters.mailFrom,
      }),
      ...pageAcknowledging({ idempotency, updates, clock, logger, metrics, pages, tokens: pagingAdapters.tokens }),
      dryRun: pagingDryRun({ clock, oncallConfig: pagingAdapters.config, rota, tokens: pagingAdapters.tokens, pageMail: pagingAdapters.mail !== undefined }),
    };
  return {
    metrics,
    /** The on-call rota and paging (undefined when not configured: each call then says so). */
    rota: rota ?? notConfigured<Rota>(),
    paging: paging ?? notConfigured<Paging>(),
    pages,
    pagingReport: pagingReporting({ pages, clock, reportMaxDays }),
    logger,
    cases,
    intake,
    idempotency,
    updates,
    outbox,
    due,
    // The same use-case sets each function's composition builds (shared/composition/<function>.ts).
    ...caseOpening({ cases, intake, idempotency, clock, directory, followUp, logger, metrics, mail: mail?.settings, paging: pagingAdapters?.config.policy }),
    ...caseReading({ cases, clock, cursors }),
    ...healthCheck({ cases, directory, clock }),
    ...updating,
    ...credentialsReading({ cases, timeline: updates, clock, secrets: secretsReaderOf(data) }),
    ...attachmentHandling({ cases, timeline: updates, files, clock }),
    ...mailFeedback({ cases, timeline: updates, outbox, clock, logger }),
    fireTimer,
    ...sweeping({ updates, outbox, due, fireTimer, dispatch, dispatchMails, clock, logger, metrics }),
    dispatch,
    dispatchMails,
    /** What functions/follow-up runs for a batch of the table's stream: the inline follow-up, from the recorded items. */
    followUpStream: followUpStreamWith(makeFollowUpRecorded({ followUp: carryOut, logger })),
    /**
     * The inbound use case with the MIME parser its entry point brings (the SES-triggered function, the local SMTP
     * server): only they bundle a parser.
     */
    receiveMailWith: (parser: MailParser) =>
      makeReceiveMail({ cases, updates, outbox, addComment: updating.addComment, parser, sender: mail?.sender ?? NO_MAIL, directory, settings: mail?.settings ?? NO_MAIL_SETTINGS, clock, logger, metrics }),
    recordFirstResponse: slaActions.recordFirstResponse,
    changeLevel: slaActions.changeLevel,
    slaReport: makeSlaReport({ reports, clock, maxDays: reportMaxDays, institutions: () => [...directory.institutions.keys()], cursors }),
    backfillReportAggregates: makeBackfillReportAggregates({ backfill: caseBackfillOf(data), updates, logger }),
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
  const log = logger();
  const localTimers = config.TIMERS === 'local' ? new LocalSlaTimers(clock) : undefined;
  // The AWS adapters are built on first use (see composition/): a read-only function never needs Scheduler or SNS settings.
  const timers: SlaTimers = localTimers ?? schedulerTimers(config, clock);
  const publisher: AlertPublisher = config.ALERTS === 'local' ? new LocalAlertPublisher(config.ALERTS_FILE, (line) => log.info(line)) : snsPublisher(config);
  // SMTP is the local runtime's (it brings the sender, so no Lambda bundles nodemailer); SES is built on first use.
  const mail = config.MAIL === 'smtp' ? { sender: local.mailSender ?? NO_MAIL, settings: mailSettingsOf(config) } : sesMail(config);
  let publicUrl = config.PUBLIC_API_URL ?? 'http://localhost:3000';
  const localPages = config.ALERTS === 'local' ? new LocalPageChannels(config.ALERTS_FILE, (line) => log.info(line), clock) : undefined;
  const paging: PagingAdapters = {
    config: oncallConfig(),
    sms: localPages ?? snsSms(config),
    // Locally pages go to the alerts file; in AWS page mail leaves through the same SES sender as customer mail.
    mail: localPages ?? mail.sender,
    tokens: ackTokensOf(config, clock),
    ...(localTimers
      ? {}
      : { trigger: lambdaPagingTrigger(config) }),
    publicUrl: () => publicUrl,
    mailFrom: pageMailFromOf(config),
  };
  const localAttachments = config.ATTACHMENTS === 'local' ? new LocalAttachmentStore(config.ATTACHMENTS_DIR, clock) : undefined;
  return {
    ...wire({
      ...caseDataOf(config),
      timers,
      publisher,
      files: localAttachments ?? s3Files(config, clock),
      clock,
      logger: log,
      directory: supportDirectory(),
      reportMaxDays: config.REPORT_MAX_DAYS,
      metrics: metricsOf(config),
      cursors: pageCursors(config, clock),
      mail,
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
