import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { isPageTimer, scheduleName } from '../../domain/sla-timers.js';
import type { Clock } from '../../ports/clock.js';
import type { SlaTimers, TimerPayload } from '../../ports/sla-timers.js';

export interface EventBridgeTimersConfig {
  readonly groupName: string;
  /** The SLA-timer Lambda function. */
  readonly targetArn: string;
  /** The paging function: the target of paging steps' schedules. */
  readonly pagingTargetArn?: string | undefined;
  /** The role EventBridge Scheduler assumes to invoke it. */
  readonly roleArn: string;
  /** Where Scheduler puts an invocation it could not deliver. */
  readonly deadLetterArn: string;
  /** Deadlines closer than this are left to the sweeper instead of being scheduled. */
  readonly minimumLeadMs?: number;
}

/** `at()` takes whole seconds in the named zone; rounding up means a timer never fires before its deadline. */
export function atExpression(dueAt: number): string {
  return `at(${new Date(Math.ceil(dueAt / 1000) * 1000).toISOString().slice(0, 19)})`;
}

/**
 * One EventBridge Scheduler schedule per timer: a one-time `at()` in UTC, no
 * flexible window, deleted after it runs, with a retry policy and a dead-letter
 * queue. Names are deterministic, so a repeated create is recognised and a
 * delete needs nothing stored.
 */
export class EventBridgeSlaTimers implements SlaTimers {
  constructor(
    private readonly client: SchedulerClient,
    private readonly config: EventBridgeTimersConfig,
    private readonly clock: Clock,
  ) {}

  async schedule(payload: TimerPayload): Promise<'scheduled' | 'not-scheduled'> {
    const dueAt = Date.parse(payload.dueAt);
    if (dueAt - this.clock.now() < (this.config.minimumLeadMs ?? 60_000)) return 'not-scheduled';
    const name = scheduleName(payload.caseNumber, payload.timer, payload.revision);
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: this.config.groupName,
          Description: `Case ${payload.caseNumber}: ${payload.timer} timer, revision ${payload.revision}`,
          ScheduleExpression: atExpression(dueAt),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          State: 'ENABLED',
          Target: {
            Arn: isPageTimer(payload.timer) && this.config.pagingTargetArn ? this.config.pagingTargetArn : this.config.targetArn,
            RoleArn: this.config.roleArn,
            Input: JSON.stringify(payload),
            RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
            DeadLetterConfig: { Arn: this.config.deadLetterArn },
          },
        }),
      );
    } catch (error) {
      // Already there: an earlier attempt created it.
      if (!(error instanceof ConflictException)) throw error;
    }
    return 'scheduled';
  }

  async cancel(payload: Pick<TimerPayload, 'caseNumber' | 'timer' | 'revision'>): Promise<void> {
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: scheduleName(payload.caseNumber, payload.timer, payload.revision), GroupName: this.config.groupName }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
