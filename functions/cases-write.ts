import { dependencies, logger } from '../shared/composition-root.js';
import { DomainError } from '../shared/domain/errors.js';
import { caseView } from '../shared/http/case-view.js';
import { openCaseBodySchema } from '../shared/http/case-schemas.js';
import { httpHandler, json } from '../shared/http/http-handler.js';
import { idempotencyKeyOf, parseJsonBody, replayedHeader } from '../shared/http/request-body.js';
import { etagOf } from '../shared/http/versions.js';

/** POST /cases: open a support case. */
export const handler = httpHandler(logger, async ({ event, principal }) => {
  if (event.routeKey !== 'POST /cases') throw new DomainError('route-not-found', `no route ${event.routeKey}`);
  const caller = principal();
  const body = parseJsonBody(event, openCaseBodySchema);
  const { supportCase, created } = await dependencies().openCase(caller, body, idempotencyKeyOf(event));
  return json(201, caseView(supportCase), { location: `/cases/${supportCase.caseNumber}`, etag: etagOf(supportCase), ...replayedHeader(!created) });
});
