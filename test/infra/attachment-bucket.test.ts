import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { AttachmentBucket } from '../../infra/attachment-bucket.js';

/**
 * The attachment bucket on its own, with and without GuardDuty Malware
 * Protection, granted to a stand-in function; cdk-nag's AwsSolutions checks
 * pass on both (the whole stack, with its real attachments function, is
 * checked in support-stack.test.ts).
 */
type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string }; // any: CloudFormation properties are free-form JSON

function synth(malwareScan: boolean) {
  const app = new App();
  const stack = new Stack(app, 'Files');
  const files = new AttachmentBucket(stack, 'Attachments', { portalOrigin: 'https://portal.example.com', malwareScan });
  const role = new Role(stack, 'StandInRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  const fn = new LambdaFunction(stack, 'StandIn', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('export const handler = async () => ({});'), role });
  Validations.of(fn).acknowledge({ id: 'AwsSolutions::AwsSolutions-L1', reason: 'A stand-in for the attachments function, never deployed.' });
  files.allow({ function: fn, role });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const bucketId = Object.entries(resources).find(([, r]) => r.Type === 'AWS::S3::Bucket')![0];
  const statements = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy').flatMap((p) => p.Properties.PolicyDocument.Statement);
  return { template, resources, bucketId, statements, fn: resources[stack.getLogicalId(fn.node.defaultChild as never)]! };
}

describe('attachment bucket', () => {
  it('is private, encrypted, TLS-only, retained, with a lifecycle and CORS for the portal origin only', () => {
    const { template, resources, bucketId } = synth(false);
    const bucket = resources[bucketId]!;
    expect(bucket.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
        expect.objectContaining({ Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }] }),
      ]),
    );
    expect(bucket.Properties.CorsConfiguration.CorsRules).toEqual([
      { AllowedOrigins: ['https://portal.example.com'], AllowedMethods: ['POST', 'GET'], AllowedHeaders: ['content-type'], MaxAge: 3600 },
    ]);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    expect(Object.values(resources).some((r) => r.Type === 'AWS::GuardDuty::MalwareProtectionPlan')).toBe(false);
  });

  it('grants the function put and get of case files only, and tells it where they go', () => {
    const { bucketId, statements, fn } = synth(false);
    expect(fn.Properties.Environment.Variables).toEqual({ ATTACHMENTS: 's3', ATTACHMENTS_BUCKET: { Ref: bucketId }, ATTACHMENTS_REQUIRE_SCAN: 'false' });
    expect(statements).toEqual([{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/cases/*']] } }]);
  });

  it('with the malware scan flag: a GuardDuty plan on the case files that tags objects, and downloads wait for the tag', () => {
    const { template, bucketId, statements, fn } = synth(true);
    template.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', {
      ProtectedResource: { S3Bucket: { BucketName: { Ref: bucketId }, ObjectPrefixes: ['cases/'] } },
      Actions: { Tagging: { Status: 'ENABLED' } },
    });
    template.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'malware-protection-plan.guardduty.amazonaws.com' } })] } });
    expect(fn.Properties.Environment.Variables.ATTACHMENTS_REQUIRE_SCAN).toBe('true');
    expect(statements.find((s) => JSON.stringify(s.Resource).includes('/cases/*'))?.Action).toEqual(['s3:PutObject', 's3:GetObject', 's3:GetObjectTagging']);
  });
});
