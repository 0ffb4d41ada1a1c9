import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single-table layout, shared by the adapter, the local runtime (which
 * creates the table) and the CDK stack (which declares it), so the three can
 * never disagree.
 *
 * | item             | pk                        | sk                         | indexes                                          |
 * |------------------|---------------------------|----------------------------|--------------------------------------------------|
 * | case             | CASE#00000042             | CASE                       | by-institution, by-month; lists when breached    |
 * | list entry       | CASE#00000042             | VIEW#status, VIEW#level, VIEW#assignee | lists (see below), always          |
 * | timeline event   | CASE#00000042             | EVENT#<instant>#<kind>#…   | none                                             |
 * | SLA timer        | CASE#00000042             | TIMER#r<rev>#<kind>        | pending (TIMER, due instant) while pending       |
 * | outbound alert   | CASE#00000042             | ALERT#<alert id>           | pending (OUTBOX, created) until sent             |
 * | case counter     | COUNTER                   | CASE_NUMBER                | none                                             |
 * | idempotency key  | IDEMPOTENCY#<sub>#<key>   | IDEMPOTENCY                | none; expires through TTL                        |
 * | report aggregate | REPORT#<inst>#<YYYY-MM>   | D#<YYYY-MM-DD>#<shard>     | none (`<YYYY-MM-DD>`: the earlier form, unread)   |
 *
 * `lists` is one sparse index overloaded with the few lists that cross cases besides the month and institution
 * walks (CloudFormation creates one index per table update, so the release adds only this one):
 * - a case breached for good (answered late, or written after its deadline passed unanswered), by its case item:
 *   `BREACH#<YYYY-MM>` / case number, for the report's breach list;
 * - every case's three list entries, one per staff filter, written in the transactions that write the case:
 *   `STATUS#<YYYY-MM>#<status>`, `LEVEL#<YYYY-MM>#<level>`, `ASSIGNEE#<YYYY-MM>#<name>` or `UNASSIGNED#<YYYY-MM>`
 *   (creation month), sorted `<created instant>#<case number>` like the month walk, each holding the case's
 *   status, level, assignee and institution so that a listing filtered on more than one of them narrows the
 *   entries it reads with a filter expression.
 */
export const KEY = { partition: 'pk', sort: 'sk' } as const;

export const INDEXES = {
  /** One institution's cases, newest first. */
  byInstitution: { name: 'by-institution', partition: 'gsi1pk', sort: 'gsi1sk' },
  /** Every case by creation month, for unfiltered staff listings, period reports and the backfill. */
  byMonth: { name: 'by-month', partition: 'gsi2pk', sort: 'gsi2sk' },
  /** Sparse: only pending timers (`TIMER`, by due instant) and unsent alerts (`OUTBOX`), for the sweeper. */
  pending: { name: 'pending', partition: 'gsi3pk', sort: 'gsi3sk' },
  /**
   * Sparse, overloaded: cases breached for good (for the report's breach list) and the cases' list entries (for
   * filtered staff listings); it holds only what those two read.
   */
  lists: {
    name: 'lists',
    partition: 'gsi4pk',
    sort: 'gsi4sk',
    include: ['caseNumber', 'institution', 'responseLevel', 'status', 'assignee', 'sla', 'firstResponse', 'createdAt'],
  },
} as const;

/** The attributes an index holds besides the keys: all of them, or only those it names. */
export function projectionOf(index: (typeof INDEXES)[keyof typeof INDEXES]): { readonly include?: readonly string[] } {
  return 'include' in index ? { include: index.include } : {};
}

/** The staff filters a case has a list entry for, each in the `lists` index (layout above). */
export const LIST_DIMENSIONS = ['status', 'level', 'assignee'] as const;
export type ListDimension = (typeof LIST_DIMENSIONS)[number];

/** A list's partition for one creation month: `null` is the unassigned list. Free text (a name) comes last. */
export function listPartition(dimension: ListDimension, value: string | null, month: string): string {
  if (dimension === 'assignee') return value === null ? `UNASSIGNED#${month}` : `ASSIGNEE#${month}#${value}`;
  return `${dimension === 'status' ? 'STATUS' : 'LEVEL'}#${month}#${value}`;
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

/**
 * The case table's stream, which functions/follow-up reads in AWS: both images, so that a timer going from pending
 * to cancelled shows. The local runtime follows up inline and makes its table without one; tests that pump the
 * stream ask for it.
 */
export const CASE_STREAM_VIEW = 'NEW_AND_OLD_IMAGES';

export function createTableInput(tableName: string, options: { readonly stream?: boolean } = {}): CreateTableCommandInput {
  const indexes = Object.values(INDEXES);
  return {
    ...keyedTable(tableName, indexes.flatMap((index) => [index.partition, index.sort])),
    ...(options.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: CASE_STREAM_VIEW } } : {}),
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
