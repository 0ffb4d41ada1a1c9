import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { EventBridgeSlaTimers } from '../adapters/scheduler/eventbridge-sla-timers.js';
import { type AppConfig, required } from '../config/app-config.js';
import type { Clock } from '../ports/clock.js';
import type { SlaTimers } from '../ports/sla-timers.js';
import { AWS_CALL_LIMITS, lazy } from './settings.js';

/** EventBridge Scheduler timers (paging steps target the paging function), built (settings checked, client made) on the first schedule or cancel. */
export function schedulerTimers(config: Pick<AppConfig, 'AWS_REGION' | 'SCHEDULE_GROUP' | 'TIMER_FUNCTION_ARN' | 'SCHEDULER_ROLE_ARN' | 'PAGING_FUNCTION_ARN' | 'TIMER_DLQ_ARN'>, clock: Clock): SlaTimers {
  return lazy<SlaTimers>(
    () =>
      new EventBridgeSlaTimers(
        new SchedulerClient({ region: config.AWS_REGION, ...AWS_CALL_LIMITS }),
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
}
