import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { INDEXES, KEY, TTL_ATTRIBUTE } from '../shared/adapters/dynamodb/table-layout.js';

export type TableAccess = 'none' | 'ping' | 'read' | 'write';
/** Customer secrets: intake only puts them; the updating function reads and updates them; nothing else touches them. */
export type SecretsAccess = 'none' | 'put' | 'read-update';

const SECRETS_ACTIONS: Record<Exclude<SecretsAccess, 'none'>, string[]> = {
  put: ['dynamodb:PutItem'],
  'read-update': ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
};

const ACTIONS: Record<Exclude<TableAccess, 'none'>, { table: string[]; indexes: readonly string[]; key: string[] }> = {
  ping: { table: ['dynamodb:GetItem'], indexes: [], key: ['kms:Decrypt', 'kms:DescribeKey'] },
  read: {
    table: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
    indexes: [INDEXES.byInstitution.name, INDEXES.byMonth.name],
    key: ['kms:Decrypt', 'kms:DescribeKey'],
  },
  write: {
    // Intake and SLA bookkeeping: the counter, conditional puts and updates in transactions, a case's timers
    // (a query inside its partition) and the sweeper's index of pending timers and alerts. No scan, no delete.
    table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem', 'dynamodb:Query'],
    indexes: [INDEXES.pending.name],
    key: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
  },
};

/**
 * The service's one table (layout in shared/adapters/dynamodb/table-layout.ts):
 * on demand, point-in-time recovery, encrypted with a customer-managed key that
 * rotates, deletion-protected and retained when the stack is deleted.
 */
export class CaseTable extends Construct {
  readonly table: Table;
  /** Customer secrets, keyed like the cases, in a table of their own so IAM can fence them off. */
  readonly secrets: Table;
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the support case table',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    // Both tables: the layout's keys, on demand, recoverable, encrypted with the key, protected and retained.
    const durable = {
      partitionKey: { name: KEY.partition, type: AttributeType.STRING },
      sortKey: { name: KEY.sort, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    } as const;
    this.table = new Table(this, 'Table', { ...durable, timeToLiveAttribute: TTL_ATTRIBUTE });
    this.secrets = new Table(this, 'Secrets', durable);
    for (const index of Object.values(INDEXES)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partition, type: AttributeType.STRING },
        sortKey: { name: index.sort, type: AttributeType.STRING },
      });
    }
  }

  /**
   * Least privilege: exactly the actions the access level needs, on this table
   * (and, for reads, its named indexes: no wildcard) and on its key.
   */
  grant(grantee: IGrantable, access: TableAccess): void {
    if (access === 'none') return;
    const { table, indexes, key } = ACTIONS[access];
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: table,
        resources: [this.table.tableArn, ...indexes.map((name) => `${this.table.tableArn}/index/${name}`)],
      }),
    );
    this.key.grant(grantee, ...key);
  }

  grantSecrets(grantee: IGrantable, access: SecretsAccess): void {
    if (access === 'none') return;
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: SECRETS_ACTIONS[access], resources: [this.secrets.tableArn] }));
  }
}
