import { casesWrite } from '../shared/composition/cases-write.js';
import { logger } from '../shared/composition/settings.js';
import { DomainError } from '../shared/domain/errors.js';
import { caseView } from '../shared/http/case-view.js';
import { openCaseBodySchema } from '../shared/http/open-case-schema.js';
import { httpHandler, json } from '../shared/http/http-handler.js';
import { idempotencyKeyOf, parseJsonBody, replayedHeader } from '../shared/http/request-body.js';
import { etagOf } from '../shared/http/versions.js';

/** POST /cases: open a support case. */
export const handler = httpHandler(logger, async ({ event, principal }) => {
  if (event.routeKey !== 'POST /cases') throw new DomainError('route-not-found', `no route ${event.routeKey}`);
  const caller = principal();
  const body = parseJsonBody(event, openCaseBodySchema);
  const { supportCase, created } = await casesWrite().openCase(caller, body, idempotencyKeyOf(event));
  return json(201, caseView(supportCase), { location: `/cases/${supportCase.caseNumber}`, etag: etagOf(supportCase), ...replayedHeader(!created) });
});
