import { dependencies, logger } from '../shared/composition-root.js';
import { DomainError } from '../shared/domain/errors.js';
import { caseView } from '../shared/http/case-view.js';
import { caseNumberParameterSchema, listCasesQuerySchema, timelineQuerySchema } from '../shared/http/case-schemas.js';
import { decodeTimelineCursor, encodeTimelineCursor, eventView } from '../shared/http/timeline-view.js';
import { etagOf } from '../shared/http/versions.js';
import { httpHandler, json } from '../shared/http/http-handler.js';
import { parseInput } from '../shared/http/request-body.js';

/** GET /cases, GET /cases/{caseNumber} and its timeline: read-only, and granted read-only access. */
export const handler = httpHandler(logger, async ({ event, principal }) => {
  const caller = principal();
  switch (event.routeKey) {
    case 'GET /cases/{caseNumber}': {
      const { caseNumber } = parseInput(caseNumberParameterSchema, event.pathParameters ?? {}, 'the case number is not valid');
      const supportCase = await dependencies().getCase(caller, caseNumber);
      return json(200, caseView(supportCase), { etag: etagOf(supportCase) });
    }
    case 'GET /cases/{caseNumber}/timeline': {
      const { caseNumber } = parseInput(caseNumberParameterSchema, event.pathParameters ?? {}, 'the case number is not valid');
      const query = parseInput(timelineQuerySchema, event.queryStringParameters ?? {}, 'the query has invalid parameters');
      const page = await dependencies().getTimeline(caller, caseNumber, { limit: query.limit, cursor: query.cursor === undefined ? undefined : decodeTimelineCursor(query.cursor) });
      return json(200, { items: page.items.map(eventView), nextCursor: page.next ? encodeTimelineCursor(page.next) : null });
    }
    case 'GET /cases': {
      const query = parseInput(listCasesQuerySchema, event.queryStringParameters ?? {}, 'the query has invalid parameters');
      const page = await dependencies().listCases(caller, { ...query, responseLevel: query.level });
      return json(200, { items: page.items.map(caseView), nextCursor: page.nextCursor });
    }
    default:
      throw new DomainError('route-not-found', `no route ${event.routeKey}`);
  }
});
