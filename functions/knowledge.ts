import * as z from 'zod/mini';
import catalogue from '../config/knowledge.json' with { type: 'json' };
import { logger } from '../shared/composition/settings.js';
import { DomainError } from '../shared/domain/errors.js';
import { httpHandler, json } from '../shared/http/http-handler.js';
import { parseInput } from '../shared/http/request-body.js';
import { makeSuggestArticles } from '../shared/use-cases/suggest-articles.js';

const suggestArticles = makeSuggestArticles(catalogue);
const querySchema = z.strictObject({ q: z.string().check(z.maxLength(200)), limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(10)), 5) });

/** GET /knowledge/suggest?q=: articles matching what a customer is typing. Needs no data access. */
export const handler = httpHandler(logger, async ({ event, principal }) => {
  if (event.routeKey !== 'GET /knowledge/suggest') throw new DomainError('route-not-found', `no route ${event.routeKey}`);
  principal();
  const { q, limit } = parseInput(querySchema, event.queryStringParameters ?? {}, 'the query has invalid parameters');
  return json(200, { items: suggestArticles(q, limit).map(({ id, title, summary, url }) => ({ id, title, summary, url })) });
});
