import { renewIfExpiring } from './cognito.js';
import { session } from './session.js';

/** A problem+json answer from the API, shown in plain words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { code?: string; title?: string; detail?: string; errors?: { field: string; message: string }[]; allowed?: string[] },
  ) {
    super(problem.detail ?? problem.title ?? `request failed (${status})`);
  }
}

export interface Config {
  auth: { mode: 'local' } | { mode: 'cognito'; domain: string; clientId: string };
  apiBase: string;
  institutions: { id: string; name: string; zone: string; businessDay: { hours: number; source: 'calendar' | 'usual-working-day' }; connectLayer: 'hosted' | 'local' }[];
  levels: { level: string; name: string; meaning: string; firstResponse: string }[];
  ideasExchange: { url: string; newIntegrationMessage: string; enhancementMessage: string };
  accountManager: { message: string };
}

let config: Config | undefined;
export async function loadConfig(): Promise<Config> {
  config ??= (await (await fetch('/config.json')).json()) as Config;
  return config;
}

export interface ApiAnswer<T> {
  body: T;
  etag: string | null;
}

/** Calls the API with the signed-in user's token. A 401 ends the session. */
export async function api<T>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; raw?: boolean } = {}): Promise<ApiAnswer<T>> {
  const { apiBase, auth } = await loadConfig();
  if (auth.mode === 'cognito') await renewIfExpiring(auth);
  const token = session.token();
  const response = await fetch(`${apiBase}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  if (response.status === 401) {
    session.clear();
    location.hash = '#/signin';
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({ detail: `The service answered ${response.status}.` }));
    throw new ApiError(response.status, problem);
  }
  const body = (options.raw ? await response.text() : await response.json()) as T;
  return { body, etag: response.headers.get('etag') };
}
