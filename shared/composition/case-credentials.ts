import { DATA_SETTINGS } from '../config/app-config.js';
import { makeReadCredentials, type ReadCredentialsDeps } from '../use-cases/read-credentials.js';
import { caseDataOf } from './case-data.js';
import { caseLookupOf } from './case-lookup.js';
import { caseTimelineOf } from './case-timeline.js';
import { composition } from './provided.js';
import { secretsReaderOf } from './secrets-reader.js';
import { basicsOf } from './settings.js';

/** functions/case-credentials: a case's stored secrets for agents, each read recorded first (the only reader of the secrets table). */
export function credentialsReading(deps: ReadCredentialsDeps) {
  return { readCredentials: makeReadCredentials(deps) };
}

export const caseCredentials = composition([DATA_SETTINGS], (config) => {
  const data = caseDataOf(config);
  return credentialsReading({ clock: basicsOf(config).clock, cases: caseLookupOf(data), timeline: caseTimelineOf(data), secrets: secretsReaderOf(data) });
});
