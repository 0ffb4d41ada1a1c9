import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single-table layout, shared by the adapter, the local runtime (which
 * creates the table) and the CDK stack (which declares it), so the three can
 * never disagree.
 *
 * | item            | pk                        | sk                         | indexes                                   |
 * |-----------------|---------------------------|----------------------------|-------------------------------------------|
 * | case            | CASE#00000042             | CASE                       | by-institution, by-month                  |
 * | timeline event  | CASE#00000042             | EVENT#<instant>#<kind>#…   | none                                      |
 * | SLA timer       | CASE#00000042             | TIMER#r<rev>#<kind>        | pending (TIMER, due instant) while pending |
 * | outbound alert  | CASE#00000042             | ALERT#<alert id>           | pending (OUTBOX, created) until sent      |
 * | case counter    | COUNTER                   | CASE_NUMBER                | none                                      |
 * | idempotency key | IDEMPOTENCY#<sub>#<key>   | IDEMPOTENCY                | none; expires through TTL                 |
 * | report aggregate| REPORT#<inst>#<YYYY-MM>   | <YYYY-MM-DD>               | none                                      |
 *
 * A case that is breached for good (answered late, or written after its deadline passed unanswered) is also in
 * `breaches` (BREACH#<YYYY-MM>, case number), a sparse index holding only what the report's breach list shows.
 */
export const KEY = { partition: 'pk', sort: 'sk' } as const;

export const INDEXES = {
  /** One institution's cases, newest first. */
  byInstitution: { name: 'by-institution', partition: 'gsi1pk', sort: 'gsi1sk' },
  /** Every case by creation month, for staff listings and period reports. */
  byMonth: { name: 'by-month', partition: 'gsi2pk', sort: 'gsi2sk' },
  /** Sparse: only pending timers (`TIMER`, by due instant) and unsent alerts (`OUTBOX`), for the sweeper. */
  pending: { name: 'pending', partition: 'gsi3pk', sort: 'gsi3sk' },
  /** Sparse: only cases breached for good, by creation month and case number, for the report's breach list. */
  breaches: { name: 'breaches', partition: 'gsi4pk', sort: 'gsi4sk', include: ['caseNumber', 'institution', 'responseLevel', 'sla', 'firstResponse', 'createdAt'] },
} as const;

/** The attributes an index holds besides the keys: all of them, or only those it names. */
export function projectionOf(index: (typeof INDEXES)[keyof typeof INDEXES]): { readonly include?: readonly string[] } {
  return 'include' in index ? { include: index.include } : {};
}

export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * Secrets customers supply (app credentials, remote access) live in a table of
 * their own, keyed like the case (`CASE#00000042` / `SECRETS`), so that IAM can
 * keep every function but the credentials route from reading them.
 */
export const secretsTableName = (tableName: string): string => `${tableName}-secrets`;

export function createSecretsTableInput(tableName: string): CreateTableCommandInput {
  return keyedTable(tableName, []);
}

/** A table keyed by `pk` and `sk`, on demand, with the given string attributes defined. */
function keyedTable(tableName: string, attributes: readonly string[]): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [
      { AttributeName: KEY.partition, KeyType: 'HASH' },
      { AttributeName: KEY.sort, KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [KEY.partition, KEY.sort, ...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
  };
}

export function createTableInput(tableName: string): CreateTableCommandInput {
  const indexes = Object.values(INDEXES);
  return {
    ...keyedTable(tableName, indexes.flatMap((index) => [index.partition, index.sort])),
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partition, KeyType: 'HASH' },
        { AttributeName: index.sort, KeyType: 'RANGE' },
      ],
      Projection: projectionOf(index).include ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projectionOf(index).include!] } : { ProjectionType: 'ALL' },
    })),
  };
}
