import type { INDEXES } from '../shared/adapters/dynamodb/table-layout.js';
import type { FunctionName } from '../shared/http/routes.js';

/** Every Lambda function of the service (a module under functions/): those behind the API, the two SLA triggers and the Cognito trigger. */
export type ServiceFunction = FunctionName | 'sla-timer' | 'sweeper' | 'follow-up' | 'paging' | 'canary' | 'pre-token' | 'inbound-mail' | 'mail-feedback';

/**
 * The DynamoDB item actions the service's code calls. IAM checks a transaction
 * item by item, so a `TransactWriteItems` with a Put and an Update needs
 * exactly `PutItem` and `UpdateItem`; nothing uses ConditionCheck, batch writes or scan (the listing reads the
 * cases of a page of list entries with one BatchGetItem).
 */
export type ItemAction = 'GetItem' | 'BatchGetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query';
export type IndexName = (typeof INDEXES)[keyof typeof INDEXES]['name'];

/** Exactly what a function does to the data, per resource (derived from the code it runs; see FUNCTION_NEEDS). */
export interface DataAccess {
  /** Actions on the case table itself (its items; a Query there stays inside one case's partition). */
  readonly table?: readonly ItemAction[];
  /** Indexes of the case table the function queries (Query is the only action on an index). */
  readonly indexes?: readonly IndexName[];
  /** Actions on the customer secrets table. */
  readonly secrets?: readonly ItemAction[];
}

export interface FunctionNeeds {
  readonly description: string;
  readonly data: DataAccess;
  /** SLA schedules it creates and deletes (either needs iam:PassRole of the scheduler role for creating). */
  readonly schedules: readonly ('create' | 'delete')[];
  /** Publishes alerts to the SNS topics. */
  readonly alerts: boolean;
  /** Sends mail (ses:SendEmail through the configuration set; the mail settings in its environment). The stack derives both from these flags. */
  readonly sendsMail?: boolean;
  /** Writes customer mail into the outbox, for follow-up to send (the mail domain in its environment, which fixes each message id; no SES). */
  readonly recordsMail?: boolean;
  /** Reads the key that signs list cursors (a Secrets Manager secret). */
  readonly cursorKey?: boolean;
  /** Reads the key that signs acknowledgement links (a Secrets Manager secret of its own). */
  readonly pageAckKey?: boolean;
  /** Knows the API's public URL (PUBLIC_API_URL): for the links in pages, or to call /health from outside. */
  readonly publicApi?: boolean;
  /** Sends SMS straight to phone numbers (sns:Publish on no topic): the paging function alone. */
  readonly sms?: boolean;
  /** Runs a paging step that is due at once in the paging function (an asynchronous lambda:InvokeFunction). */
  readonly invokesPaging?: boolean;
  /** Looks users up in the user pool (cognito-idp:AdminGetUser). */
  readonly readsUsers?: boolean;
  /**
   * Reads or signs S3 objects (the attachment files, the stored inbound messages). It grants nothing itself: the
   * bucket's construct grants its objects; it says which functions bundle the S3 client (`awsClientsOf`).
   */
  readonly files?: boolean;
  /** Overrides of the SupportFunction defaults (10 s, 512 MB). */
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
}

/** What loads a case, changes it in one transaction and sends its alerts: timers fired at once, events, the alert outbox. */
const CASE_WRITER: readonly ItemAction[] = ['GetItem', 'PutItem', 'UpdateItem', 'Query'];

