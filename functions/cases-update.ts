import { casesUpdate } from '../shared/composition/cases-update.js';
import { logger } from '../shared/composition/settings.js';
import { DomainError, ValidationError } from '../shared/domain/errors.js';
import { caseView } from '../shared/http/case-view.js';
import { SERVER_OWNED_FIELDS, commentBodySchema, escalationBodySchema, patchCaseBodySchema } from '../shared/http/case-change-schemas.js';
import { caseNumberParameterSchema } from '../shared/http/case-schemas.js';
import { httpHandler, json } from '../shared/http/http-handler.js';
import { idempotencyKeyOf, parseInput, parseJsonBody, replayedHeader } from '../shared/http/request-body.js';
import { eventView } from '../shared/http/timeline-view.js';
import { etagOf, expectedVersion } from '../shared/http/versions.js';
import * as z from 'zod/mini';

/** PATCH /cases/{n}, POST /cases/{n}/comments, POST /cases/{n}/escalations (the credentials route is functions/case-credentials). */
export const handler = httpHandler(logger, async ({ event, principal }) => {
  const caller = principal();
  const { caseNumber } = parseInput(caseNumberParameterSchema, event.pathParameters ?? {}, 'the case number is not valid');
  const deps = casesUpdate();
  switch (event.routeKey) {
    case 'PATCH /cases/{caseNumber}': {
      const version = expectedVersion(event);
      const body = parseJsonBody(event, z.unknown());
      const owned = body && typeof body === 'object' ? SERVER_OWNED_FIELDS.filter((field) => field in body) : [];
      if (body && typeof body === 'object' && Object.keys(body).length === 0) {
        throw new ValidationError('the request has invalid fields', [{ field: '', message: 'nothing to change' }]);
      }
      if (owned.length > 0) {
        throw new ValidationError('the request has invalid fields', owned.map((field) => ({ field, message: 'set by the service; it cannot be changed' })));
      }
      const patch = parseInput(patchCaseBodySchema, body, 'the request has invalid fields');
      const updated = await deps.updateCase(caller, caseNumber, version, patch);
      return json(200, caseView(updated), { etag: etagOf(updated) });
    }
    case 'POST /cases/{caseNumber}/comments': {
      const body = parseJsonBody(event, commentBodySchema);
      const { supportCase, comment, replayed } = await deps.addComment(caller, caseNumber, body, idempotencyKeyOf(event));
      return json(201, eventView({ ...comment, id: comment.discriminator }), { etag: etagOf(supportCase), ...replayedHeader(replayed) });
    }
    case 'POST /cases/{caseNumber}/escalations': {
      const { reason } = parseJsonBody(event, escalationBodySchema);
      const outcome = await deps.requestEscalation(caller, caseNumber, reason, idempotencyKeyOf(event));
      return json(
        202,
        { caseNumber, status: outcome.alerted ? 'management alerted' : 'already escalated', managementAlerted: outcome.alerted, managementAlertedAt: outcome.managementAlertedAt, reason },
        { etag: etagOf(outcome.supportCase), ...replayedHeader(outcome.replayed) },
      );
    }
    default:
      throw new DomainError('route-not-found', `no route ${event.routeKey}`);
  }
});
