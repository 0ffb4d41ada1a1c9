import * as z from 'zod/mini';
import { RESPONSE_LEVELS, REQUEST_TYPES } from '../domain/policy-terms.js';
import { CASE_STATUSES } from '../domain/support-case.js';
import { caseSecret } from './case-schemas.js';
import { lineText, multilineText } from './text-fields.js';

const secret = caseSecret();

/** What changes a case: PATCH /cases/{n}, its comments and escalation requests. */
/** Fields the service owns: sending one in a PATCH is refused by name. */
export const SERVER_OWNED_FIELDS = [
  'caseNumber',
  'institution',
  'environment',
  'impact',
  'coverage',
  'sla',
  'slaState',
  'escalationStep',
  'lastEscalationAlertAt',
  'secretsPurgeDueAt',
  'firstResponse',
  'firstResponseDueAt',
  'missingInformation',
  'appCredentialsProvided',
  'remoteAccessProvided',
  'openedBy',
  'resolvedAt',
  'createdAt',
  'updatedAt',
  'version',
] as const;

export const patchCaseBodySchema = z
  .strictObject({
    status: z.optional(z.enum(CASE_STATUSES)),
    responseLevel: z.optional(z.enum(RESPONSE_LEVELS)),
    requestType: z.optional(z.enum(REQUEST_TYPES)),
    reason: z.optional(multilineText(1000)),
    assignee: z.optional(z.union([lineText(200), z.null()])),
    scenario: z.optional(multilineText(20_000)),
    appCredentials: z.optional(secret),
    remoteAccess: z.optional(secret),
  })
  .check(
    z.superRefine((patch, ctx) => {
      if (patch.responseLevel !== undefined && patch.reason === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a level change needs a reason' });
      if (patch.requestType !== undefined && patch.reason === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a reclassification needs a reason' });
    }),
  );

export const commentBodySchema = z.strictObject({
  body: multilineText(20_000),
  visibility: z.enum(['public', 'internal']),
});

export const escalationBodySchema = z.strictObject({ reason: multilineText(2000) });
