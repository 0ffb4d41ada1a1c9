import { DATA_SETTINGS, MAIL_IDENTITY_SETTINGS, mailIdentityOf } from '../config/app-config.js';
import { oncallConfig } from '../config/oncall-config.js';
import { supportDirectory } from '../config/support-config.js';
import { followedUpFromStream } from '../use-cases/follow-up-recorded.js';
import { type OpenCaseDeps, makeOpenCase } from '../use-cases/open-case.js';
import { caseDataOf } from './case-data.js';
import { caseIntakeOf } from './case-intake.js';
import { caseLookupOf } from './case-lookup.js';
import { idempotencyRecordsOf } from './idempotency-records.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/** functions/cases-write: intake. */
export function caseOpening(ports: OpenCaseDeps) {
  return { openCase: makeOpenCase(ports) };
}

/**
 * In AWS intake records the case with its timers, alerts, customer mail and page steps in one transaction, and
 * answers: functions/follow-up arms, sends and pages from the table's stream. So intake needs DynamoDB alone.
 */
export const casesWrite = composition([DATA_SETTINGS, MAIL_IDENTITY_SETTINGS], (config) => {
  const data = caseDataOf(config);
  return caseOpening({
    ...basicsOf(config),
    cases: caseLookupOf(data),
    intake: caseIntakeOf(data),
    idempotency: idempotencyRecordsOf(data),
    directory: supportDirectory(),
    followUp: followedUpFromStream,
    mail: mailIdentityOf(config),
    paging: oncallConfig().policy,
  });
});
