#!/usr/bin/env node
/**
 * The CDK app. Context values (all optional):
 *   -c stackName=SupportCaseService   the CloudFormation stack name
 *   -c callbackUrls=http://localhost:3000/   further sign-in return URLs besides the portal's own (default: none)
 *   -c tableDeletionProtection=true   DynamoDB deletion protection (turn on after the first successful deploy)
 *   -c logRetentionDays=30
 * Topic subscribers and the SMS settings (spend limit, origination identity) come from config/notifications.json,
 * the on-call rota from config/oncall.json (seeded into the table on first use): never from deploy-time flags.
 *   -c authDomainPrefix=my-uni-support   (Cognito hosted UI: <prefix>.auth.<region>.amazoncognito.com, unique per region)
 *   -c attachmentMalwareScan=true   (GuardDuty Malware Protection for S3 on attachments; downloads wait for a clean scan)
 *   -c mailDomain=support.vendor.example   (customer mail: sent from and received at this domain; default support.example.com)
 *   -c mailFrom='Vendor Support <support@support.vendor.example>'   (default Support <support@<mailDomain>>)
 *   -c portalUrl=https://d111111abcdef8.cloudfront.net   (the portal link in every mail; default https://<mailDomain>)
 * Synthesises offline with no AWS credentials: the stack is environment-agnostic
 * unless CDK_DEFAULT_ACCOUNT/REGION are set (as `cdk deploy` sets them).
 */
import { App, Validations } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SupportStack } from './support-stack.js';

const app = new App();
const context = (name: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

const retentionDays = Number(context('logRetentionDays') ?? 30);
if (!Object.values(RetentionDays).includes(retentionDays)) {
  throw new Error(`logRetentionDays=${retentionDays} is not a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, …)`);
}

const list = (name: string): string[] =>
  (context(name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
const mailDomain = context('mailDomain');
if (mailDomain !== undefined && !/^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(mailDomain)) {
  throw new Error(`mailDomain: '${mailDomain}' is not a lower-case domain name such as support.vendor.example`);
}

new SupportStack(app, context('stackName') ?? 'SupportCaseService', {
  description: 'Support cases with SLA deadlines (campus app vendor)',
  callbackUrls: list('callbackUrls'),
  tableDeletionProtection: context('tableDeletionProtection') === 'true',
  logRetention: retentionDays as RetentionDays,
  authDomainPrefix: context('authDomainPrefix') ?? 'campus-app-support',
  attachmentMalwareScan: context('attachmentMalwareScan') === 'true',
  mail: { domain: mailDomain, from: context('mailFrom'), portalUrl: context('portalUrl') },
  ...(process.env.CDK_DEFAULT_ACCOUNT && process.env.CDK_DEFAULT_REGION
    ? { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } }
    : {}),
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
