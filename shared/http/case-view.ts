import type { SupportCase } from '../domain/support-case.js';

/**
 * How a case is shown over the API. Says whether each secret was provided,
 * never what it is (secrets are not even in the case record).
 */
export function caseView(c: SupportCase) {
  return {
    caseNumber: c.caseNumber,
    institution: c.institution,
    title: c.title,
    description: c.description,
    requestType: c.requestType,
    environment: c.environment,
    impact: c.impact,
    productArea: c.productArea,
    scenario: c.scenario,
    responseLevel: c.responseLevel,
    status: c.status,
    resolvedAt: c.resolvedAt,
    assignee: c.assignee,
    coverage: c.coverage,
    firstResponseDueAt: c.sla?.firstResponseDueAt ?? null,
    sla: c.sla && {
      clock: c.sla.clock,
      targetSeconds: c.sla.targetMs / 1000,
      firstResponseDueAt: c.sla.firstResponseDueAt,
      warningAt: c.sla.firstResponseWarningAt,
      calendar: { id: c.sla.calendarId, version: c.sla.calendarVersion },
    },
    slaState: c.slaState,
    escalationStep: c.escalationStep,
    firstResponse: c.firstResponse && {
      at: c.firstResponse.at,
      met: c.firstResponse.met,
      elapsedSeconds: Math.round(c.firstResponse.elapsedMs / 1000),
      by: c.firstResponse.by,
    },
    missingInformation: c.missingInformation,
    appCredentialsProvided: c.appCredentialsProvided,
    connectLayer: { type: c.connectLayer, remoteAccessProvided: c.remoteAccessProvided },
    contact: c.contact,
    openedBy: { role: c.openedBy.role, name: c.openedBy.name },
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    version: c.version,
  };
}
