/** Counters for operations (CloudWatch metrics in AWS). Only a notice: nothing depends on them being delivered. */
export type MetricName =
  | 'CasesOpened'
  | 'FirstResponsesMet'
  | 'FirstResponsesBreached'
  | 'SlaBreaches'
  | 'TimersFired'
  | 'AlertsSent'
  | 'AlertsFailed'
  | 'MailsSent'
  | 'MailsSuppressed'
  | 'MailsFailed'
  | 'MailsReceived'
  | 'SweeperRecoveries'
  /** One per sweep (the SLA sweeper, the paging sweep): their silence raises an alarm. */
  | 'SweeperHeartbeat'
  | 'PagingHeartbeat'
  | 'PagesSent'
  | 'PageRepeats'
  | 'PageEscalations'
  | 'PagesAcknowledged'
  /** Milliseconds from a page's start to its acknowledgement (median and p90 per level in CloudWatch). */
  | 'TimeToAcknowledgeMs'
  | 'PageMessagesSent'
  | 'PageMessagesFailed'
  | 'CanaryChecksPassed';

export interface Metrics {
  count(name: MetricName, value: number, dimensions?: Readonly<Record<string, string>>): void;
}

export const noMetrics: Metrics = { count: () => undefined };
