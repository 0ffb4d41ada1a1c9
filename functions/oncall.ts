import { oncall } from '../shared/composition/oncall.js';
import { logger } from '../shared/composition/settings.js';
import { DomainError } from '../shared/domain/errors.js';
import { overrideBodySchema, scheduleBodySchema } from '../shared/domain/oncall-config.js';
import { httpHandler, json } from '../shared/http/http-handler.js';
import { nowQuerySchema, nowView, overrideParameterSchema, overrideView, scheduleParameterSchema, scheduleView } from '../shared/http/oncall-http.js';
import { idempotencyKeyOf, parseInput, parseJsonBody, replayedHeader } from '../shared/http/request-body.js';
import { SECURITY_HEADERS } from '../shared/http/problem.js';

/** The on-call rota: GET /oncall/now and schedules for staff; schedules and overrides edited by managers. */
export const handler = httpHandler(logger, async ({ event, principal }) => {
  const caller = principal();
  const { rota } = oncall();
  const scheduleId = () => parseInput(scheduleParameterSchema, event.pathParameters ?? {}, 'the schedule id is not valid').scheduleId;
  switch (event.routeKey) {
    case 'GET /oncall/now': {
      const query = parseInput(nowQuerySchema, event.queryStringParameters ?? {}, 'the query has invalid parameters');
      return json(200, nowView(await rota.now(caller, query.schedule)));
    }
    case 'GET /oncall/schedules/{scheduleId}': {
      const { schedule, overrides } = await rota.getSchedule(caller, scheduleId());
      return json(200, scheduleView(schedule, overrides));
    }
    case 'PUT /oncall/schedules/{scheduleId}': {
      const id = scheduleId();
      const body = parseJsonBody(event, scheduleBodySchema);
      await rota.replaceSchedule(caller, id, body);
      const { schedule, overrides } = await rota.getSchedule(caller, id);
      return json(200, scheduleView(schedule, overrides));
    }
    case 'POST /oncall/overrides': {
      const body = parseJsonBody(event, overrideBodySchema);
      const { override, replayed } = await rota.addOverride(caller, body, idempotencyKeyOf(event));
      const { schedule } = await rota.getSchedule(caller, override.scheduleId);
      return json(201, overrideView(override, schedule.zone), replayedHeader(replayed));
    }
    case 'DELETE /oncall/overrides/{overrideId}': {
      const { overrideId } = parseInput(overrideParameterSchema, event.pathParameters ?? {}, 'the override id is not valid');
      await rota.removeOverride(caller, overrideId);
      return { statusCode: 204, headers: { ...SECURITY_HEADERS } };
    }
    default:
      throw new DomainError('route-not-found', `no route ${event.routeKey}`);
  }
});
