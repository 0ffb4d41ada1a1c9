import { pages } from '../shared/composition/pages.js';
import { logger } from '../shared/composition/settings.js';
import { DomainError, ValidationError } from '../shared/domain/errors.js';
import { caseNumberParameterSchema } from '../shared/http/case-schemas.js';
import { httpHandler, json } from '../shared/http/http-handler.js';
import { ackTokenSchema, acknowledgedPage, confirmationPage, pageIdParameterSchema, pageView, pagingReportQuerySchema } from '../shared/http/paging-http.js';
import { idempotencyKeyOf, parseInput, replayedHeader } from '../shared/http/request-body.js';
import type { HttpEvent } from '../shared/http/http-handler.js';

/** The token of a link's form post (`application/x-www-form-urlencoded`, a few hundred bytes at most). */
function formToken(event: HttpEvent): string {
  const type = (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new DomainError('unsupported-media-type', 'send the form as application/x-www-form-urlencoded');
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  if (raw.length > 2048) throw new DomainError('payload-too-large', 'the form is larger than an acknowledgement form can be');
  return parseInput(ackTokenSchema, new URLSearchParams(raw).get('token') ?? '', 'the form has no valid token');
}

const queryToken = (event: HttpEvent) => {
  const token = event.queryStringParameters?.token;
  if (token === undefined) throw new ValidationError('the link has no token', [{ field: 'token', message: 'the link has no token' }]);
  return parseInput(ackTokenSchema, token, 'the link has no valid token');
};

/** Acknowledging pages (staff in the portal, or the page's own link), a case's pages, the paging report. */
export const handler = httpHandler(logger, async ({ event, principal }) => {
  const deps = pages();
  const pageId = () => parseInput(pageIdParameterSchema, event.pathParameters ?? {}, 'the page id is not valid').pageId;
  switch (event.routeKey) {
    case 'POST /pages/{pageId}/ack': {
      const { page, replayed } = await deps.paging.acknowledgeAsStaff(principal(), pageId(), idempotencyKeyOf(event));
      return json(200, pageView(page), replayedHeader(replayed));
    }
    case 'GET /pages/{pageId}/acknowledge': {
      const token = queryToken(event);
      const { page, recipient } = await deps.paging.openLink(pageId(), token);
      return confirmationPage(page, recipient, token);
    }
    case 'POST /pages/{pageId}/acknowledge':
      return acknowledgedPage(await deps.paging.acknowledgeWithLink(pageId(), formToken(event)));
    case 'GET /cases/{caseNumber}/pages': {
      const { caseNumber } = parseInput(caseNumberParameterSchema, event.pathParameters ?? {}, 'the case number is not valid');
      return json(200, { items: (await deps.paging.casePages(principal(), caseNumber)).map(pageView) });
    }
    case 'GET /reports/paging': {
      const query = parseInput(pagingReportQuerySchema, event.queryStringParameters ?? {}, 'the query has invalid parameters');
      return json(200, await deps.pagingReport(principal(), query));
    }
    default:
      throw new DomainError('route-not-found', `no route ${event.routeKey}`);
  }
});