/**
 * Least privilege, decided in one place and derived from the code each
 * function runs (functions/*.ts → shared/use-cases → shared/adapters/dynamodb):
 *
 * - health: `ping` reads the counter item (GetItem).
 * - cases-read: `getCase` and the visibility check (GetItem), the listing's first month (GetItem on the
 *   counter), listings on by-month, by-institution and the list entries of `lists` (Query on those indexes),
 *   the cases a page of list entries names (BatchGetItem), the timeline (Query inside the case's partition);
 *   its cursors are signed with the cursor key.
 * - cases-write (intake): the counter (UpdateItem), the idempotency record (GetItem), the case, its event,
 *   timers, alerts, mail, list entries and idempotency record in one transaction (PutItem; the report aggregate:
 *   UpdateItem), the secrets (PutItem on the secrets table, nothing else there). It arms, sends and pages nothing
 *   itself: follow-up does, from the table's stream.
 * - cases-update: loads the case with its timers (GetItem, Query), changes it in one transaction (PutItem,
 *   UpdateItem; UpdateItem on the secrets when information is supplied: it writes them, never reads them). Its
 *   timers, alerts and mail are carried out by follow-up too.
 * - case-credentials: the only reader of the secrets: the visibility check (GetItem), the `credentials-read` event
 *   recorded before the answer (PutItem), the case's secrets (GetItem on the secrets table, nothing else there).
 * - attachments: the visibility check (GetItem), the case's attachments from its timeline (Query inside the
 *   case's partition), the `attachment-added` event (PutItem); its S3 grants come from the attachment bucket.
 * - reports: the report aggregates (Query on the table, inside `REPORT#<institution>#<month>` partitions), the
 *   breach list in the sparse `lists` index (Query), and `casesCreatedBetween` (Query on by-month or by-institution) for the parts of
 *   a period's first and last UTC days that its zone's midnights cut off; its breach-list cursors are signed with the cursor key.
 * - sla-timer: fires one timer (GetItem, Query, PutItem, UpdateItem); its alerts are sent by follow-up.
 * - follow-up: fed by the case table's stream (the event source mapping grants the stream): for each timer item
 *   recorded pending, CreateSchedule (a timer already due is fired at once like sla-timer; a due page step is an
 *   asynchronous lambda:InvokeFunction of paging); for each timer recorded cancelled, DeleteSchedule; each alert
 *   and customer mail of the outbox is claimed (UpdateItem), sent (sns:Publish, ses:SendEmail) and recorded
 *   (PutItem).
 * - sweeper: the only reader of the `pending` index (due timers, unsent alerts); fires and sends like the
 *   timer; purges the secrets of cases closed long enough (DeleteItem on the secrets table, the only delete).
 * - pages: acknowledges a page (loads the case, its timers and the page: GetItem, Query; writes the page, its
 *   event and the idempotency record: PutItem; marks the remaining steps cancelled in the same transaction:
 *   UpdateItem; it deletes no schedule: a step that still fires finds itself cancelled), reads a message to name
 *   whom a link was sent to (GetItem), the paging report (Query on by-month); the link key.
 * - oncall: schedules and overrides in their own partitions (GetItem, PutItem, Query; removing an override marks
 *   it: UpdateItem).
 * - paging: fires paging steps and the paging sweep (like the timer, and the pending index), reads the rota
 *   (GetItem, Query; seeds it: PutItem), sends SMS to phone numbers and signs links with the link key.
 * - canary: GET /health over HTTPS, and the paging dry run: reads the rota (GetItem, Query; seeds it: PutItem) and
 *   signs and verifies a link token with the link key; sends nothing.
 * - knowledge, not-found: no data. pre-token: looks the signing-in user up in the pool (AdminGetUser).
 * - Customer mail: intake and updates record mail in the outbox with the change; follow-up and the sweeper send it (SendEmail);
 *   marking it sent also writes the provider's message id (PutItem) and reads suppressed addresses (GetItem).
 * - inbound-mail: reads the stored message (its S3 grant comes from the inbound bucket), finds the case (GetItem, also
 *   by a message id), records the message as seen (PutItem), adds the comment like cases-update (GetItem, Query,
 *   PutItem, UpdateItem); a message naming no case gets one reply (SendEmail).
 * - mail-feedback: records a bounce or complaint once (PutItem), on its case (GetItem, PutItem), and suppresses a
 *   complained address (PutItem).
 */
