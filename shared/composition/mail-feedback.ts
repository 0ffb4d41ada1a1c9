import { makeRecordMailFeedback } from '../use-cases/mail-feedback.js';
import { caseDataOf } from './case-data.js';
import { caseReaderOf } from './case-reader.js';
import { caseUpdateStoreOf } from './case-update-store.js';
import { outboxOf } from './outbox.js';
import type { ServicePorts } from './ports.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/** functions/mail-feedback: bounces and complaints SES reports, recorded on the case. */
export function mailFeedback(ports: Pick<ServicePorts, 'cases' | 'updates' | 'outbox' | 'clock' | 'logger'>) {
  return { recordMailFeedback: makeRecordMailFeedback(ports) };
}

export const mailFeedbackRecording = composition((config) => {
  const data = caseDataOf(config);
  return mailFeedback({ ...basicsOf(config), cases: caseReaderOf(data), updates: caseUpdateStoreOf(data), outbox: outboxOf(data) });
});
