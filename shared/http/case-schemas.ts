import { IANAZone } from 'luxon';
import * as z from 'zod';
import { CASE_STATUSES } from '../domain/support-case.js';
import { lineText, multilineText, secretText } from './text-fields.js';
import { ENVIRONMENTS, IMPACTS, REQUEST_TYPES, RESPONSE_LEVELS } from '../domain/support-policy.js';

/** What may be sent to the case routes. Strict: unknown fields are refused, every size is bounded, text is checked (text-fields.ts). */
const secret = secretText(4000);

export const openCaseBodySchema = z.strictObject({
  title: lineText(200),
  description: multilineText(20_000, 0),
  requestType: z.enum(REQUEST_TYPES),
  environment: z.enum(ENVIRONMENTS),
  impact: z.enum(IMPACTS),
  productArea: lineText(100),
  scenario: multilineText(20_000, 0).optional(),
  appCredentials: secret.optional(),
  connectLayer: z.strictObject({ type: z.enum(['hosted', 'local']), remoteAccess: secret.optional() }).optional(),
  contact: z.strictObject({
    name: lineText(200),
    email: z.email().max(254),
    phone: z.string().trim().regex(/^\+?[0-9 ().-]{5,30}$/, 'expected a phone number such as +44 20 7946 0000').optional(),
  }),
  institution: lineText(64).optional(),
});

export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'use 1-128 letters, digits, dot, dash, underscore or colon');

export const caseNumberParameterSchema = z.strictObject({ caseNumber: z.string().regex(/^\d{8}$/, 'a case number is 8 digits') });

export const listCasesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
  institution: z.string().max(64).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  level: z.enum(RESPONSE_LEVELS).optional(),
  /** A support person's name, or `none` for unassigned cases. */
  assignee: lineText(200).optional(),
});

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
    status: z.enum(CASE_STATUSES).optional(),
    responseLevel: z.enum(RESPONSE_LEVELS).optional(),
    requestType: z.enum(REQUEST_TYPES).optional(),
    reason: multilineText(1000).optional(),
    assignee: z.union([lineText(200), z.null()]).optional(),
    scenario: multilineText(20_000).optional(),
    appCredentials: secret.optional(),
    remoteAccess: secret.optional(),
  })
  .superRefine((patch, ctx) => {
    if (patch.responseLevel !== undefined && patch.reason === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a level change needs a reason' });
    if (patch.requestType !== undefined && patch.reason === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a reclassification needs a reason' });
  });

export const commentBodySchema = z.strictObject({
  body: multilineText(20_000),
  visibility: z.enum(['public', 'internal']),
});

export const escalationBodySchema = z.strictObject({ reason: multilineText(2000) });

export const timelineQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});

export const reportQuerySchema = z.strictObject({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD'),
  zone: z.string().max(64).refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone such as Europe/London').optional(),
  institution: z.string().max(64).optional(),
  level: z.enum(RESPONSE_LEVELS).optional(),
  /** The rest of the breach list: a previous answer's `nextBreachesCursor`. */
  breachesCursor: z.string().max(500).optional(),
});
