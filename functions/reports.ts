import { reports } from '../shared/composition/reports.js';
import { logger } from '../shared/composition/settings.js';
import { DomainError } from '../shared/domain/errors.js';
import { reportQuerySchema } from '../shared/http/report-query-schema.js';
import { httpHandler, json } from '../shared/http/http-handler.js';
import { SECURITY_HEADERS } from '../shared/http/problem.js';
import { reportCsv } from '../shared/http/report-view.js';
import { parseInput } from '../shared/http/request-body.js';

/** GET /reports/sla: JSON, or CSV with `Accept: text/csv`. Read-only. */
export const handler = httpHandler(logger, async ({ event, principal }) => {
  if (event.routeKey !== 'GET /reports/sla') throw new DomainError('route-not-found', `no route ${event.routeKey}`);
  const caller = principal();
  const query = parseInput(reportQuerySchema, event.queryStringParameters ?? {}, 'the query has invalid parameters');
  const deps = reports();
  const csv = (event.headers?.accept ?? '').toLowerCase().includes('text/csv');
  // The CSV is the whole report, every breach of the period; the JSON answer pages its breach list.
  const report = await deps.slaReport(caller, { ...query, zone: query.zone ?? deps.reportZone, allBreaches: csv });
  if (csv) {
    return {
      statusCode: 200,
      headers: { ...SECURITY_HEADERS, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="sla-${query.from}-${query.to}.csv"` },
      body: reportCsv(report),
    };
  }
  return json(200, report);
});
