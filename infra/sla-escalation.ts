import { Arn, ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Subscription, SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AlertTopic } from '../shared/domain/support-policy.js';
import type { CaseTable } from './case-table.js';
import { FUNCTION_NEEDS, type FunctionNeeds, type ServiceFunction } from './function-permissions.js';
import { SupportFunction } from './support-function.js';

export interface AlertSubscribers {
  readonly oncallEmails: readonly string[];
  readonly oncallPhones: readonly string[];
  readonly supportEmails: readonly string[];
  readonly managementEmails: readonly string[];
  readonly operationsEmails: readonly string[];
}

/**
 * SLA timers and 24/7 escalation: the schedule group and the role Scheduler
 * uses, the SLA-timer and sweeper functions (the sweeper on a one-minute rule),
 * the alert topics (TLS only, encrypted) with their subscribers and dead-letter
 * queues, and an alarm on every dead-letter queue.
 */
export class SlaEscalation extends Construct {
  readonly scheduleGroup: ScheduleGroup;
  readonly schedulerRole: Role;
  readonly timerDeadLetters: Queue;
  readonly topics: Record<AlertTopic | 'operations', Topic>;
  readonly timerFunction: SupportFunction;
  readonly sweeperFunction: SupportFunction;
  /** Carries out what changes recorded (schedules, alerts, mail, due page steps), fed by the case table's stream. */
  readonly followUpFunction: SupportFunction;
  /** Fires paging steps and sends pages: the only function that may send SMS. */
  readonly pagingFunction: SupportFunction;
  /** Checks /health and dry-runs the paging path every five minutes. */
  readonly canaryFunction: SupportFunction;
  /** Every function made by `serviceFunction`, by name: what grants that need other constructs are derived from. */
  readonly functions = new Map<ServiceFunction, SupportFunction>();
  readonly deadLetterQueues: Queue[] = [];
  private readonly topicKey: Key;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: {
      readonly table: CaseTable;
      readonly logRetention: RetentionDays;
      readonly subscribers: AlertSubscribers;
      /** The account's monthly SMS spend limit (USD) and the pages' origination identity. */
      readonly sms: { readonly monthlySpendLimitUsd: number; readonly origination: string | null };
    },
  ) {
    super(scope, id);
    const stack = Stack.of(this);

    const topicKey = (this.topicKey = new Key(this, 'TopicKey', { description: 'Encrypts the alert topics', enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY }));
    // CloudWatch alarms publish to the (encrypted) operations topic: only alarms of this account and region.
    topicKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': Arn.format({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }, stack) },
        },
      }),
    );
    const topic = (name: string, displayName: string) => new Topic(this, `${name}Topic`, { displayName, enforceSSL: true, masterKey: topicKey });
    this.topics = {
      oncall: topic('Oncall', 'Support on-call 24/7'),
      support: topic('Support', 'Support team'),
      management: topic('Management', 'Support management'),
      operations: topic('Operations', 'Support service operations'),
    };

    this.timerDeadLetters = this.deadLetterQueue('TimerDeadLetters');
    this.scheduleGroup = new ScheduleGroup(this, 'Schedules', { removalPolicy: RemovalPolicy.DESTROY });

    this.timerFunction = this.serviceFunction('sla-timer', { deadLetterQueue: this.deadLetterQueue('TimerFunctionDeadLetters') });
    this.sweeperFunction = this.serviceFunction('sweeper');
    this.pagingFunction = this.serviceFunction('paging', { deadLetterQueue: this.deadLetterQueue('PagingFunctionDeadLetters') });
    if (props.sms.origination) this.pagingFunction.function.addEnvironment('SMS_ORIGINATION', props.sms.origination);

    // Scheduler may assume the role only for this account's schedules in this stack's group. Scheduler's
    // aws:SourceArn is the schedule group's ARN (its documentation: never a schedule or a name prefix).
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnEquals: { 'aws:SourceArn': this.scheduleGroup.scheduleGroupArn } },
      }),
      description: 'EventBridge Scheduler: invokes the SLA-timer and paging functions only',
    });
    this.schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.timerFunction.function.functionArn, this.pagingFunction.function.functionArn] }),
    );
    this.timerDeadLetters.grantSendMessages(this.schedulerRole);
    this.followUpFunction = this.followUpFromStream();

    new Rule(this, 'SweepEveryMinute', {
      description: 'Fires due SLA timers and sends alerts that a lost trigger or failed send left behind',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.sweeperFunction.function, { retryAttempts: 2, maxEventAge: Duration.minutes(2) })],
    });

    this.canaryFunction = this.serviceFunction('canary');
    new Rule(this, 'CanaryEveryFiveMinutes', {
      description: 'Checks GET /health and dry-runs the paging path (no SMS)',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(this.canaryFunction.function, { retryAttempts: 0, maxEventAge: Duration.minutes(5) })],
    });

    new Rule(this, 'PagingSweepEveryMinute', {
      description: 'Fires paging steps and sends page messages that a lost trigger or failed send left behind',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.pagingFunction.function, { event: RuleTargetInput.fromObject({ sweep: true }), retryAttempts: 2, maxEventAge: Duration.minutes(2) })],
    });

    // The account's SMS settings: every SMS is Transactional by default, and the spend limit is the committed one.
    // SetSMSAttributes has no resource to name: '*' is the only resource IAM accepts for it.
    const smsSettings = new AwsCustomResource(this, 'SmsSettings', {
      onUpdate: {
        service: 'SNS',
        action: 'SetSMSAttributes',
        parameters: { attributes: { DefaultSMSType: 'Transactional', MonthlySpendLimit: String(props.sms.monthlySpendLimitUsd) } },
        physicalResourceId: PhysicalResourceId.of('sms-settings'),
      },
      policy: AwsCustomResourcePolicy.fromStatements([new PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] })]),
      installLatestAwsSdk: false,
    });
    Validations.of(smsSettings).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'sns:SetSMSAttributes sets account-wide SMS settings and supports no resource-level permission: IAM accepts only "*".',
    });

    this.subscribe(this.topics.oncall, 'Oncall', props.subscribers.oncallEmails, props.subscribers.oncallPhones);
    this.subscribe(this.topics.support, 'Support', props.subscribers.supportEmails, []);
    this.subscribe(this.topics.management, 'Management', props.subscribers.managementEmails, []);
    this.subscribe(this.topics.operations, 'Operations', props.subscribers.operationsEmails, []);
  }

  /** A function of this service, with the environment and the grants its needs call for. */
  serviceFunction(name: ServiceFunction, options: { readonly deadLetterQueue?: Queue } = {}): SupportFunction {
    const needs = FUNCTION_NEEDS[name];
    const fn = new SupportFunction(this.node.scope as Construct, `Fn-${name}`, {
      entry: name,
      description: needs.description,
      environment: { TABLE_NAME: this.props.table.table.tableName, TIMERS: 'eventbridge', ALERTS: 'sns' },
      logRetention: this.props.logRetention,
      ...(needs.timeoutSeconds ? { timeout: Duration.seconds(needs.timeoutSeconds) } : {}),
      ...(needs.memoryMb ? { memorySize: needs.memoryMb } : {}),
      ...(options.deadLetterQueue ? { deadLetterQueue: options.deadLetterQueue } : {}),
      readsSecrets: Boolean(needs.cursorKey || needs.pageAckKey),
    });
    this.props.table.grant(fn.role, needs.data);
    if (needs.data.secrets) fn.function.addEnvironment('SECRETS_TABLE_NAME', this.props.table.secrets.tableName);
    if (needs.cursorKey) {
      this.props.table.grantCursorKey(fn.role);
      fn.function.addEnvironment('CURSOR_KEY_SECRET_ARN', this.props.table.cursorKey.secretArn);
    }
    if (needs.alerts) this.allowAlerts(fn);
    if (needs.pageAckKey) {
      this.props.table.grantPageAckKey(fn.role);
      fn.function.addEnvironment('PAGE_ACK_KEY_SECRET_ARN', this.props.table.pageAckKey.secretArn);
    }
    if (needs.sms) {
      // SMS straight to a phone number has no resource ARN: allow Publish on anything that is not an SNS ARN, so
      // this role can text a number but cannot publish to any topic.
      fn.role.addToPolicy(new PolicyStatement({ actions: ['sns:Publish'], notResources: ['arn:aws:sns:*:*:*'] }));
    }
    if (needs.invokesPaging) {
      fn.function.addEnvironment('PAGING_FUNCTION_ARN', this.pagingFunction.function.functionArn);
      fn.role.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.pagingFunction.function.functionArn] }));
    }
    if (needs.schedules.length > 0) this.allowScheduling(fn, needs.schedules);
    this.functions.set(name, fn);
    return fn;
  }

  private allowAlerts(fn: SupportFunction): void {
    fn.function.addEnvironment('ONCALL_TOPIC_ARN', this.topics.oncall.topicArn);
    fn.function.addEnvironment('SUPPORT_TOPIC_ARN', this.topics.support.topicArn);
    fn.function.addEnvironment('MANAGEMENT_TOPIC_ARN', this.topics.management.topicArn);
    // Exactly publish, and the two key actions an encrypted topic needs from a publisher.
    fn.role.addToPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: (['oncall', 'support', 'management'] as const).map((name) => this.topics[name].topicArn) }));
    this.topicKey.grant(fn.role, 'kms:Decrypt', 'kms:GenerateDataKey');
  }

  private allowScheduling(fn: SupportFunction, operations: FunctionNeeds['schedules']): void {
    // The timer function is created before anything that schedules, so its ARN is known here.
    fn.function.addEnvironment('SCHEDULE_GROUP', this.scheduleGroup.scheduleGroupName);
    fn.function.addEnvironment('TIMER_FUNCTION_ARN', this.timerFunction.function.functionArn);
    fn.function.addEnvironment('PAGING_FUNCTION_ARN', this.pagingFunction.function.functionArn);
    fn.function.addEnvironment('SCHEDULER_ROLE_ARN', this.schedulerRole.roleArn);
    fn.function.addEnvironment('TIMER_DLQ_ARN', this.timerDeadLetters.queueArn);
    const schedules = Arn.format({ service: 'scheduler', resource: 'schedule', resourceName: `${this.scheduleGroup.scheduleGroupName}/*` }, Stack.of(this));
    const actions = { create: 'scheduler:CreateSchedule', delete: 'scheduler:DeleteSchedule' } as const;
    fn.role.addToPolicy(new PolicyStatement({ actions: operations.map((operation) => actions[operation]), resources: [schedules] }));
    fn.role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['iam:PassRole'],
        resources: [this.schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.scheduleGroup.scheduleGroupName}/*]`,
      reason: 'One schedule per SLA deadline is created at run time with a name derived from the case; the wildcard is limited to this stack\'s schedule group.',
    });
  }

  /**
   * functions/follow-up on the case table's stream, for the records it acts on only (a timer or outbox item
   * inserted, a timer cancelled); its code checks each record again. Lambda delivers a case's records in order;
   * a failed case is retried (from its first record), five times at most, then its batch's description goes to a
   * dead-letter queue with an alarm, and the sweeper still finishes the work from the items themselves.
   */
  private followUpFromStream(): SupportFunction {
    const fn = this.serviceFunction('follow-up');
    const inserted = (type: string) => FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { type: { S: FilterRule.isEqual(type) } } } });
    fn.function.addEventSource(
      new DynamoEventSource(this.props.table.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 100,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(6),
        onFailure: new SqsDlq(this.deadLetterQueue('FollowUpDeadLetters')),
        filters: [
          inserted('timer'),
          inserted('alert'),
          inserted('mail'),
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('MODIFY'),
            dynamodb: { OldImage: { status: { S: FilterRule.isEqual('pending') } }, NewImage: { type: { S: FilterRule.isEqual('timer') }, status: { S: FilterRule.isEqual('cancelled') } } },
          }),
        ],
      }),
    );
    // Pages, alerts and schedules wait while follow-up falls behind its stream: operations hears of it within minutes.
    new Alarm(this, 'FollowUpBehindAlarm', {
      alarmDescription: 'follow-up is more than a minute behind the case table stream: pages, alerts, customer mail and schedules are late (the sweeper catches up within a minute of each due time). Check the function errors and throttles.',
      metric: fn.function.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: 60_000,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new SnsAction(this.topics.operations));
    Validations.of(fn.role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: "dynamodb:ListStreams, which the event source mapping grants for the case table's stream, has no resource-level permissions: '*' is the only resource IAM accepts for it. The stream's records are read on the stream's own ARN.",
    });
    return fn;
  }

  /** A dead-letter queue with its alarm (operations is notified when anything lands in it). */
  deadLetterQueue(id: string): Queue {
    const queue = new Queue(this, id, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(queue).acknowledge({ id: 'AwsSolutions::AwsSolutions-SQS3', reason: 'This queue is itself a dead-letter queue; it has an alarm instead of a further queue.' });
    new Alarm(this, `${id}Alarm`, {
      alarmDescription: `Messages are waiting in ${id}: an SLA trigger or alert could not be delivered. Inspect and redrive.`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new SnsAction(this.topics.operations));
    this.deadLetterQueues.push(queue);
    return queue;
  }

  private subscribe(topic: Topic, name: string, emails: readonly string[], phones: readonly string[]): void {
    if (emails.length + phones.length === 0) return;
    const deadLetterQueue = this.deadLetterQueue(`${name}SubscriptionDeadLetters`);
    emails.forEach((email, i) => new Subscription(this, `${name}Email${i}`, { topic, protocol: SubscriptionProtocol.EMAIL, endpoint: email, deadLetterQueue }));
    phones.forEach((phone, i) => new Subscription(this, `${name}Sms${i}`, { topic, protocol: SubscriptionProtocol.SMS, endpoint: phone, deadLetterQueue }));
  }
}
