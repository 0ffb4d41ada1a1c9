import { ALERT_SETTINGS, CUSTOMER_MAIL_SETTINGS, DATA_SETTINGS, MAIL_IDENTITY_SETTINGS, MAIL_TRANSPORT_SETTINGS, TIMER_SETTINGS } from '../config/app-config.js';
import { followUpStreamWith } from '../adapters/dynamodb/stream-records.js';
import { makeDispatchAlerts } from '../use-cases/dispatch-alerts.js';
import { makeArmTimers, makeDisarmTimers, makeFireTimer, makeFollowUp } from '../use-cases/fire-timer.js';
import { alertsSentFromStream, makeFollowUpRecorded } from '../use-cases/follow-up-recorded.js';
import { snsPublisher } from './alert-publisher.js';
import { customerMail } from './escalation.js';
import { sesMail } from './mail.js';
import { lambdaPagingTrigger } from './paging-trigger.js';
import { composition } from './provided.js';
import { schedulerTimers } from './sla-timers.js';
import { timerPorts } from './sla-triggers.js';
import { caseDataOf } from './case-data.js';
import { outboxOf } from './outbox.js';

/**
 * functions/follow-up: what the changes recorded, carried out as the table's stream delivers it: schedules made and
 * deleted, timers already due fired (their alerts come back through the stream), due page steps handed to the
 * paging function, alerts published, customer mail sent.
 */
export const followUps = composition([DATA_SETTINGS, TIMER_SETTINGS, ALERT_SETTINGS, MAIL_IDENTITY_SETTINGS, MAIL_TRANSPORT_SETTINGS, CUSTOMER_MAIL_SETTINGS], (config) => {
  const data = caseDataOf(config);
  const ports = { ...timerPorts(config, data), outbox: outboxOf(data) };
  const { clock, logger } = ports;
  const timers = schedulerTimers(config, clock);
  const fireTimer = makeFireTimer({ ...ports, dispatch: alertsSentFromStream });
  const followUp = makeFollowUp({
    armTimers: makeArmTimers({ timers, clock, fireTimer, pagingTrigger: lambdaPagingTrigger(config), logger }),
    disarmTimers: makeDisarmTimers({ timers, logger }),
    dispatch: makeDispatchAlerts({ ...ports, publisher: snsPublisher(config) }),
    dispatchMails: customerMail(ports, sesMail(config)),
  });
  return { followUpStream: followUpStreamWith(makeFollowUpRecorded({ followUp, logger })) };
});
