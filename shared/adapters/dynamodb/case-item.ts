import { type AttributeValue, type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';
import { CASE_STATUSES, MISSING_INFORMATION, ROLES, SLA_STATES, type SupportCase } from '../../domain/support-case.js';
import { ENVIRONMENTS, IMPACTS, REQUEST_TYPES, RESPONSE_LEVELS } from '../../domain/policy-terms.js';
import { integer, number, text } from './item-schemas.js';
import { caseKey } from './items.js';
import { storeCall } from './store-calls.js';

/**
 * Case items read back from the table are parsed, not trusted: a bad item fails loudly here, not three layers up.
 * Every request that reads a case builds these at import, so each building block is one schema (with those of
 * item-schemas.ts), used wherever it fits.
 */
const flag = z.boolean();
const nullableText = z.nullable(text);
const nullableString = z._default(nullableText, null);
const coverageSchema = z.union([
  z.object({ covered: z.literal(true), route: z.literal('support') }),
  z.object({ covered: flag, route: z.literal('ideas-exchange'), message: text, link: text }),
  z.object({ covered: z.literal(false), route: z.literal('account-manager'), message: text, earliestProjectStart: text }),
]);

const storedCaseSchema = z.object({
  caseNumber: text,
  institution: text,
  title: text,
  description: text,
  requestType: z.enum(REQUEST_TYPES),
  environment: z.enum(ENVIRONMENTS),
  impact: z.enum(IMPACTS),
  productArea: text,
  scenario: nullableText,
  connectLayer: z.enum(['hosted', 'local']),
  contact: z.object({ name: text, email: text, phone: nullableText }),
  responseLevel: z.enum(RESPONSE_LEVELS),
  status: z.enum(CASE_STATUSES),
  resolvedAt: nullableString,
  assignee: nullableString,
  coverage: coverageSchema,
  sla: z.nullable(
    z.object({
      revision: z._default(integer, 1),
      clock: z.enum(['24x7', 'business']),
      targetMs: number,
      firstResponseDueAt: text,
      firstResponseWarningAt: text,
      calendarId: text,
      calendarVersion: number,
    }),
  ),
  slaState: z._default(z.enum(SLA_STATES), 'running'),
  escalationStep: z._default(integer, 0),
  lastEscalationAlertAt: nullableString,
  secretsPurgeDueAt: nullableString,
  firstResponse: z._default(z.nullable(z.object({ at: text, met: flag, elapsedMs: number, by: z.object({ role: z.enum(ROLES), name: text }) })), null),
  appCredentialsProvided: flag,
  remoteAccessProvided: flag,
  missingInformation: z.array(z.enum(MISSING_INFORMATION)),
  openedBy: z.object({ sub: text, role: z.enum(ROLES), name: text }),
  createdAt: text,
  updatedAt: text,
  version: integer,
}) satisfies z.ZodMiniType<SupportCase>;

/** A case item read back: its keys, index keys and marks (`LISTED`, `REPORTED`) are left out by the schema. */
export function parseCase(item: Record<string, AttributeValue>): SupportCase {
  return storedCaseSchema.parse(unmarshall(item));
}

/** A case by its number, read consistently (one GetItem): what the case reader, the case loader and the functions that need a case alone read. */
export async function readCase(client: DynamoDBClient, tableName: string, caseNumber: string): Promise<SupportCase | undefined> {
  const result = await storeCall(() => client.send(new GetItemCommand({ TableName: tableName, Key: marshall(caseKey(caseNumber)), ConsistentRead: true })));
  return result.Item ? parseCase(result.Item) : undefined;
}
