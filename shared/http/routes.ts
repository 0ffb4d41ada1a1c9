/**
 * Every route of the HTTP API and the function that serves it. The CDK stack
 * builds API Gateway routes and Lambda functions from this table and the local
 * runtime dispatches with it, so both worlds route alike.
 */
/** Functions behind the HTTP API (modules under functions/). */
export type FunctionName = 'health' | 'cases-read' | 'cases-write' | 'cases-update' | 'case-credentials' | 'attachments' | 'reports' | 'knowledge' | 'pages' | 'oncall' | 'not-found';

export interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** API Gateway path syntax: `/cases/{caseNumber}`. */
  readonly path: string;
  readonly function: FunctionName;
  /** False only for /health: everything else needs a bearer JWT. */
  readonly authenticated: boolean;
}

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/health', function: 'health', authenticated: false },
  { method: 'POST', path: '/cases', function: 'cases-write', authenticated: true },
  { method: 'GET', path: '/cases', function: 'cases-read', authenticated: true },
  { method: 'GET', path: '/cases/{caseNumber}', function: 'cases-read', authenticated: true },
  { method: 'GET', path: '/cases/{caseNumber}/timeline', function: 'cases-read', authenticated: true },
  { method: 'PATCH', path: '/cases/{caseNumber}', function: 'cases-update', authenticated: true },
  { method: 'POST', path: '/cases/{caseNumber}/comments', function: 'cases-update', authenticated: true },
  { method: 'POST', path: '/cases/{caseNumber}/escalations', function: 'cases-update', authenticated: true },
  // The customer's secrets: a function of its own, the only one that may read the secrets table (every reveal is
  // recorded on the timeline first, so it also appends to the case).
  { method: 'GET', path: '/cases/{caseNumber}/credentials', function: 'case-credentials', authenticated: true },
  // Signed uploads and downloads of case files: the only function that may touch the attachment bucket.
  { method: 'POST', path: '/cases/{caseNumber}/attachments', function: 'attachments', authenticated: true },
  { method: 'GET', path: '/cases/{caseNumber}/attachments', function: 'attachments', authenticated: true },
  { method: 'GET', path: '/cases/{caseNumber}/attachments/{attachmentId}', function: 'attachments', authenticated: true },
  { method: 'GET', path: '/reports/sla', function: 'reports', authenticated: true },
  { method: 'GET', path: '/knowledge/suggest', function: 'knowledge', authenticated: true },
  // Paging: staff acknowledge in the portal; the link in a page opens a confirmation page (GET changes nothing) whose
  // form acknowledges (POST). The link's signed token is its credential, so those two routes take no bearer token.
  { method: 'POST', path: '/pages/{pageId}/ack', function: 'pages', authenticated: true },
  { method: 'GET', path: '/pages/{pageId}/acknowledge', function: 'pages', authenticated: false },
  { method: 'POST', path: '/pages/{pageId}/acknowledge', function: 'pages', authenticated: false },
  { method: 'GET', path: '/cases/{caseNumber}/pages', function: 'pages', authenticated: true },
  { method: 'GET', path: '/reports/paging', function: 'pages', authenticated: true },
  // The on-call rota: staff read it, managers edit it.
  { method: 'GET', path: '/oncall/now', function: 'oncall', authenticated: true },
  { method: 'GET', path: '/oncall/schedules/{scheduleId}', function: 'oncall', authenticated: true },
  { method: 'PUT', path: '/oncall/schedules/{scheduleId}', function: 'oncall', authenticated: true },
  { method: 'POST', path: '/oncall/overrides', function: 'oncall', authenticated: true },
  { method: 'DELETE', path: '/oncall/overrides/{overrideId}', function: 'oncall', authenticated: true },
];

export const routeKey = (route: Route): string => `${route.method} ${route.path}`;

function pattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (/^\{[A-Za-z]+\}$/.test(segment) ? '([^/]+)' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

const compiled = ROUTES.map((route) => ({ route, regex: pattern(route.path), names: [...route.path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]!) }));

export type RouteMatch =
  | { readonly kind: 'route'; readonly route: Route; readonly pathParameters: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

/** Matches a request path (already without query string) the way API Gateway does. */
export function matchRoute(method: string, path: string): RouteMatch {
  const allow: string[] = [];
  for (const { route, regex, names } of compiled) {
    const match = regex.exec(path);
    if (!match) continue;
    if (route.method === method.toUpperCase()) {
      try {
        const pathParameters = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
        return { kind: 'route', route, pathParameters };
      } catch {
        return { kind: 'not-found' }; // malformed percent-encoding
      }
    }
    allow.push(route.method);
  }
  return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
}
