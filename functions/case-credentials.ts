import { caseCredentials } from '../shared/composition/case-credentials.js';
import { logger } from '../shared/composition/settings.js';
import { DomainError } from '../shared/domain/errors.js';
import { caseNumberParameterSchema } from '../shared/http/case-schemas.js';
import { httpHandler, json } from '../shared/http/http-handler.js';
import { parseInput } from '../shared/http/request-body.js';

/**
 * GET /cases/{caseNumber}/credentials: agents read a case's stored secrets; every read is recorded on the timeline
 * first. The only function that may read the secrets table.
 */
export const handler = httpHandler(logger, async ({ event, principal }) => {
  if (event.routeKey !== 'GET /cases/{caseNumber}/credentials') throw new DomainError('route-not-found', `no route ${event.routeKey}`);
  const caller = principal();
  const { caseNumber } = parseInput(caseNumberParameterSchema, event.pathParameters ?? {}, 'the case number is not valid');
  const secrets = await caseCredentials().readCredentials(caller, caseNumber);
  return json(200, { caseNumber, ...secrets });
});
