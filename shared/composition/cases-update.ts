import { supportDirectory } from '../config/support-config.js';
import { DATA_SETTINGS, MAIL_IDENTITY_SETTINGS, mailIdentityOf } from '../config/app-config.js';
import { type CaseUpdateDeps, makeAddComment, makeRequestEscalation, makeUpdateCase } from '../use-cases/case-updates.js';
import { followedUpFromStream } from '../use-cases/follow-up-recorded.js';
import { type CaseData, caseDataOf } from './case-data.js';
import { caseLookupOf } from './case-lookup.js';
import { caseUpdateStoreOf } from './case-update-store.js';
import { idempotencyRecordsOf } from './idempotency-records.js';
import { composition } from './provided.js';
import { type LambdaConfig, basicsOf } from './settings.js';

/** functions/cases-update: changes, comments, escalation requests (it writes the secrets supplied with a change, never reads them). */
export function caseUpdating(deps: CaseUpdateDeps) {
  return { updateCase: makeUpdateCase(deps), addComment: makeAddComment(deps), requestEscalation: makeRequestEscalation(deps) };
}

/**
 * What a change to a case is made with in AWS: the stores, the policy, the mail domain (what a recorded mail's id is
 * fixed with: the mail is rendered and sent by the senders, with the rest of the mail settings); what the change records
 * for afterwards (timers to arm or cancel, alerts, mails) is carried out by functions/follow-up from the table's
 * stream, so changing a case needs DynamoDB alone.
 */
export function caseChangesOf(config: LambdaConfig<typeof DATA_SETTINGS | typeof MAIL_IDENTITY_SETTINGS>, data: CaseData = caseDataOf(config)): CaseUpdateDeps {
  const { clock, metrics } = basicsOf(config);
  return { cases: caseLookupOf(data), idempotency: idempotencyRecordsOf(data), updates: caseUpdateStoreOf(data), directory: supportDirectory(), clock, metrics, followUp: followedUpFromStream, mail: mailIdentityOf(config) };
}

export const casesUpdate = composition([DATA_SETTINGS, MAIL_IDENTITY_SETTINGS], (config) => caseUpdating(caseChangesOf(config)));
