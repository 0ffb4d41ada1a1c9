import { dependencies, logger } from '../shared/composition-root.js';
import { DomainError } from '../shared/domain/errors.js';
import { caseView } from '../shared/http/case-view.js';
import { caseNumberParameterSchema, listCasesQuerySchema } from '../shared/http/case-schemas.js';
import { httpHandler, json } from '../shared/http/http-handler.js';
import { parseInput } from '../shared/http/request-body.js';

/** GET /cases and GET /cases/{caseNumber}: read-only, and granted read-only access. */
export const handler = httpHandler(logger, async ({ event, principal }) => {
  const caller = principal();
  switch (event.routeKey) {
    case 'GET /cases/{caseNumber}': {
      const { caseNumber } = parseInput(caseNumberParameterSchema, event.pathParameters ?? {}, 'the case number is not valid');
      return json(200, caseView(await dependencies().getCase(caller, caseNumber)));
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
