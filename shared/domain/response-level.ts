import type { Environment, Impact, RequestType, ResponseLevel } from './support-policy.js';

export interface CaseClassification {
  readonly environment: Environment;
  readonly impact: Impact;
  readonly requestType: RequestType;
}

/**
 * The response level a case gets. Production + service-down is I, production +
 * module-down II, production + degraded III; everything else is IV. Requests
 * (enhancement, new integration, UX redesign) are never incidents, so they are IV
 * whatever impact is claimed. A query or defect about a down production system is
 * not downgraded: a down system must always get through.
 */
export function responseLevelFor(c: CaseClassification): ResponseLevel {
  if (c.requestType !== 'query' && c.requestType !== 'defect') return 'IV';
  if (c.environment !== 'production') return 'IV';
  switch (c.impact) {
    case 'service-down':
      return 'I';
    case 'module-down':
      return 'II';
    case 'degraded':
      return 'III';
    case 'question':
      return 'IV';
  }
}
