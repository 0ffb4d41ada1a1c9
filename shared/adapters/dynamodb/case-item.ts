import * as z from 'zod';
import { CASE_STATUSES, MISSING_INFORMATION, ROLES, SLA_STATES, type SupportCase } from '../../domain/support-case.js';
import { ENVIRONMENTS, IMPACTS, REQUEST_TYPES, RESPONSE_LEVELS } from '../../domain/support-policy.js';

/** Items read back from the table are parsed, not trusted: a bad item fails loudly here, not three layers up. */
const coverageSchema = z.union([
  z.object({ covered: z.literal(true), route: z.literal('support') }),
  z.object({ covered: z.boolean(), route: z.literal('ideas-exchange'), message: z.string(), link: z.string() }),
  z.object({ covered: z.literal(false), route: z.literal('account-manager'), message: z.string(), earliestProjectStart: z.string() }),
]);

export const storedCaseSchema = z.object({
  caseNumber: z.string(),
  institution: z.string(),
  title: z.string(),
  description: z.string(),
  requestType: z.enum(REQUEST_TYPES),
  environment: z.enum(ENVIRONMENTS),
  impact: z.enum(IMPACTS),
  productArea: z.string(),
  scenario: z.string().nullable(),
  connectLayer: z.enum(['hosted', 'local']),
  contact: z.object({ name: z.string(), email: z.string(), phone: z.string().nullable() }),
  responseLevel: z.enum(RESPONSE_LEVELS),
  status: z.enum(CASE_STATUSES),
  resolvedAt: z.string().nullable().default(null),
  assignee: z.string().nullable().default(null),
  coverage: coverageSchema,
  sla: z
    .object({
      revision: z.number().int().default(1),
      clock: z.enum(['24x7', 'business']),
      targetMs: z.number(),
      firstResponseDueAt: z.string(),
      firstResponseWarningAt: z.string(),
      calendarId: z.string(),
      calendarVersion: z.number(),
    })
    .nullable(),
  slaState: z.enum(SLA_STATES).default('running'),
  escalationStep: z.number().int().default(0),
  lastEscalationAlertAt: z.string().nullable().default(null),
  secretsPurgeDueAt: z.string().nullable().default(null),
  firstResponse: z
    .object({ at: z.string(), met: z.boolean(), elapsedMs: z.number(), by: z.object({ role: z.enum(ROLES), name: z.string() }) })
    .nullable()
    .default(null),
  appCredentialsProvided: z.boolean(),
  remoteAccessProvided: z.boolean(),
  missingInformation: z.array(z.enum(MISSING_INFORMATION)),
  openedBy: z.object({ sub: z.string(), role: z.enum(ROLES), name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
}) satisfies z.ZodType<SupportCase>;

export const idempotencyItemSchema = z.object({
  fingerprint: z.string(),
  caseNumber: z.string(),
  /** What the first request answered, for requests whose answer is more than the case (a comment). */
  result: z.record(z.string(), z.unknown()).optional(),
});
