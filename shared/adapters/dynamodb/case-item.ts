import * as z from 'zod/mini';
import { CASE_STATUSES, MISSING_INFORMATION, ROLES, SLA_STATES, type SupportCase } from '../../domain/support-case.js';
import { ENVIRONMENTS, IMPACTS, REQUEST_TYPES, RESPONSE_LEVELS } from '../../domain/policy-terms.js';

/** Items read back from the table are parsed, not trusted: a bad item fails loudly here, not three layers up. */
const integer = z.number().check(z.int());
const nullableString = z._default(z.nullable(z.string()), null);
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
  scenario: z.nullable(z.string()),
  connectLayer: z.enum(['hosted', 'local']),
  contact: z.object({ name: z.string(), email: z.string(), phone: z.nullable(z.string()) }),
  responseLevel: z.enum(RESPONSE_LEVELS),
  status: z.enum(CASE_STATUSES),
  resolvedAt: nullableString,
  assignee: nullableString,
  coverage: coverageSchema,
  sla: z.nullable(
    z.object({
      revision: z._default(integer, 1),
      clock: z.enum(['24x7', 'business']),
      targetMs: z.number(),
      firstResponseDueAt: z.string(),
      firstResponseWarningAt: z.string(),
      calendarId: z.string(),
      calendarVersion: z.number(),
    }),
  ),
  slaState: z._default(z.enum(SLA_STATES), 'running'),
  escalationStep: z._default(integer, 0),
  lastEscalationAlertAt: nullableString,
  secretsPurgeDueAt: nullableString,
  firstResponse: z._default(z.nullable(z.object({ at: z.string(), met: z.boolean(), elapsedMs: z.number(), by: z.object({ role: z.enum(ROLES), name: z.string() }) })), null),
  appCredentialsProvided: z.boolean(),
  remoteAccessProvided: z.boolean(),
  missingInformation: z.array(z.enum(MISSING_INFORMATION)),
  openedBy: z.object({ sub: z.string(), role: z.enum(ROLES), name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: integer,
}) satisfies z.ZodMiniType<SupportCase>;

export const idempotencyItemSchema = z.object({
  fingerprint: z.string(),
  caseNumber: z.string(),
  /** What the first request answered, for requests whose answer is more than the case (a comment). */
  result: z.optional(z.record(z.string(), z.unknown())),
});
