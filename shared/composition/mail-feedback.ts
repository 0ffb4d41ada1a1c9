import { makeRecordMailFeedback } from '../use-cases/mail-feedback.js';
import { caseDataOf } from './case-data.js';
import { caseStoreOf } from './case-store.js';
import { caseUpdateStoreOf } from './case-update-store.js';
import type { ServicePorts } from './ports.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/** functions/mail-feedback: bounces and complaints SES reports, recorded on the case. */
export function mailFeedback(ports: Pick<ServicePorts, 'store' | 'updates' | 'clock' | 'logger'>) {
  return { recordMailFeedback: makeRecordMailFeedback(ports) };
}

export const mailFeedbackRecording = composition((config) => {
  const data = caseDataOf(config);
  return mailFeedback({ ...basicsOf(config), store: caseStoreOf(data), updates: caseUpdateStoreOf(data) });
});
