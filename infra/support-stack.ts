import { FUNCTION_NEEDS } from './function-permissions.js';
import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AttachmentBucket, attachmentBucketName } from './attachment-bucket.js';
import { CaseApi } from './case-api.js';
import { CaseTable } from './case-table.js';
import { CustomerMail } from './customer-mail.js';
import { Operations } from './operations.js';
import { PortalHosting } from './portal-hosting.js';
import { bundledSupportConfiguration } from '../shared/config/support-config.js';
import { compileSupportDirectory } from '../shared/domain/support-directory.js';
import { SlaEscalation } from './sla-escalation.js';
import { type NotificationSettings, notificationSettings } from './notifications-config.js';
import { UserDirectory } from './user-directory.js';

export interface SupportStackProps extends StackProps {
  /** Where else (besides the portal) the Cognito hosted UI may send users back to after sign-in; usually none. */
  readonly callbackUrls: readonly string[];
  /** DynamoDB deletion protection on both tables; turn it on once the first deploy has succeeded (default off). */
  readonly tableDeletionProtection?: boolean;
  readonly logRetention: RetentionDays;
  /** Broadcast subscribers and SMS settings; from config/notifications.json unless a test passes others. */
  readonly notifications?: NotificationSettings;
  /** Prefix of the Cognito hosted UI domain (<prefix>.auth.<region>.amazoncognito.com); unique per region. */
  readonly authDomainPrefix: string;
  /** GuardDuty Malware Protection for S3 on the attachment bucket; downloads wait for a clean scan (default false). */
  readonly attachmentMalwareScan?: boolean;
  /** Customer mail: the domain it is sent from and received at, the From address, and the portal URL mails link to. */
  readonly mail?: { readonly domain?: string | undefined; readonly from?: string | undefined; readonly portalUrl?: string | undefined };
}

/** Without deploy-time values: a placeholder domain (its identity never verifies, so nothing is sent until one is given). */
export const DEFAULT_MAIL_DOMAIN = 'support.example.com';

/**
 * The whole service: stateful parts (tables, key, cursor key, user pool, access
 * log), which are retained when the stack is deleted or they are replaced (but
 * removed by the rollback of the create that made them), and stateless parts
 * (API, functions).
 */
export class SupportStack extends Stack {
  readonly table: CaseTable;
  readonly users: UserDirectory;
  readonly api: CaseApi;
  readonly escalation: SlaEscalation;
  readonly operations: Operations;
  readonly portal: PortalHosting;
  readonly attachments: AttachmentBucket;
  readonly mail: CustomerMail;

  constructor(scope: Construct, id: string, props: SupportStackProps) {
    super(scope, id, props);
    this.table = new CaseTable(this, 'Cases', { deletionProtection: props.tableDeletionProtection ?? false });
    this.users = new UserDirectory(this, 'Users', { callbackUrls: props.callbackUrls });
    const notifications = props.notifications ?? notificationSettings();
    this.escalation = new SlaEscalation(this, 'Sla', {
      table: this.table,
      logRetention: props.logRetention,
      subscribers: notifications.subscribers,
      sms: { monthlySpendLimitUsd: notifications.smsMonthlySpendLimitUsd, origination: notifications.smsOrigination },
    });
    this.api = new CaseApi(this, 'Api', { users: this.users, logRetention: props.logRetention, makeFunction: (name) => this.escalation.serviceFunction(name) });
    // Acknowledgement links in pages point at the API, and the canary calls it from outside.
    for (const [name, fn] of this.escalation.functions) if (FUNCTION_NEEDS[name].publicApi) fn.function.addEnvironment('PUBLIC_API_URL', this.api.api.apiEndpoint);
    const preToken = this.escalation.serviceFunction('pre-token');
    this.users.requireMfaForStaff(preToken);

    this.portal = new PortalHosting(this, 'Portal', {
      api: this.api.api,
      users: this.users,
      // The very document the functions are built with (never SUPPORT_CONFIG_FILE, which is for the local runtime).
      directory: compileSupportDirectory(bundledSupportConfiguration()),
      authDomainPrefix: props.authDomainPrefix,
      uploadHost: attachmentBucketName(this).uploadHost,
    });
    new CfnOutput(this, 'PortalUrl', { value: this.portal.url, description: 'The support portal' });
    this.attachments = new AttachmentBucket(this, 'Attachments', { portalOrigin: this.portal.url, malwareScan: props.attachmentMalwareScan ?? false });
    this.attachments.allow(this.api.functions.attachments);

    const mailDomain = props.mail?.domain ?? DEFAULT_MAIL_DOMAIN;
    // The portal's CloudFront URL cannot be given to the functions (the distribution depends on the API, which
    // depends on them): it comes from configuration, `https://<mail domain>` unless -c portalUrl says otherwise.
    this.mail = new CustomerMail(this, 'Mail', {
      domain: mailDomain,
      from: props.mail?.from,
      portalUrl: props.mail?.portalUrl ?? `https://${mailDomain}`,
      makeFunction: (name, options) => this.escalation.serviceFunction(name, options),
      deadLetterQueue: (id) => this.escalation.deadLetterQueue(id),
    });
    // From each function's needs: the senders may send (and get the mail settings), the recorders get the mail domain
    // alone. Every function exists by now (the API's, the triggers', the mail functions'); none is made after this.
    for (const [name, fn] of this.escalation.functions) {
      if (FUNCTION_NEEDS[name].sendsMail) this.mail.allowSending(fn);
      else if (FUNCTION_NEEDS[name].recordsMail) this.mail.giveIdentity(fn);
    }

    this.operations = new Operations(this, 'Operations', {
      operationsTopic: this.escalation.topics.operations,
      // Every function of the service (each made by serviceFunction): its errors alarm and dashboard widgets.
      functions: [...this.escalation.functions.values()],
      api: this.api.api,
      deadLetterQueues: this.escalation.deadLetterQueues,
      smsMonthlySpendLimitUsd: notifications.smsMonthlySpendLimitUsd,
    });

    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.users.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'ReceiptRuleSetName', { value: this.mail.ruleSet.receiptRuleSetName, description: 'Activate once: aws ses set-active-receipt-rule-set --rule-set-name <this>' });

    Validations.of(this.users.userPool).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-COG2',
        reason:
          'MFA (TOTP) is required for staff and optional for customers: the pre token generation trigger leaves the agent and manager groups out of the token of any user without MFA set up, and Cognito challenges every user who has. Requiring it of every university customer is a product decision for each deployment.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-COG8',
        reason: 'Threat protection needs the Cognito Plus feature plan, a cost decision for each deployment; there is no self sign-up, passwords are strong and TOTP MFA is offered.',
      },
    );
  }
}
