import { logger } from '../shared/composition/settings.js';
import { DomainError } from '../shared/domain/errors.js';
import { httpHandler } from '../shared/http/http-handler.js';
import { matchRoute } from '../shared/http/routes.js';

/**
 * The `$default` route: any request no route matched. Answers 405 with `Allow`
 * when the path exists with other methods, 404 otherwise, as problem+json.
 */
export const handler = httpHandler(logger, async ({ event }) => {
  const method = event.requestContext?.http?.method ?? 'GET';
  const match = matchRoute(method, event.rawPath ?? '/');
  if (match.kind === 'method-not-allowed') {
    throw new DomainError('method-not-allowed', `${method} is not allowed on ${event.rawPath}`, { allow: match.allow.join(', ') });
  }
  throw new DomainError('route-not-found', `there is no route ${method} ${event.rawPath}`);
});
