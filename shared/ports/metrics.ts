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
  | 'SweeperRecoveries';

export interface Metrics {
  count(name: MetricName, value: number, dimensions?: Readonly<Record<string, string>>): void;
}

export const noMetrics: Metrics = { count: () => undefined };
