import type { AlertFacts, AlertKind } from '../domain/alert-message.js';
import { formatInZone } from '../domain/instant-text.js';
import type { SupportCase } from '../domain/support-case.js';
import type { SupportDirectory } from '../domain/support-directory.js';
import type { AlertTopic } from '../domain/support-policy.js';
import type { OutboxAlert } from '../ports/case-update-store.js';

/**
 * The alerts to record for a case event, one per topic: the facts of the case as they are now, rendered by the
 * sender (renderAlert) when it sends, so the functions that record alerts bundle none of the rendering. Ids are
 * unique per case, so recording the same alert twice is detected by the store.
 */
export function alertsForCase(
  supportCase: SupportCase,
  kind: AlertKind,
  topics: readonly AlertTopic[],
  directory: SupportDirectory,
  options: { readonly step?: number; readonly idSuffix?: string; readonly request?: AlertFacts['request'] } = {},
): OutboxAlert[] {
  const institution = directory.institutions.get(supportCase.institution);
  const zone = institution ? directory.calendarOfCase(institution, supportCase).zone : 'UTC';
  const dueAt = supportCase.sla?.firstResponseDueAt ?? null;
  const facts: AlertFacts = {
    caseNumber: supportCase.caseNumber,
    kind,
    ...(options.step !== undefined ? { step: options.step } : {}),
    institution: supportCase.institution,
    institutionName: institution?.name ?? supportCase.institution,
    level: supportCase.responseLevel,
    title: supportCase.title,
    dueAtUtc: dueAt,
    dueAtLocal: dueAt ? formatInZone(Date.parse(dueAt), zone) : null,
    zone,
    missingInformation: supportCase.missingInformation,
    ...(options.request !== undefined ? { request: options.request } : {}),
  };
  const id = options.idSuffix ? `${kind}-${options.idSuffix}` : kind;
  return [...new Set(topics)].map((topic) => ({ alertId: `${id}#${topic}`, caseNumber: supportCase.caseNumber, topic, facts }));
}
