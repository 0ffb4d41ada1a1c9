import { casesRead } from '../shared/composition/cases-read.js';
import { logger } from '../shared/composition/settings.js';
import { DomainError } from '../shared/domain/errors.js';
import { caseView } from '../shared/http/case-view.js';
import { caseNumberParameterSchema } from '../shared/http/case-schemas.js';
import { listCasesQuerySchema, timelineQuerySchema } from '../shared/http/query-schemas.js';
import { eventView } from '../shared/http/timeline-view.js';
import { etagOf } from '../shared/http/versions.js';
import { httpHandler, json } from '../shared/http/http-handler.js';
import { parseInput } from '../shared/http/request-body.js';

/** GET /cases, GET /cases/{caseNumber} and its timeline: read-only, and granted read-only access. */
export const handler = httpHandler(logger, async ({ event, principal, remainingMs }) => {
  const caller = principal();
  switch (event.routeKey) {
    case 'GET /cases/{caseNumber}': {
      const { caseNumber } = parseInput(caseNumberParameterSchema, event.pathParameters ?? {}, 'the case number is not valid');
      const supportCase = await casesRead().getCase(caller, caseNumber);
      return json(200, caseView(supportCase), { etag: etagOf(supportCase) });
    }
    case 'GET /cases/{caseNumber}/timeline': {
      const { caseNumber } = parseInput(caseNumberParameterSchema, event.pathParameters ?? {}, 'the case number is not valid');
      const query = parseInput(timelineQuerySchema, event.queryStringParameters ?? {}, 'the query has invalid parameters');
      const page = await casesRead().getTimeline(caller, caseNumber, query);
      return json(200, { items: page.items.map(eventView), nextCursor: page.nextCursor });
    }
    case 'GET /cases': {
      const query = parseInput(listCasesQuerySchema, event.queryStringParameters ?? {}, 'the query has invalid parameters');
      const { level, ...rest } = query;
      // Stop walking month partitions well before the function's own time is up; the cursor says where to go on.
      const page = await casesRead().listCases(caller, { ...rest, responseLevel: level, deadline: Date.now() + Math.min(5_000, remainingMs() / 2) });
      return json(200, { items: page.items.map(caseView), nextCursor: page.nextCursor });
    }
    default:
      throw new DomainError('route-not-found', `no route ${event.routeKey}`);
  }
});
