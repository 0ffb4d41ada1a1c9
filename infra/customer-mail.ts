import { Arn, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity, ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Lambda as LambdaAction, LambdaInvocationType, S3 as S3Action } from 'aws-cdk-lib/aws-ses-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { INBOUND_PREFIX } from '../shared/adapters/s3/s3-raw-mail.js';
import { STATEFUL } from './case-table.js';
import type { ServiceFunction } from './function-permissions.js';
import type { SupportFunction } from './support-function.js';

export interface CustomerMailProps {
  /** The domain mail is sent from and received at (an SES identity is created for it; its DNS records verify it). */
  readonly domain: string;
  /** The From address; `Support <support@<domain>>` by default. */
  readonly from?: string | undefined;
  /** The portal's URL for the link in every mail. */
  readonly portalUrl: string;
  /** Days a received message is kept in the inbound bucket (default 30). */
  readonly inboundRetentionDays?: number;
  readonly makeFunction: (name: ServiceFunction, options?: { readonly deadLetterQueue?: Queue }) => SupportFunction;
  /** A dead-letter queue with an alarm, for deliveries to the functions that failed every retry. */
  readonly deadLetterQueue: (id: string) => Queue;
}

/**
 * Customer email in AWS. Out: an SES identity for the mail domain, a
 * configuration set whose event destination publishes bounces and complaints
 * to an encrypted SNS topic, and the function that records them. In: a receipt
 * rule set whose rule (for the mail domain; TLS required, spam and virus
 * scanning on) stores each message in a private, encrypted, TLS-only bucket
 * that forgets it after a month, then invokes the inbound function. An account
 * has one active receipt rule set: this one is created, not activated.
 */
export class CustomerMail extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly feedbackTopic: Topic;
  readonly inboundBucket: Bucket;
  readonly ruleSet: ReceiptRuleSet;
  readonly inboundFunction: SupportFunction;
  readonly feedbackFunction: SupportFunction;

  constructor(scope: Construct, id: string, private readonly props: CustomerMailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.configurationSet = new ConfigurationSet(this, 'Sending', { reputationMetrics: true });
    this.identity = new EmailIdentity(this, 'Identity', { identity: Identity.domain(props.domain), configurationSet: this.configurationSet });

    // Notices in flight only: nothing stays encrypted under it, so it goes with the stack.
    const feedbackKey = new Key(this, 'FeedbackKey', { enableKeyRotation: true, description: 'Encrypts SES bounce and complaint notices', removalPolicy: RemovalPolicy.DESTROY, pendingWindow: Duration.days(7) });
    feedbackKey.addToResourcePolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.feedbackTopic = new Topic(this, 'Feedback', { displayName: 'SES bounces and complaints', enforceSSL: true, masterKey: feedbackKey });
    this.configurationSet.addEventDestination('BouncesAndComplaints', { destination: EventDestination.snsTopic(this.feedbackTopic), events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT] });
    this.feedbackFunction = props.makeFunction('mail-feedback');
    this.feedbackTopic.addSubscription(new LambdaSubscription(this.feedbackFunction.function, { deadLetterQueue: props.deadLetterQueue('MailFeedbackDeadLetters') }));

    this.inboundBucket = new Bucket(this, 'Inbound', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: STATEFUL,
      lifecycleRules: [{ id: 'received-mail', expiration: Duration.days(props.inboundRetentionDays ?? 30) }],
    });
    Validations.of(this.inboundBucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason: 'Only SES writes here and only the inbound function reads, each message once; what it did with each is logged and recorded on the case. Access logs are a per-deployment choice.',
    });
    // SES invokes it asynchronously: a message still failing after Lambda's retries is kept for a redrive.
    this.inboundFunction = props.makeFunction('inbound-mail', { deadLetterQueue: props.deadLetterQueue('InboundMailDeadLetters') });
    this.inboundFunction.function.addEnvironment('INBOUND_MAIL_BUCKET', this.inboundBucket.bucketName);
    this.inboundFunction.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.inboundBucket.arnForObjects(`${INBOUND_PREFIX}*`)] }));
    Validations.of(this.inboundFunction.role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.inboundBucket.node.defaultChild as CfnBucket)}.Arn>/${INBOUND_PREFIX}*]`,
      reason: 'Messages are keyed by the id SES gives each one on receipt; the prefix keeps the function to received mail.',
    });

    this.ruleSet = new ReceiptRuleSet(this, 'Receiving', {
      rules: [
        {
          recipients: [props.domain],
          scanEnabled: true,
          tlsPolicy: TlsPolicy.REQUIRE,
          actions: [
            new S3Action({ bucket: this.inboundBucket, objectKeyPrefix: INBOUND_PREFIX }),
            new LambdaAction({ function: this.inboundFunction.function, invocationType: LambdaInvocationType.EVENT }),
          ],
        },
      ],
    });
  }

  /** Gives a function that records customer mail in the outbox the mail domain, which fixes each message's id (nothing else of the mail settings: the senders render it). */
  giveIdentity(fn: SupportFunction): void {
    fn.function.addEnvironment('MAIL', 'ses');
    fn.function.addEnvironment('MAIL_DOMAIN', this.props.domain);
  }

  /**
   * Lets a function send mail: the addresses and link every customer mail is built with, and exactly ses:SendEmail,
   * from the mail domain's identity, through the configuration set.
   */
  allowSending(fn: SupportFunction): void {
    const stack = Stack.of(this);
    this.giveIdentity(fn);
    if (this.props.from) fn.function.addEnvironment('MAIL_FROM', this.props.from);
    fn.function.addEnvironment('PORTAL_URL', this.props.portalUrl);
    fn.function.addEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          Arn.format({ service: 'ses', resource: 'identity', resourceName: this.identity.emailIdentityName }, stack),
          Arn.format({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }, stack),
        ],
      }),
    );
  }
}
