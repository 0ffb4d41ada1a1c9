import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import { CfnMalwareProtectionPlan } from 'aws-cdk-lib/aws-guardduty';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, HttpMethods, ObjectOwnership, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { STATEFUL } from './case-table.js';

/** The prefix every case file is stored under (shared/domain/attachment.ts: attachmentKey). */
const CASE_FILES = 'cases/';

/**
 * Case attachments: a private, encrypted bucket that takes uploads and serves
 * downloads only through links the attachments function signs, with CORS for
 * the portal's origin alone and a lifecycle (abandoned multipart uploads go
 * after a day, files move to Infrequent Access after 90 days). With
 * `malwareScan`, GuardDuty Malware Protection for S3 scans each new file and
 * tags it, and downloads wait for the clean tag.
 */
/**
 * The bucket's name and the host signed uploads go to, known before the bucket
 * exists: the portal's CSP names the host while the bucket's CORS names the
 * portal, so neither may refer to the other resource (that would be a cycle).
 */
export function attachmentBucketName(scope: Construct): { readonly name: string; readonly uploadHost: string } {
  const stack = Stack.of(scope);
  const name = `${stack.stackName.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 20)}-files-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
  return { name, uploadHost: `https://${name}.s3.${Aws.REGION}.amazonaws.com` };
}

export class AttachmentBucket extends Construct {
  readonly bucket: Bucket;
  readonly malwareProtection: CfnMalwareProtectionPlan | undefined;

  constructor(scope: Construct, id: string, private readonly props: { readonly portalOrigin: string; readonly malwareScan: boolean }) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Files', {
      bucketName: attachmentBucketName(this).name,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Customers' files are records of their cases, kept like the table.
      removalPolicy: STATEFUL,
      cors: [{ allowedOrigins: [props.portalOrigin], allowedMethods: [HttpMethods.POST, HttpMethods.GET], allowedHeaders: ['content-type'], maxAge: 3600 }],
      lifecycleRules: [
        { id: 'abandoned-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'older-files', transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }] },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason: 'Every upload and download goes through a link the attachments function signs and logs with the case number; S3 server access logs (or CloudTrail data events) are a per-deployment choice.',
    });
    this.malwareProtection = props.malwareScan ? this.scanWithGuardDuty() : undefined;
  }

  /** Lets the attachments function sign uploads and downloads of case files (and read scan tags when scanning). */
  allow(fn: { readonly function: LambdaFunction; readonly role: IRole }): void {
    fn.function.addEnvironment('ATTACHMENTS', 's3');
    fn.function.addEnvironment('ATTACHMENTS_BUCKET', this.bucket.bucketName);
    fn.function.addEnvironment('ATTACHMENTS_REQUIRE_SCAN', String(this.props.malwareScan));
    const actions = ['s3:PutObject', 's3:GetObject', ...(this.props.malwareScan ? ['s3:GetObjectTagging'] : [])];
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [this.bucket.arnForObjects(`${CASE_FILES}*`)] }));
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${this.bucketLogicalId()}.Arn>/${CASE_FILES}*]`,
      reason: 'Files are keyed by case number and attachment id, unknown when the policy is written; the prefix keeps the function to case files.',
    });
  }

  private bucketLogicalId(): string {
    return Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
  }

  /** GuardDuty Malware Protection for S3 on the case files, tagging each scanned object with its result. */
  private scanWithGuardDuty(): CfnMalwareProtectionPlan {
    const role = new Role(this, 'MalwareScanRole', {
      assumedBy: new ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: 'GuardDuty Malware Protection for S3: scans and tags the case attachments',
    });
    const eventRules = `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*`;
    role.addToPolicy(new PolicyStatement({ actions: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets', 'events:DescribeRule', 'events:ListTargetsByRule'], resources: [eventRules] }));
    role.addToPolicy(new PolicyStatement({ actions: ['s3:ListBucket', 's3:GetBucketNotification', 's3:PutBucketNotification'], resources: [this.bucket.bucketArn] }));
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:PutObjectTagging', 's3:PutObjectVersionTagging', 's3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    const reason = 'The permissions GuardDuty documents for a Malware Protection plan: its own EventBridge rules (named by prefix) and every object of the one protected bucket.';
    Validations.of(role).acknowledge(
      { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*]', reason },
      { id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${this.bucketLogicalId()}.Arn>/*]`, reason },
    );
    return new CfnMalwareProtectionPlan(this, 'MalwareScan', {
      role: role.roleArn,
      protectedResource: { s3Bucket: { bucketName: this.bucket.bucketName, objectPrefixes: [CASE_FILES] } },
      actions: { tagging: { status: 'ENABLED' } },
    });
  }
}
