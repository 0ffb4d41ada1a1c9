import { health } from '../shared/composition/health.js';
import { logger } from '../shared/composition/settings.js';
import { httpHandler, json } from '../shared/http/http-handler.js';

/** GET /health: no authentication; 200 when the service and its store answer, 503 otherwise. */
export const handler = httpHandler(logger, async () => json(200, await health().checkHealth()));
