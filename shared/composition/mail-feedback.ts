import { DATA_SETTINGS } from '../config/app-config.js';
import { makeRecordMailFeedback } from '../use-cases/mail-feedback.js';
import { caseDataOf } from './case-data.js';
import { caseLookupOf } from './case-lookup.js';
import { caseTimelineOf } from './case-timeline.js';
import { outboxOf } from './outbox.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/** functions/mail-feedback: bounces and complaints SES reports, recorded on the case. */
export function mailFeedback(ports: Parameters<typeof makeRecordMailFeedback>[0]) {
  return { recordMailFeedback: makeRecordMailFeedback(ports) };
}

export const mailFeedbackRecording = composition([DATA_SETTINGS], (config) => {
  const data = caseDataOf(config);
  return mailFeedback({ ...basicsOf(config), cases: caseLookupOf(data), timeline: caseTimelineOf(data), outbox: outboxOf(data) });
});
