import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, type IMetric, MathExpression, Metric, TextWidget, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE } from '../shared/observability/emf-metrics.js';
import type { SupportFunction } from './support-function.js';

const LEVELS = ['I', 'II', 'III', 'IV'] as const;
const TOPICS = ['oncall', 'support', 'management'] as const;

const service = (name: string, dimensionsMap: Record<string, string> = {}, statistic = 'Sum') =>
  new Metric({ namespace: METRIC_NAMESPACE, metricName: name, dimensionsMap, statistic, period: Duration.minutes(5) });

/**
 * What operations watches: alarms on any level I or II breach, function
 * errors, the API's 5xx rate and SMS spend near its limit, all notifying the
 * operations topic (the dead-letter queue alarms are in SlaEscalation), and a
 * dashboard of the service's own metrics.
 */
export class Operations extends Construct {
  readonly dashboard: Dashboard;

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly operationsTopic: Topic;
      readonly functions: readonly SupportFunction[];
      readonly api: HttpApi;
      readonly deadLetterQueues: readonly Queue[];
      /** The account's monthly SMS spend limit in USD (SNS's default is 1). */
      readonly smsMonthlySpendLimitUsd: number;
    },
  ) {
    super(scope, id);
    const notify = new SnsAction(props.operationsTopic);
    const alarm = (alarmId: string, description: string, metric: IMetric, threshold: number, comparison = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD) =>
      new Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: comparison,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(notify);

    for (const level of ['I', 'II'] as const) {
      alarm(
        `SlaBreachLevel${level}`,
        `A level ${level} case missed its first-response deadline. The case number is in the alert on the on-call topic.`,
        new Metric({ namespace: METRIC_NAMESPACE, metricName: 'SlaBreaches', dimensionsMap: { Level: level }, statistic: 'Sum', period: Duration.minutes(1) }),
        1,
      );
    }
    for (const fn of props.functions) {
      alarm(`Errors-${fn.node.id}`, `${fn.node.id} failed: see its log group.`, fn.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), 1);
    }
    const serverErrorRate = new MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: props.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
        requests: props.api.metricCount({ period: Duration.minutes(5), statistic: 'Sum' }),
      },
      label: 'API 5xx %',
      period: Duration.minutes(5),
    });
    alarm('Api5xxRate', 'More than 5 % of API requests failed with a 5xx in five minutes.', serverErrorRate, 5, ComparisonOperator.GREATER_THAN_THRESHOLD);
    alarm(
      'SmsSpendNearLimit',
      `SMS spend this month has reached 80 % of the ${props.smsMonthlySpendLimitUsd} USD limit: on-call SMS will stop at the limit.`,
      new Metric({ namespace: 'AWS/SNS', metricName: 'SMSMonthToDateSpentUSD', statistic: 'Maximum', period: Duration.minutes(5) }),
      props.smsMonthlySpendLimitUsd * 0.8,
    );

    // Silence that would mean "paging stopped": each sweep counts a heartbeat every minute; three minutes without one
    // (no data at all counts as breaching) raise the alarm.
    for (const [alarmId, metricName, what] of [
      ['SweeperHeartbeatMissing', 'SweeperHeartbeat', 'The SLA sweeper has not run for 3 minutes: due SLA timers and unsent alerts are not being recovered.'],
      ['PagingHeartbeatMissing', 'PagingHeartbeat', 'The paging sweep has not run for 3 minutes: lost paging steps and unsent pages are not being recovered.'],
    ] as const) {
      new Alarm(this, alarmId, {
        alarmDescription: what,
        metric: new Metric({ namespace: METRIC_NAMESPACE, metricName, statistic: 'Sum', period: Duration.minutes(1) }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: TreatMissingData.BREACHING,
      }).addAlarmAction(notify);
    }
    new Alarm(this, 'CanaryFailing', {
      alarmDescription: 'The canary has not passed for 10 minutes: GET /health or the paging dry run (rota, messages, link signing) is failing, or the canary is not running.',
      metric: new Metric({ namespace: METRIC_NAMESPACE, metricName: 'CanaryChecksPassed', statistic: 'Sum', period: Duration.minutes(5) }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: TreatMissingData.BREACHING,
    }).addAlarmAction(notify);
    for (const channel of ['sms', 'email'] as const) {
      alarm(
        `PageUndelivered-${channel}`,
        `A page ${channel === 'sms' ? 'SMS was rejected (opted-out number, spend limit, sandbox) after its retries and the page escalated at once' : 'mail could not be sent after its retries'}: see the case timeline (page-failed).`,
        new Metric({ namespace: METRIC_NAMESPACE, metricName: 'PageMessagesFailed', dimensionsMap: { Channel: channel }, statistic: 'Sum', period: Duration.minutes(1) }),
        1,
      );
    }

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(7) });
    const byLevel = (name: string) => LEVELS.map((level) => service(name, { Level: level }).with({ label: `${name} ${level}` }));
    this.dashboard.addWidgets(
      new TextWidget({ markdown: '# Support cases and SLAs\nCases, first responses and breaches by level; alerts, timers and the sweeper; the API and its functions.', width: 24, height: 2 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Cases opened by level', left: byLevel('CasesOpened'), width: 8 }),
      new GraphWidget({ title: 'First responses met by level', left: byLevel('FirstResponsesMet'), width: 8 }),
      new GraphWidget({ title: 'First responses breached and SLA breaches by level', left: [...byLevel('FirstResponsesBreached'), ...byLevel('SlaBreaches')], width: 8 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Alerts sent and failed',
        left: TOPICS.flatMap((topic) => [service('AlertsSent', { Topic: topic }).with({ label: `sent ${topic}` }), service('AlertsFailed', { Topic: topic }).with({ label: `failed ${topic}` })]),
        width: 8,
      }),
      new GraphWidget({
        title: 'Timers fired and sweeper recoveries',
        left: [...['warning', 'breach', 'escalation'].map((timer) => service('TimersFired', { Timer: timer }).with({ label: `fired ${timer}` })), service('SweeperRecoveries').with({ label: 'sweeper recoveries' })],
        width: 8,
      }),
      new GraphWidget({
        title: 'Dead-letter queues',
        left: props.deadLetterQueues.map((queue) => queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(5) })),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Pages sent, repeats, escalations by level', left: [...byLevel('PagesSent'), ...byLevel('PageRepeats'), ...byLevel('PageEscalations')], width: 12 }),
      new GraphWidget({
        title: 'Time to acknowledge (ms): median and p90 by level',
        left: (['I', 'II'] as const).flatMap((level) => ['p50', 'p90'].map((stat) => service('TimeToAcknowledgeMs', { Level: level }, stat).with({ label: `${stat} ${level}` }))),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'API requests and 5xx %', left: [props.api.metricCount({ period: Duration.minutes(5), statistic: 'Sum' })], right: [serverErrorRate], width: 12 }),
      new GraphWidget({ title: 'Function errors', left: props.functions.map((fn) => fn.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }).with({ label: fn.node.id })), width: 12 }),
    );
  }
}