export const FUNCTION_NEEDS: Record<ServiceFunction, FunctionNeeds> = {
  health: { description: 'GET /health', data: { table: ['GetItem'] }, schedules: [], alerts: false },
  'cases-read': {
    description: 'GET /cases, GET /cases/{caseNumber} and its timeline',
    data: { table: ['GetItem', 'BatchGetItem', 'Query'], indexes: ['by-institution', 'by-month', 'lists'] },
    schedules: [],
    alerts: false,
    cursorKey: true,
  },
  'cases-update': {
    description: 'PATCH /cases/{caseNumber}, comments, escalation requests',
    data: { table: CASE_WRITER, secrets: ['UpdateItem'] },
    schedules: [],
    alerts: false,
    recordsMail: true,
  },
  'case-credentials': { description: 'GET /cases/{caseNumber}/credentials', data: { table: ['GetItem', 'PutItem'], secrets: ['GetItem'] }, schedules: [], alerts: false },
  'cases-write': { description: 'POST /cases', data: { table: CASE_WRITER, secrets: ['PutItem'] }, schedules: [], alerts: false, recordsMail: true },
  // Records attachments on the timeline and signs uploads and downloads; the stack grants it the attachment bucket.
  attachments: {
    description: 'POST and GET /cases/{caseNumber}/attachments, GET /cases/{caseNumber}/attachments/{attachmentId}',
    data: { table: ['GetItem', 'Query', 'PutItem'] },
    schedules: [],
    alerts: false,
    files: true,
  },
  // A year is about 365 aggregate items per institution and level, read in parallel: well inside the defaults, but a
  // CSV lists every breach of the period, so it keeps the most time API Gateway allows (30 s) and more memory.
  reports: {
    description: 'GET /reports/sla',
    data: { table: ['Query'], indexes: ['by-institution', 'by-month', 'lists'] },
    schedules: [],
    alerts: false,
    cursorKey: true,
    timeoutSeconds: 29,
    memoryMb: 1024,
  },
  knowledge: { description: 'GET /knowledge/suggest', data: {}, schedules: [], alerts: false },
  pages: {
    description: 'POST /pages/{pageId}/ack, the acknowledgement link (GET and POST), GET /cases/{caseNumber}/pages, GET /reports/paging',
    data: { table: CASE_WRITER, indexes: ['by-month'] },
    schedules: [],
    alerts: false,
    pageAckKey: true,
  },
  oncall: { description: 'GET /oncall/now, GET and PUT /oncall/schedules/{scheduleId}, POST and DELETE /oncall/overrides', data: { table: CASE_WRITER }, schedules: [], alerts: false },
  paging: {
    description: 'Fires paging steps, sends pages by SMS and mail, and sweeps the page outbox every minute',
    data: { table: CASE_WRITER, indexes: ['pending'] },
    schedules: [],
    alerts: false,
    sms: true,
    sendsMail: true,
    pageAckKey: true,
    publicApi: true,
  },
  'not-found': { description: 'Any request no route matches: 404 or 405 as problem+json', data: {}, schedules: [], alerts: false },
  'sla-timer': { description: 'Fires one SLA timer (target of every schedule)', data: { table: CASE_WRITER }, schedules: [], alerts: false },
  // A batch of up to 100 stream records, each case's calls bounded by AWS_CALL_LIMITS (about 5 s at worst).
  'follow-up': {
    description: "From the case table's stream: arms and deletes SLA schedules, starts pages, sends alerts and customer mail",
    data: { table: CASE_WRITER },
    schedules: ['create', 'delete'],
    alerts: true,
    sendsMail: true,
    invokesPaging: true,
    timeoutSeconds: 60,
  },
  sweeper: {
    description: 'Every minute: fires due timers and sends unsent alerts and mail that a trigger missed',
    data: { table: CASE_WRITER, indexes: ['pending'], secrets: ['DeleteItem'] },
    schedules: [],
    alerts: true,
    sendsMail: true,
  },
  'inbound-mail': {
    description: 'SES receipt rule: a customer reply by email becomes a comment',
    data: { table: CASE_WRITER },
    schedules: [],
    alerts: false,
    sendsMail: true,
    files: true,
  },
  'mail-feedback': { description: 'SES bounces and complaints: recorded on the case; complained addresses are not mailed again', data: { table: ['GetItem', 'PutItem'] }, schedules: [], alerts: false },
  canary: {
    description: 'Every five minutes: GET /health and a dry run of the paging path (nothing is sent)',
    data: { table: ['GetItem', 'Query', 'PutItem'] },
    schedules: [],
    alerts: false,
    pageAckKey: true,
    publicApi: true,
  },
  // Cognito waits at most 5 s for a trigger.
  'pre-token': {
    description: 'Cognito pre token generation: staff groups only for users with MFA set up',
    data: {},
    schedules: [],
    alerts: false,
    readsUsers: true,
    timeoutSeconds: 5,
  },
};
