import type { SupportDirectory } from '../domain/support-directory.js';
import type { Logger } from '../observability/logger.js';
import type { AttachmentStore } from '../ports/attachment-store.js';
import type { CaseIntake } from '../ports/case-intake.js';
import type { CaseReader } from '../ports/case-reader.js';
import type { CaseUpdateStore } from '../ports/case-update-store.js';
import type { Clock } from '../ports/clock.js';
import type { IdempotencyRecords } from '../ports/idempotency-records.js';
import type { Metrics } from '../ports/metrics.js';
import type { DueWork } from '../ports/due-work.js';
import type { Outbox } from '../ports/outbox.js';
import type { PageCursors } from '../ports/page-cursors.js';
import type { ReportStore } from '../ports/report-store.js';
import type { MailSettings } from '../domain/customer-mail.js';
import type { MailSender } from '../ports/mail-sender.js';
import type { DispatchAlerts } from '../use-cases/dispatch-alerts.js';
import type { DispatchMails } from '../use-cases/dispatch-mails.js';
import type { FireTimer, FollowUp } from '../use-cases/fire-timer.js';

/** Everything the use cases of the service are built from; each function's set takes the few it uses. */
export interface ServicePorts {
  /** Where cases are read. */
  readonly cases: CaseReader;
  /** Where cases are opened. */
  readonly intake: CaseIntake;
  /** Where retried requests find their Idempotency-Key. */
  readonly idempotency: IdempotencyRecords;
  readonly updates: CaseUpdateStore;
  /** The alerts and mail the changes record, sent from here; mail bookkeeping. */
  readonly outbox: Outbox;
  /** What the sweepers find due. */
  readonly due: DueWork;
  /** The SLA report's daily aggregates and breach index. */
  readonly reportStore: ReportStore;
  readonly directory: SupportDirectory;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly cursors: PageCursors;
  readonly files: AttachmentStore;
  readonly reportMaxDays: number;
  readonly reportZone: string;
  readonly dispatch: DispatchAlerts;
  readonly fireTimer: FireTimer;
  readonly followUp: FollowUp;
  /** Customer mail settings and sending; undefined in wirings without customer mail. */
  readonly mail: MailSettings | undefined;
  readonly mailSender: MailSender | undefined;
  readonly dispatchMails: DispatchMails | undefined;
}
