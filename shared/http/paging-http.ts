import * as z from 'zod/mini';
import { formatInstant } from '../domain/instant-text.js';
import { PAGE_ID } from '../domain/paging.js';
import type { PageView } from '../domain/paging.js';
import { SECURITY_HEADERS } from './problem.js';
import type { HttpResult } from './http-handler.js';

/** Path and query parameters of the paging routes (functions/pages), and how their answers look; the rota's are in oncall-http.ts. */
export const pageIdParameterSchema = z.strictObject({ pageId: z.string().check(z.regex(PAGE_ID, 'a page id is <case number>-<n>')) });
export const pagingReportQuerySchema = z.strictObject({ from: z.string(), to: z.string() });
/** A link's token: what HmacAckTokens makes (anything else is refused as a forged link). */
export const ackTokenSchema = z.string().check(z.minLength(1, 'the link has no token'), z.maxLength(200));

export function pageView(page: PageView) {
  return {
    pageId: page.pageId,
    caseNumber: page.caseNumber,
    level: page.level,
    state: page.state,
    startedAt: formatInstant(page.startedAt),
    lastStep: page.lastStep,
    stepsSent: page.stepsSent,
    repeats: page.repeats,
    escalations: page.escalations,
    acknowledgedAt: page.acknowledgedAt === null ? null : formatInstant(page.acknowledgedAt),
    acknowledgedBy: page.acknowledgedBy,
    acknowledgedVia: page.acknowledgedVia,
  };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A small HTML page (the acknowledgement link's): no script, no remote content, forms post only to this API. */
function htmlPage(status: number, title: string, body: string): HttpResult {
  return {
    statusCode: status,
    headers: {
      ...SECURITY_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'referrer-policy': 'no-referrer',
    },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#111}button{font:inherit;padding:.75rem 1.5rem;background:#0b5394;color:#fff;border:0;border-radius:.4rem}</style></head>
<body><h1>${escape(title)}</h1>${body}</body></html>`,
  };
}

/** GET of an acknowledgement link: what would be acknowledged, and a button that posts the token (nothing changes yet). */
export function confirmationPage(page: PageView, recipient: string, token: string): HttpResult {
  const facts = `<p>Case <strong>${escape(page.caseNumber)}</strong>, level ${escape(page.level)}, paged to ${escape(recipient)}.</p>`;
  if (page.state !== 'paging') {
    const why = page.state === 'acknowledged' ? `It was acknowledged by ${escape(page.acknowledgedBy ?? '')} at ${escape(formatInstant(page.acknowledgedAt ?? 0))}.` : 'Support has responded or the case is closed.';
    return htmlPage(200, 'Nothing to acknowledge', `${facts}<p>${why}</p>`);
  }
  return htmlPage(
    200,
    `Acknowledge the page for case ${page.caseNumber}?`,
    `${facts}<p>Acknowledging stops the repeats and escalations of this page and records your name on the case.</p>
<form method="post" action="/pages/${escape(page.pageId)}/acknowledge"><input type="hidden" name="token" value="${escape(token)}"><button type="submit">Acknowledge</button></form>`,
  );
}

export function acknowledgedPage(page: PageView): HttpResult {
  return htmlPage(200, `Acknowledged: case ${page.caseNumber}`, `<p>Thank you, ${escape(page.acknowledgedBy ?? '')}. The page is acknowledged; it will not repeat or escalate.</p>`);
}
