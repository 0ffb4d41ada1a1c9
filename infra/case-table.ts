import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption, StreamViewType } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CASE_STREAM_VIEW, INDEXES, KEY, TTL_ATTRIBUTE, projectionOf } from '../shared/adapters/dynamodb/table-layout.js';
import type { DataAccess, ItemAction } from './function-permissions.js';

/** Kept when the stack is deleted or the resource replaced; deleted only when the create that made it rolls back. */
export const STATEFUL = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;

const WRITES: readonly ItemAction[] = ['PutItem', 'UpdateItem', 'DeleteItem'];
const dynamodb = (actions: readonly ItemAction[]) => actions.map((action) => `dynamodb:${action}`);

/**
 * The service's data (layout in shared/adapters/dynamodb/table-layout.ts): the
 * case table and the secrets table, on demand, point-in-time recovery,
 * encrypted with a customer-managed key that rotates, and the key that signs
 * list cursors. All of it is retained when the stack is deleted or a resource
 * replaced, and removed only by the rollback of the create that made it.
 */
export class CaseTable extends Construct {
  readonly table: Table;
  /** Customer secrets, keyed like the cases, in a table of their own so IAM can fence them off. */
  readonly secrets: Table;
  readonly key: Key;
  /** Signs list and timeline cursors (HMAC): only the reading function may read it. */
  readonly cursorKey: Secret;
  /** Signs acknowledgement links in pages: a key of its own, read by the paging and pages functions only. */
  readonly pageAckKey: Secret;

  constructor(scope: Construct, id: string, props: { readonly deletionProtection?: boolean } = {}) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the support case table',
      enableKeyRotation: true,
      removalPolicy: STATEFUL,
      pendingWindow: Duration.days(30),
    });
    // Both tables: the layout's keys, on demand, recoverable, encrypted with the key, retained. Deletion protection
    // only when asked for (-c tableDeletionProtection=true once the first deploy has succeeded): it would make the
    // rollback of a failed first deploy fail on the very tables it just made.
    const durable = {
      partitionKey: { name: KEY.partition, type: AttributeType.STRING },
      sortKey: { name: KEY.sort, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      deletionProtection: props.deletionProtection ?? false,
      removalPolicy: STATEFUL,
    } as const;
    // The case table's stream feeds functions/follow-up: what a change recorded (timers, alerts, mails) is carried
    // out from it, so the functions that answer requests write to DynamoDB alone.
    this.table = new Table(this, 'Table', { ...durable, timeToLiveAttribute: TTL_ATTRIBUTE, stream: StreamViewType[CASE_STREAM_VIEW] });
    this.secrets = new Table(this, 'Secrets', durable);
    for (const index of Object.values(INDEXES)) {
      const { include } = projectionOf(index);
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partition, type: AttributeType.STRING },
        sortKey: { name: index.sort, type: AttributeType.STRING },
        ...(include ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...include] } : {}),
      });
    }
    this.cursorKey = this.signingKey('CursorKey', 'Signs the support API list cursors (HMAC)', 'page cursors', 'only invalidates the cursors outstanding at that moment (clients start the listing again)');
    this.pageAckKey = this.signingKey('PageAckKey', 'Signs the acknowledgement links of on-call pages (HMAC)', 'acknowledgement links', 'only invalidates the links outstanding at that moment (staff acknowledge in the portal instead)');
  }

  private signingKey(id: string, description: string, what: string, rotation: string): Secret {
    const secret = new Secret(this, id, {
      description,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: STATEFUL,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason: `The secret is an HMAC key for ${what}, not a credential: rotating it ${rotation}. Rotation can be added with a verifier that accepts the previous key too.`,
    });
    return secret;
  }

  /**
   * Least privilege: exactly the actions `access` names, on exactly the
   * resources it names (the table, each named index, the secrets table), and
   * the key actions they need: decrypting for any access, encrypting for writes.
   */
  grant(grantee: IGrantable, access: DataAccess): void {
    const { table = [], indexes = [], secrets = [] } = access;
    const add = (actions: string[], resources: string[]) => grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources }));
    if (table.length > 0) add(dynamodb(table), [this.table.tableArn]);
    if (indexes.length > 0) add(['dynamodb:Query'], indexes.map((name) => `${this.table.tableArn}/index/${name}`));
    if (secrets.length > 0) add(dynamodb(secrets), [this.secrets.tableArn]);
    const all = [...table, ...secrets, ...(indexes.length > 0 ? (['Query'] as const) : [])];
    if (all.length === 0) return;
    const writes = all.some((action) => WRITES.includes(action));
    this.key.grant(grantee, 'kms:Decrypt', 'kms:DescribeKey', ...(writes ? ['kms:Encrypt', 'kms:GenerateDataKey'] : []));
  }

  /** Reading the cursor-signing key: GetSecretValue on that one secret. */
  grantCursorKey(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.cursorKey.secretArn] }));
  }

  /** Reading the acknowledgement-link key: GetSecretValue on that one secret. */
  grantPageAckKey(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.pageAckKey.secretArn] }));
  }
}
