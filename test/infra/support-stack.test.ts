import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { SupportStack } from '../../infra/support-stack.js';
import { bundledSupportConfiguration } from '../../shared/config/support-config.js';
import { ROUTES, routeKey } from '../../shared/http/routes.js';
import { FUNCTION_NEEDS, type ServiceFunction } from '../../infra/function-permissions.js';
import { notificationSettings } from '../../infra/notifications-config.js';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string }; // any: CloudFormation properties are free-form JSON

let outdir: string;
let template: Template;
let resources: Record<string, Resource>;

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const SERVICE_DESCRIPTIONS = new Set(Object.values(FUNCTION_NEEDS).map((needs) => needs.description));
/** The service's own functions (CDK adds helpers of its own for deployments and bucket clean-up). */
const serviceFunctions = () => ofType('AWS::Lambda::Function').filter(([, fn]) => SERVICE_DESCRIPTIONS.has(fn.Properties.Description));
const logicalIdOf = (type: string, description: string) => ofType(type).find(([, r]) => r.Properties.Description === description)![0];

/** The actions a function's role may perform, from every policy attached to it. */
function actionsOf(functionDescription: string): { actions: string[]; statements: any[] } {
  const fnId = logicalIdOf('AWS::Lambda::Function', functionDescription);
  const roleId = resources[fnId]!.Properties.Role['Fn::GetAtt'][0];
  const statements = ofType('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
  return { actions: statements.flatMap((s) => [s.Action].flat()), statements };
}

/** A resource's name in these tests: its logical ID without CDK's hash suffix. */
const nameOf = (logicalId: string) => logicalId.replace(/[0-9A-F]{8}$/, '');

/** A policy resource (an ARN expression) as text: `<CasesTable.Arn>/index/by-month`, `<AWS::Region>`. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const expression = value as { Ref?: string; 'Fn::GetAtt'?: [string, string]; 'Fn::Join'?: [string, unknown[]] };
  if (expression.Ref !== undefined) return `<${expression.Ref.startsWith('AWS::') ? expression.Ref : nameOf(expression.Ref)}>`;
  if (expression['Fn::GetAtt']) return `<${nameOf(expression['Fn::GetAtt'][0])}.${expression['Fn::GetAtt'][1]}>`;
  if (expression['Fn::Join']) return expression['Fn::Join'][1].map(render).join(expression['Fn::Join'][0]);
  return JSON.stringify(value);
}

/** Everything a function's role may do: resource → its actions, sorted, from every policy attached to the role. */
function grantsOf(functionDescription: string): Record<string, string[]> {
  const grants: Record<string, Set<string>> = {};
  for (const statement of actionsOf(functionDescription).statements) {
    expect(statement.Effect).toBe('Allow');
    const targets = statement.NotResource !== undefined ? [statement.NotResource].flat().map((r: unknown) => `NOT ${render(r)}`) : [statement.Resource].flat().map(render);
    for (const resource of targets) for (const action of [statement.Action].flat()) (grants[resource] ??= new Set()).add(action);
  }
  return Object.fromEntries(Object.entries(grants).map(([resource, actions]) => [resource, [...actions].sort()]));
}

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'support-cdk-'));
  const app = new App({ outdir });
  const stack = new SupportStack(app, 'Support', {
    callbackUrls: [],
    logRetention: RetentionDays.ONE_MONTH,
    authDomainPrefix: 'test-support',
    // No subscribers, no context: everything comes from the committed config/notifications.json, as in `cdk deploy`.
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // Synthesis fails on any unacknowledged cdk-nag AwsSolutions error.
  app.synth();
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
}, 300_000);

describe('functions', () => {
  it('all run Node.js 22 on arm64 with JSON logs in a log group with retention', () => {
    const functions = serviceFunctions();
    expect(functions).toHaveLength(Object.keys(FUNCTION_NEEDS).length);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler', LoggingConfig: { LogFormat: 'JSON' } });
      expect(fn.Properties.Environment.Variables.TABLE_NAME).toEqual({ Ref: expect.stringMatching(/^CasesTable/) });
    }
    for (const [, group] of ofType('AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('ship a bundle that boots as an ES module and answers like the local runtime', async () => {
    const fnId = logicalIdOf('AWS::Lambda::Function', 'Any request no route matches: 404 or 405 as problem+json');
    const asset = String(resources[fnId]!.Properties.Code.S3Key).replace(/\.zip$/, '');
    const bundle = join(outdir, `asset.${asset}`, 'index.mjs');
    expect(readFileSync(bundle, 'utf8')).not.toContain('node_modules/@aws-sdk'); // bundled and minified, not required from disk
    const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }> };
    const result = await handler(
      { version: '2.0', routeKey: '$default', rawPath: '/cases', rawQueryString: '', headers: {}, isBase64Encoded: false, requestContext: { requestId: 'r1', http: { method: 'DELETE', path: '/cases' } } },
      { awsRequestId: 'r1', getRemainingTimeInMillis: () => 5000 },
    );
    expect(result.statusCode).toBe(405);
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(result.headers.allow).toBe('POST, GET');
  });

  it('hand the functions the configuration validated at synth, substituted into the bundle', () => {
    const fnId = logicalIdOf('AWS::Lambda::Function', 'POST /cases');
    const asset = String(resources[fnId]!.Properties.Code.S3Key).replace(/\.zip$/, '');
    const bundle = readFileSync(join(outdir, `asset.${asset}`, 'index.mjs'), 'utf8');
    expect(bundle).not.toContain('VALIDATED_SUPPORT_CONFIGURATION');
    expect(bundle).not.toContain('VALIDATED_ONCALL_CONFIGURATION');
    for (const institution of bundledSupportConfiguration().institutions) expect(bundle).toContain(institution.id);
  });
});

describe('HTTP API', () => {
  it('has every route of the route table, and a $default route', () => {
    const keys = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);
    expect(new Set(keys)).toEqual(new Set([...ROUTES.map(routeKey), '$default']));
  });

  it('puts the JWT authorizer on every route but GET /health, the acknowledgement link and $default', () => {
    const open = ROUTES.filter((route) => !route.authenticated).map(routeKey);
    expect(open.sort()).toEqual(['GET /health', 'GET /pages/{pageId}/acknowledge', 'POST /pages/{pageId}/acknowledge']);
    for (const [, route] of ofType('AWS::ApiGatewayV2::Route')) {
      const key = route.Properties.RouteKey;
      if (open.includes(key) || key === '$default') {
        expect(route.Properties.AuthorizationType ?? 'NONE', key).toBe('NONE');
      } else {
        expect(route.Properties.AuthorizationType, key).toBe('JWT');
        expect(route.Properties.AuthorizerId, key).toEqual({ Ref: expect.stringMatching(/CognitoJwt/) });
      }
    }
  });

  it('pins the authorizer to the user pool issuer and its app client', () => {
    const poolId = ofType('AWS::Cognito::UserPool')[0]![0];
    const clientId = ofType('AWS::Cognito::UserPoolClient')[0]![0];
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      // ProviderURL is https://cognito-idp.<region>.amazonaws.com/<pool id>, the ID token's `iss`.
      JwtConfiguration: { Audience: [{ Ref: clientId }], Issuer: { 'Fn::GetAtt': [poolId, 'ProviderURL'] } },
    });
  });

  it('throttles the stage, and the public routes each to a lower rate of their own', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
      RouteSettings: {
        'GET /health': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
        $default: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      },
    });
    // The routes named in the settings exist before the stage is updated.
    const [[, stage]] = ofType('AWS::ApiGatewayV2::Stage') as [[string, Resource & { DependsOn?: string[] }]];
    const publicRoutes = ofType('AWS::ApiGatewayV2::Route').filter(([, r]) => ['GET /health', '$default'].includes(r.Properties.RouteKey)).map(([id]) => id);
    expect(stage.DependsOn).toEqual(expect.arrayContaining(publicRoutes));
  });

  it('logs every request as one JSON object of HTTP API fields', () => {
    const [[, stage]] = ofType('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      integrationErrorMessage: '$context.integrationErrorMessage',
      authorizerError: '$context.authorizer.error',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
      ip: '$context.identity.sourceIp',
      httpMethod: '$context.httpMethod',
      path: '$context.path',
      protocol: '$context.protocol',
      responseLength: '$context.responseLength',
    });
    // Only HTTP API context variables: none of the REST API's ($context.resourcePath, $context.identity.caller, …).
    for (const variable of Object.values(format)) expect(variable).not.toMatch(/resourcePath|identity\.(caller|user)\b|\$context\.stage\b/);
  });
});

describe('table', () => {
  it('is on demand, recoverable and encrypted with a rotating customer-managed key', () => {
    const [[, table]] = ofType('AWS::DynamoDB::Table').filter(([id]) => id.startsWith('CasesTable')) as [[string, Resource]];
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^CasesKey/), 'Arn'] } },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(table.Properties.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName).sort()).toEqual(['by-institution', 'by-month', 'lists', 'pending']);
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true, Description: 'Encrypts the support case table' } });
  });

  it("keeps one sparse lists index holding only what the report's breach list and the filtered listings read", () => {
    const [[, table]] = ofType('AWS::DynamoDB::Table').filter(([id]) => id.startsWith('CasesTable')) as [[string, Resource]];
    const lists = table.Properties.GlobalSecondaryIndexes.find((i: { IndexName: string }) => i.IndexName === 'lists');
    expect(lists.KeySchema).toEqual([
      { AttributeName: 'gsi4pk', KeyType: 'HASH' },
      { AttributeName: 'gsi4sk', KeyType: 'RANGE' },
    ]);
    expect(lists.Projection.ProjectionType).toBe('INCLUDE');
    expect([...lists.Projection.NonKeyAttributes].sort()).toEqual(['assignee', 'caseNumber', 'createdAt', 'firstResponse', 'institution', 'responseLevel', 'sla', 'status']);
    // The other indexes keep every attribute.
    for (const index of table.Properties.GlobalSecondaryIndexes.filter((i: { IndexName: string }) => i.IndexName !== 'lists')) expect(index.Projection, index.IndexName).toEqual({ ProjectionType: 'ALL' });
  });

  it('has deletion protection only when asked for (so the rollback of a failed first deploy can remove the tables)', () => {
    for (const [id, table] of ofType('AWS::DynamoDB::Table')) expect(table.Properties.DeletionProtectionEnabled, id).toBe(false);
    // Only the template matters here: no asset bundling.
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'support-protected-')), context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new SupportStack(app, 'Protected', { callbackUrls: [], logRetention: RetentionDays.ONE_MONTH, authDomainPrefix: 'p', tableDeletionProtection: true });
    const tables = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::Table'));
    expect(tables.map((table) => table.Properties.DeletionProtectionEnabled)).toEqual([true, true]);
  });
});

describe('stateful resources', () => {
  it('are retained on stack deletion and replacement, and removed only by the rollback of their own create', () => {
    const kept = Object.entries(resources).filter(([, r]) => r.DeletionPolicy !== undefined && r.DeletionPolicy !== 'Delete');
    expect(kept.map(([id, r]) => `${r.Type} ${nameOf(id)}`).sort()).toEqual([
      'AWS::Cognito::UserPool Users',
      'AWS::DynamoDB::Table CasesSecrets',
      'AWS::DynamoDB::Table CasesTable',
      'AWS::KMS::Key CasesKey',
      'AWS::Logs::LogGroup ApiAccessLogs',
      'AWS::S3::Bucket AttachmentsFiles',
      'AWS::S3::Bucket MailInbound',
      'AWS::SecretsManager::Secret CasesCursorKey',
      'AWS::SecretsManager::Secret CasesPageAckKey',
    ]);
    for (const [id, resource] of kept) {
      expect(resource.DeletionPolicy, id).toBe('RetainExceptOnCreate');
      expect(resource.UpdateReplacePolicy, id).toBe('Retain');
    }
  });
});

describe('grants', () => {
  // Derived from the code each function runs (see infra/function-permissions.ts). Any widening fails here.
  const LOGS = (fn: string) => ({ [`<Fn${fn}Logs.Arn>`]: ['logs:CreateLogStream', 'logs:PutLogEvents'] });
  const READ_KEY = { '<CasesKey.Arn>': ['kms:Decrypt', 'kms:DescribeKey'] };
  const WRITE_KEY = { '<CasesKey.Arn>': ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'] };
  const CASE_WRITER = { '<CasesTable.Arn>': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'] };
  const ALERTS = {
    '<SlaOncallTopic>': ['sns:Publish'],
    '<SlaSupportTopic>': ['sns:Publish'],
    '<SlaManagementTopic>': ['sns:Publish'],
    '<SlaTopicKey.Arn>': ['kms:Decrypt', 'kms:GenerateDataKey'],
  };
  // The stack's schedule group, by the name it is given at synthesis.
  const schedules = () => `arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${ofType('AWS::Scheduler::ScheduleGroup')[0]![1].Properties.Name}/*`;
  const PASS_SCHEDULER_ROLE = { '<SlaSchedulerRole.Arn>': ['iam:PassRole'] };
  const READ_INDEXES = { '<CasesTable.Arn>/index/by-institution': ['dynamodb:Query'], '<CasesTable.Arn>/index/by-month': ['dynamodb:Query'] };
  // Exactly SendEmail, from the mail domain's identity through the stack's configuration set.
  const SEND_MAIL = {
    'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/<MailIdentity>': ['ses:SendEmail'],
    'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:configuration-set/<MailSending>': ['ses:SendEmail'],
  };

  const expected = (): Record<ServiceFunction, Record<string, string[]>> => ({
    health: { ...LOGS('health'), '<CasesTable.Arn>': ['dynamodb:GetItem'], ...READ_KEY },
    'cases-read': {
      ...LOGS('casesread'),
      '<CasesTable.Arn>': ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
      ...READ_INDEXES,
      '<CasesTable.Arn>/index/lists': ['dynamodb:Query'],
      ...READ_KEY,
      '<CasesCursorKey>': ['secretsmanager:GetSecretValue'],
    },
    // Intake and updates only record: follow-up arms, sends and pages from the table's stream.
    'cases-write': { ...LOGS('caseswrite'), ...CASE_WRITER, '<CasesSecrets.Arn>': ['dynamodb:PutItem'], ...WRITE_KEY },
    // Changes write the secrets supplied with them and never read them; only the credentials route reads them (and
    // records each read on the case's timeline).
    'cases-update': { ...LOGS('casesupdate'), ...CASE_WRITER, '<CasesSecrets.Arn>': ['dynamodb:UpdateItem'], ...WRITE_KEY },
    'case-credentials': { ...LOGS('casecredentials'), '<CasesTable.Arn>': ['dynamodb:GetItem', 'dynamodb:PutItem'], '<CasesSecrets.Arn>': ['dynamodb:GetItem'], ...WRITE_KEY },
    attachments: {
      ...LOGS('attachments'),
      '<CasesTable.Arn>': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      ...WRITE_KEY,
      '<AttachmentsFiles.Arn>/cases/*': ['s3:GetObject', 's3:PutObject'],
    },
    reports: {
      ...LOGS('reports'),
      '<CasesTable.Arn>': ['dynamodb:Query'],
      ...READ_INDEXES,
      '<CasesTable.Arn>/index/lists': ['dynamodb:Query'],
      ...READ_KEY,
      '<CasesCursorKey>': ['secretsmanager:GetSecretValue'],
    },
    knowledge: LOGS('knowledge'),
    pages: {
      ...LOGS('pages'),
      ...CASE_WRITER,
      '<CasesTable.Arn>/index/by-month': ['dynamodb:Query'],
      ...WRITE_KEY,
      '<CasesPageAckKey>': ['secretsmanager:GetSecretValue'],
    },
    oncall: { ...LOGS('oncall'), ...CASE_WRITER, ...WRITE_KEY },
    paging: {
      ...LOGS('paging'),
      ...CASE_WRITER,
      '<CasesTable.Arn>/index/pending': ['dynamodb:Query'],
      ...WRITE_KEY,
      '<CasesPageAckKey>': ['secretsmanager:GetSecretValue'],
      // Phone numbers only: any resource that is not an SNS ARN, so no topic.
      'NOT arn:aws:sns:*:*:*': ['sns:Publish'],
      ...SEND_MAIL,
      '<SlaPagingFunctionDeadLetters.Arn>': ['sqs:SendMessage'],
    },
    'not-found': LOGS('notfound'),
    'sla-timer': { ...LOGS('slatimer'), ...CASE_WRITER, ...WRITE_KEY, '<SlaTimerFunctionDeadLetters.Arn>': ['sqs:SendMessage'] },
    'follow-up': {
      ...LOGS('followup'),
      ...CASE_WRITER,
      ...WRITE_KEY,
      ...ALERTS,
      [schedules()]: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
      ...PASS_SCHEDULER_ROLE,
      ...SEND_MAIL,
      '<FnpagingFunction.Arn>': ['lambda:InvokeFunction'],
      // The stream event source's: the stream's records, ListStreams (no resource-level permission), the batch
      // descriptions it dead-letters.
      '<CasesTable.StreamArn>': ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      '*': ['dynamodb:ListStreams'],
      '<SlaFollowUpDeadLetters.Arn>': ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
    },
    sweeper: { ...LOGS('sweeper'), ...CASE_WRITER, '<CasesTable.Arn>/index/pending': ['dynamodb:Query'], '<CasesSecrets.Arn>': ['dynamodb:DeleteItem'], ...WRITE_KEY, ...ALERTS, ...SEND_MAIL },
    'inbound-mail': { ...LOGS('inboundmail'), ...CASE_WRITER, ...WRITE_KEY, '<MailInbound.Arn>/inbound/*': ['s3:GetObject'], ...SEND_MAIL, '<SlaInboundMailDeadLetters.Arn>': ['sqs:SendMessage'] },
    'mail-feedback': { ...LOGS('mailfeedback'), '<CasesTable.Arn>': ['dynamodb:GetItem', 'dynamodb:PutItem'], ...WRITE_KEY },
    canary: { ...LOGS('canary'), '<CasesTable.Arn>': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], ...WRITE_KEY, '<CasesPageAckKey>': ['secretsmanager:GetSecretValue'] },
    'pre-token': { ...LOGS('pretoken'), '<Users.Arn>': ['cognito-idp:AdminGetUser'] },
  });

  for (const name of Object.keys(FUNCTION_NEEDS) as ServiceFunction[]) {
    it(`gives ${name} exactly the actions its code uses, on exactly the resources it uses`, () => {
      expect(grantsOf(FUNCTION_NEEDS[name].description)).toEqual(expected()[name]);
    });
  }

  it('passes the scheduler role only to Scheduler', () => {
    for (const description of [FUNCTION_NEEDS['follow-up'].description]) {
      const pass = actionsOf(description).statements.filter((s) => [s.Action].flat().includes('iam:PassRole'));
      expect(pass.map((s) => s.Condition)).toEqual([{ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } }]);
    }
  });

  it('gives the paging function (links in pages) and the canary (calls /health) the API\'s public URL, and no other function', () => {
    const knowing = [FUNCTION_NEEDS.paging.description, FUNCTION_NEEDS.canary.description].map((description) => logicalIdOf('AWS::Lambda::Function', description));
    for (const [id, fn] of serviceFunctions()) {
      const url = fn.Properties.Environment.Variables.PUBLIC_API_URL;
      if (knowing.includes(id)) expect(url, id).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ApiHttpApi/), 'ApiEndpoint'] });
      else expect(url, id).toBeUndefined();
    }
  });

  it("gives the reading functions (listings and timelines, the report's breach list) the cursor key, and no other function", () => {
    const readers = [FUNCTION_NEEDS['cases-read'].description, FUNCTION_NEEDS.reports.description].map((description) => logicalIdOf('AWS::Lambda::Function', description));
    for (const fnId of readers) expect(resources[fnId]!.Properties.Environment.Variables.CURSOR_KEY_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/^CasesCursorKey/) });
    for (const [id, fn] of serviceFunctions()) if (!readers.includes(id)) expect(fn.Properties.Environment.Variables.CURSOR_KEY_SECRET_ARN, id).toBeUndefined();
    // Keys are read through the AWS Parameters and Secrets extension (arm64 layer), by exactly the functions that read a key.
    for (const [id, fn] of serviceFunctions()) {
      const needs = Object.values(FUNCTION_NEEDS).find((n) => n.description === fn.Properties.Description)!;
      const layers = JSON.stringify(fn.Properties.Layers ?? []);
      expect(layers.includes('Paramsandsecretslayer'), id).toBe(Boolean(needs.cursorKey || needs.pageAckKey));
      if (needs.cursorKey || needs.pageAckKey) expect(layers, id).toMatch(/arm64/i);
    }
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } });
  });

  it('never grants a wildcard action or a wildcard resource on data', () => {
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const actions = [statement.Action].flat() as string[];
        expect(actions.some((a) => a.endsWith(':*') || a === '*')).toBe(false);
        // dynamodb:ListStreams (the stream event source's) has no resource-level permission; it reads no data.
        if (actions.some((a) => (a.startsWith('dynamodb:') && a !== 'dynamodb:ListStreams') || a.startsWith('kms:') || a.startsWith('cognito-idp:') || a.startsWith('secretsmanager:'))) expect(statement.Resource).not.toBe('*');
        if (actions.includes('dynamodb:ListStreams')) expect(actions).toEqual(['dynamodb:ListStreams']);
      }
    }
  });

  it('attaches no managed policies to function roles', () => {
    const roles = new Set(serviceFunctions().map(([, fn]) => fn.Properties.Role['Fn::GetAtt'][0]));
    expect(roles.size).toBe(Object.keys(FUNCTION_NEEDS).length);
    for (const [id, role] of ofType('AWS::IAM::Role')) if (roles.has(id)) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('user pool', () => {
  it('requires MFA for staff through its pre token generation trigger', () => {
    const [[, pool]] = ofType('AWS::Cognito::UserPool') as [[string, Resource]];
    expect(pool.Properties.MfaConfiguration).toBe('OPTIONAL');
    expect(pool.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    const trigger = logicalIdOf('AWS::Lambda::Function', FUNCTION_NEEDS['pre-token'].description);
    expect(pool.Properties.LambdaConfig).toEqual({ PreTokenGeneration: { 'Fn::GetAtt': [trigger, 'Arn'] } });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [trigger, 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ofType('AWS::Cognito::UserPool')[0]![0], 'Arn'] },
    });
    expect(resources[trigger]!.Properties.Timeout).toBe(5);
  });

  it('lets the hosted UI return to the portal only, unless more URLs are asked for', () => {
    const [[, client]] = ofType('AWS::Cognito::UserPoolClient') as [[string, Resource]];
    const portal = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [ofType('AWS::CloudFront::Distribution')[0]![0], 'DomainName'] }, '/']] };
    expect(client.Properties.CallbackURLs).toEqual([portal]);
    expect(client.Properties.LogoutURLs).toEqual([portal]);
    expect(JSON.stringify(client.Properties)).not.toContain('localhost');
  });

  it('has the three role groups and an institution attribute the app client cannot write', () => {
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(['agent', 'customer', 'manager']);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([Match.objectLike({ Name: 'institution', AttributeDataType: 'String', Mutable: true })]),
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    const [[, client]] = ofType('AWS::Cognito::UserPoolClient') as [[string, Resource]];
    expect(client.Properties.ReadAttributes).toContain('custom:institution');
    expect(client.Properties.WriteAttributes).not.toContain('custom:institution');
    expect(client.Properties.GenerateSecret).toBe(false);
  });
});

describe('cdk-nag', () => {
  it('really runs: an unencrypted queue without TLS fails synthesis', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'nag-')) });
    const stack = new Stack(app, 'Bad');
    new Queue(stack, 'Plain');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow();
  });
});

describe('SLA timers and escalation', () => {
  const timerFn = () => logicalIdOf('AWS::Lambda::Function', 'Fires one SLA timer (target of every schedule)');

  it('has a schedule group and a scheduler role that may invoke only the timer and paging functions', () => {
    expect(ofType('AWS::Scheduler::ScheduleGroup')).toHaveLength(1);
    const [roleId, role] = ofType('AWS::IAM::Role').find(([, r]) => r.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service === 'scheduler.amazonaws.com')!;
    // Only this account's Scheduler, for this stack's schedule group (Scheduler's aws:SourceArn is the group's ARN).
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ofType('AWS::Scheduler::ScheduleGroup')[0]![0], 'Arn'] } },
    });
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    const invoke = statements.filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    expect(invoke[0].Resource).toEqual([{ 'Fn::GetAtt': [timerFn(), 'Arn'] }, { 'Fn::GetAtt': [logicalIdOf('AWS::Lambda::Function', FUNCTION_NEEDS.paging.description), 'Arn'] }]);
    expect(statements.flatMap((s) => [s.Action].flat()).sort()).toEqual(['lambda:InvokeFunction', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
  });

  it('lets only follow-up create and delete schedules, in their own group, passing only the scheduler role to Scheduler', () => {
    const { statements } = actionsOf(FUNCTION_NEEDS['follow-up'].description);
    const create = statements.find((s) => [s.Action].flat().includes('scheduler:CreateSchedule'));
    expect([create.Action].flat().sort()).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
    expect(JSON.stringify(create.Resource)).toMatch(/:schedule\/.*\/\*/);
    const pass = statements.find((s) => [s.Action].flat().includes('iam:PassRole'));
    expect(pass.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/SchedulerRole/), 'Arn'] });
    expect(pass.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
    // What answers requests, and the timer, only record: no Scheduler, SNS, SES or Lambda call on their path.
    for (const other of ['POST /cases', FUNCTION_NEEDS['cases-update'].description, FUNCTION_NEEDS['case-credentials'].description, 'GET /cases, GET /cases/{caseNumber} and its timeline', 'GET /health', 'Fires one SLA timer (target of every schedule)']) {
      expect(actionsOf(other).actions.filter((a) => a.startsWith('scheduler:') || a === 'iam:PassRole' || a === 'sns:Publish' || a === 'ses:SendEmail' || a === 'lambda:InvokeFunction'), other).toEqual([]);
    }
  });

  it('tells follow-up where schedules go', () => {
    const fnId = logicalIdOf('AWS::Lambda::Function', FUNCTION_NEEDS['follow-up'].description);
    const env = resources[fnId]!.Properties.Environment.Variables;
    expect(env).toMatchObject({
      TIMERS: 'eventbridge',
      ALERTS: 'sns',
      TIMER_FUNCTION_ARN: { 'Fn::GetAtt': [timerFn(), 'Arn'] },
      SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [expect.stringMatching(/SchedulerRole/), 'Arn'] },
      TIMER_DLQ_ARN: { 'Fn::GetAtt': [expect.stringMatching(/TimerDeadLetters/), 'Arn'] },
      ONCALL_TOPIC_ARN: { Ref: expect.stringMatching(/OncallTopic/) },
    });
    expect(render(env.PAGING_FUNCTION_ARN)).toBe('<FnpagingFunction.Arn>');
  });

  it("feeds follow-up from the case table's stream (both images), only the records it acts on, with retries, a dead-letter queue and its alarm", () => {
    const [[, table]] = ofType('AWS::DynamoDB::Table').filter(([id]) => id.startsWith('CasesTable')) as [[string, Resource]];
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const [[, mapping]] = ofType('AWS::Lambda::EventSourceMapping') as [[string, Resource]];
    expect(render(mapping.Properties.FunctionName)).toBe('<FnfollowupFunction>');
    expect(render(mapping.Properties.EventSourceArn)).toMatch(/^<CasesTable.*StreamArn>$/);
    expect(mapping.Properties).toMatchObject({ StartingPosition: 'LATEST', BatchSize: 100, BisectBatchOnFunctionError: true, MaximumRetryAttempts: 5, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    const patterns = mapping.Properties.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern));
    expect(patterns).toContainEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['timer'] } } } });
    expect(patterns).toContainEqual({ eventName: ['MODIFY'], dynamodb: { OldImage: { status: { S: ['pending'] } }, NewImage: { type: { S: ['timer'] }, status: { S: ['cancelled'] } } } });
    expect(patterns).toHaveLength(4);
    const dlq = render(mapping.Properties.DestinationConfig.OnFailure.Destination);
    expect(dlq).toMatch(/^<SlaFollowUpDeadLetters.*\.Arn>$/);
    const behind = ofType('AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties.MetricName === 'IteratorAge');
    expect(behind.map(([, a]) => [a.Properties.Statistic, a.Properties.Threshold, render(a.Properties.Dimensions[0].Value), render(a.Properties.AlarmActions[0])])).toEqual([['Maximum', 60_000, '<FnfollowupFunction>', '<SlaOperationsTopic>']]);
  });

  it('runs the sweeper every minute', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf('AWS::Lambda::Function', FUNCTION_NEEDS.sweeper.description), 'Arn'] } })],
    });
  });

  it("lets CloudWatch use the topics' key only for this account's alarms", () => {
    const [[, key]] = ofType('AWS::KMS::Key').filter(([id]) => id.startsWith('SlaTopicKey')) as [[string, Resource]];
    const cloudwatch = key.Properties.KeyPolicy.Statement.filter((s: { Principal: { Service?: string } }) => s.Principal.Service === 'cloudwatch.amazonaws.com');
    expect(cloudwatch).toHaveLength(1);
    expect(cloudwatch[0].Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(cloudwatch[0].Condition.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    expect(render(cloudwatch[0].Condition.ArnLike['aws:SourceArn'])).toBe('arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:*');
  });

  it('has five encrypted topics (four for people, one for SES bounces and complaints) that refuse anything but TLS', () => {
    const topics = ofType('AWS::SNS::Topic');
    expect(topics).toHaveLength(5);
    for (const [, topic] of topics) expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    const policies = ofType('AWS::SNS::TopicPolicy');
    const guarded = new Set(policies.flatMap(([, p]) => p.Properties.Topics.map((t: { Ref: string }) => t.Ref)));
    expect(guarded).toEqual(new Set(topics.map(([id]) => id)));
    for (const [, policy] of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('subscribes everyone in the committed configuration with no -c at all, and the mail feedback function, each subscription with a dead-letter queue', () => {
    const committed = notificationSettings().subscribers;
    const subscriptions = ofType('AWS::SNS::Subscription');
    const configured = [
      ...[...committed.oncallEmails, ...committed.supportEmails, ...committed.managementEmails, ...committed.operationsEmails].map((email) => `email:${email}`),
      ...committed.oncallPhones.map((phone) => `sms:${phone}`),
      `lambda:<${nameOf(logicalIdOf('AWS::Lambda::Function', FUNCTION_NEEDS['mail-feedback'].description))}.Arn>`,
    ];
    expect(configured.length).toBeGreaterThanOrEqual(4);
    expect(subscriptions.map(([, s]) => `${s.Properties.Protocol}:${render(s.Properties.Endpoint)}`).sort()).toEqual(configured.sort());
    for (const [, subscription] of subscriptions) expect(subscription.Properties.RedrivePolicy.deadLetterTargetArn).toBeDefined();
  });

  it('sets the account SMS settings from the committed configuration: Transactional, with the spend limit', () => {
    const [, settings] = ofType('Custom::AWS').find(([, r]) => JSON.stringify(r.Properties.Update).includes('SetSMSAttributes'))!;
    const call = JSON.parse(render(settings.Properties.Update));
    expect(call).toMatchObject({
      service: 'SNS',
      action: 'SetSMSAttributes',
      parameters: { attributes: { DefaultSMSType: 'Transactional', MonthlySpendLimit: String(notificationSettings().smsMonthlySpendLimitUsd) } },
    });
  });

  it('lets only the paging function send SMS to phone numbers, and it may publish to no topic', () => {
    const texting = ofType('AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes('NotResource'));
    expect(texting).toHaveLength(1);
    const paging = actionsOf(FUNCTION_NEEDS.paging.description).statements.filter((s) => [s.Action].flat().includes('sns:Publish'));
    expect(paging).toEqual([{ Effect: 'Allow', Action: 'sns:Publish', NotResource: 'arn:aws:sns:*:*:*' }]);
  });

  it('runs the paging sweep every minute and lets Scheduler invoke the paging function for paging steps', () => {
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties.Targets).includes('pagingFunction'));
    expect(rules.map(([, r]) => [r.Properties.ScheduleExpression, r.Properties.Targets[0].Input])).toEqual([['rate(1 minute)', '{"sweep":true}']]);
    const fn = resources[logicalIdOf('AWS::Lambda::Function', FUNCTION_NEEDS['follow-up'].description)]!;
    expect(render(fn.Properties.Environment.Variables.PAGING_FUNCTION_ARN)).toBe('<FnpagingFunction.Arn>');
  });

  it('puts an alarm on every dead-letter queue, notifying operations', () => {
    const queues = ofType('AWS::SQS::Queue').map(([id]) => id);
    expect(queues.length).toBeGreaterThanOrEqual(6);
    const alarms = ofType('AWS::CloudWatch::Alarm');
    for (const queue of queues) {
      const alarm = alarms.find(([, a]) => JSON.stringify(a.Properties.Dimensions).includes(queue));
      expect(alarm, queue).toBeDefined();
      expect(alarm![1].Properties).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      expect(alarm![1].Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/OperationsTopic/) }]);
    }
  });

  it('gives the timer function a dead-letter queue for failed invocations', () => {
    expect(resources[timerFn()]!.Properties.DeadLetterConfig.TargetArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/TimerFunctionDeadLetters/), 'Arn'] });
  });
});

describe('operations', () => {
  // any: alarm properties are free-form CloudFormation JSON.
  const alarms = (): any[] => ofType('AWS::CloudWatch::Alarm').map(([id, a]) => ({ id, ...a.Properties }));
  const toOperations = (alarm: { AlarmActions?: unknown }) => expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/OperationsTopic/) }]);

  it('alarms when a sweep stops: heartbeats whose missing data counts as breaching', () => {
    for (const metric of ['SweeperHeartbeat', 'PagingHeartbeat']) {
      const [alarm] = alarms().filter((a) => a.MetricName === metric);
      expect(alarm, metric).toMatchObject({ Statistic: 'Sum', Period: 60, Threshold: 1, ComparisonOperator: 'LessThanThreshold', EvaluationPeriods: 3, TreatMissingData: 'breaching' });
      toOperations(alarm);
    }
  });

  it('runs a canary every five minutes, and alarms when it has not passed for ten (no data counts as failing)', () => {
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties.Targets).includes('Fncanary'));
    expect(rules.map(([, r]) => r.Properties.ScheduleExpression)).toEqual(['rate(5 minutes)']);
    const [alarm] = alarms().filter((a) => a.MetricName === 'CanaryChecksPassed');
    expect(alarm).toMatchObject({ Period: 300, Threshold: 1, ComparisonOperator: 'LessThanThreshold', EvaluationPeriods: 2, TreatMissingData: 'breaching' });
    toOperations(alarm);
  });

  it('alarms on a page that could not be delivered', () => {
    const undelivered = alarms().filter((a) => a.MetricName === 'PageMessagesFailed');
    expect(undelivered.map((a) => a.Dimensions[0].Value).sort()).toEqual(['email', 'sms']);
    for (const alarm of undelivered) toOperations(alarm);
  });

  it('alarms on any level I or II breach', () => {
    for (const level of ['I', 'II']) {
      const alarm = alarms().find((a) => a.MetricName === 'SlaBreaches' && JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'Level', Value: level }]));
      expect(alarm, level).toMatchObject({ Namespace: 'SupportSla', Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Period: 60 });
      toOperations(alarm!);
    }
  });

  it('alarms on errors of every function', () => {
    const functions = serviceFunctions().map(([id]) => id);
    for (const fn of functions) {
      const alarm = alarms().find((a) => a.MetricName === 'Errors' && JSON.stringify(a.Dimensions).includes(fn));
      expect(alarm, fn).toBeDefined();
      toOperations(alarm!);
    }
  });

  it('alarms on the API 5xx rate and on SMS spend near its limit', () => {
    const rate = alarms().find((a) => JSON.stringify(a.Metrics ?? []).includes('100 * errors / requests'));
    expect(rate).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' });
    expect(JSON.stringify(rate!.Metrics)).toContain('5xx');
    toOperations(rate!);
    const sms = alarms().find((a) => a.MetricName === 'SMSMonthToDateSpentUSD');
    expect(sms).toMatchObject({ Namespace: 'AWS/SNS', Threshold: 0.8 });
    toOperations(sms!);
  });

  it('has a dashboard of the service metrics', () => {
    const [[, dashboard]] = ofType('AWS::CloudWatch::Dashboard') as [[string, Resource]];
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const metric of ['CasesOpened', 'FirstResponsesMet', 'FirstResponsesBreached', 'SlaBreaches', 'AlertsSent', 'AlertsFailed', 'TimersFired', 'SweeperRecoveries']) {
      expect(body).toContain(metric);
    }
  });
});

describe('portal hosting', () => {
  const cdnId = () => ofType('AWS::CloudFront::Distribution')[0]![0];

  it('serves a private bucket through CloudFront with origin access control, HTTPS only and security headers', () => {
    const [[bucketId, bucket]] = ofType('AWS::S3::Bucket').filter(([id]) => id.startsWith('PortalSite')) as [[string, Resource]];
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === bucketId)![1];
    const read = policy.Properties.PolicyDocument.Statement.find((s: { Action: unknown }) => s.Action === 's3:GetObject');
    expect(read.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(JSON.stringify(read.Condition)).toContain(cdnId());
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));

    const cdn = resources[cdnId()]!.Properties.DistributionConfig;
    expect(cdn.DefaultRootObject).toBe('index.html');
    expect(cdn.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(cdn.Origins[0].OriginAccessControlId).toBeDefined();
    const headers = ofType('AWS::CloudFront::ResponseHeadersPolicy')[0]![1].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = render(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("default-src 'self'");
    // The API's own host, not any API Gateway host of the region.
    expect(csp).toContain("connect-src 'self' https://<ApiHttpApi>.execute-api.<AWS::Region>.<AWS::URLSuffix> https://support-files-<AWS::AccountId>-<AWS::Region>.s3.<AWS::Region>.amazonaws.com https://test-support.auth.<AWS::Region>.amazoncognito.com;");
    expect(csp).not.toContain('*');
    expect(headers).toMatchObject({ ContentTypeOptions: { Override: true }, FrameOptions: { FrameOption: 'DENY' }, StrictTransportSecurity: { Override: true } });
  });

  it("lets the API's CORS allow only the portal's origin, set once the distribution exists", () => {
    const [[apiId, api]] = ofType('AWS::ApiGatewayV2::Api') as [[string, Resource]];
    expect(api.Properties.CorsConfiguration).toBeUndefined();
    const [, cors] = ofType('Custom::AWS').find(([, r]) => JSON.stringify(r.Properties.Update).includes('ApiGatewayV2'))!;
    for (const call of [cors.Properties.Create, cors.Properties.Update]) {
      const text = render(call);
      expect(text).toContain('"service":"ApiGatewayV2","action":"UpdateApi"');
      expect(text).toContain(`"ApiId":"<${nameOf(apiId)}>"`);
      expect(text).toContain(`"AllowOrigins":["https://<${nameOf(cdnId())}.DomainName>"]`);
      expect(text).toContain('"AllowHeaders":["authorization","content-type","if-match","idempotency-key","accept"]');
    }
    expect(cors.Properties.InstallLatestAwsSdk).toBe(false);
    // Its handler (CDK's one AwsCustomResource function) may change this API and the account's SMS settings only.
    const handlerRole = resources[ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('AWS679f53fac002430cb0da5b7982bd2287'))![0]]!.Properties.Role['Fn::GetAtt'][0];
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === handlerRole))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    expect(statements.map((st) => [st.Action, render(st.Resource)]).sort()).toEqual([
      ['apigateway:PATCH', `arn:<AWS::Partition>:apigateway:<AWS::Region>::/apis/<${nameOf(apiId)}>`],
      ['sns:SetSMSAttributes', '*'],
    ]);
  });

  it('signs in through the Cognito hosted UI, returning to the portal', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'test-support' });
    const [[, client]] = ofType('AWS::Cognito::UserPoolClient') as [[string, Resource]];
    expect(client.Properties.AllowedOAuthFlows).toEqual(['code']);
    expect(client.Properties.CallbackURLs).toContainEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [cdnId(), 'DomainName'] }, '/']] });
  });

  it('deploys the portal build with its config.json', () => {
    const deployment = ofType('Custom::CDKBucketDeployment')[0]![1];
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(2);
    const markers = JSON.stringify(deployment.Properties.SourceMarkers);
    expect(markers).toContain('UsersAppClient');
    expect(markers).toContain('ApiEndpoint');
  });
});

describe('customer secrets', () => {
  it('live in their own encrypted, retained table that only intake may put, only case updates may update, only the credentials route may read, only the sweeper may purge', () => {
    const [[secretsId, secrets]] = ofType('AWS::DynamoDB::Table').filter(([id]) => id.startsWith('CasesSecrets')) as [[string, Resource]];
    expect(secrets.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(secrets.Properties).toMatchObject({ SSESpecification: { SSEEnabled: true, SSEType: 'KMS' }, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    const touching = (description: string) =>
      actionsOf(description)
        .statements.filter((s) => JSON.stringify(s.Resource ?? null).includes(secretsId))
        .flatMap((s) => [s.Action].flat())
        .sort();
    expect(touching('POST /cases')).toEqual(['dynamodb:PutItem']);
    expect(touching(FUNCTION_NEEDS['cases-update'].description)).toEqual(['dynamodb:UpdateItem']);
    expect(touching(FUNCTION_NEEDS['case-credentials'].description)).toEqual(['dynamodb:GetItem']);
    expect(touching(FUNCTION_NEEDS.sweeper.description)).toEqual(['dynamodb:DeleteItem']);
    const allowed = new Set(['POST /cases', FUNCTION_NEEDS['cases-update'].description, FUNCTION_NEEDS['case-credentials'].description, FUNCTION_NEEDS.sweeper.description]);
    for (const description of Object.values(FUNCTION_NEEDS).map((n) => n.description)) {
      if (allowed.has(description)) continue;
      expect(touching(description), description).toEqual([]);
    }
  });
});

describe('attachments', () => {
  it('only the attachments function may touch the attachment bucket, and the portal may post uploads to S3', () => {
    const [bucketId] = ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('AttachmentsFiles'))!;
    const touching = ofType('AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes(`"${bucketId}"`));
    expect(touching).toHaveLength(1);
    expect(actionsOf(FUNCTION_NEEDS.attachments.description).statements).toContainEqual({ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/cases/*']] } });
    const fn = resources[logicalIdOf('AWS::Lambda::Function', FUNCTION_NEEDS.attachments.description)]!;
    expect(fn.Properties.Environment.Variables).toMatchObject({ ATTACHMENTS: 's3', ATTACHMENTS_BUCKET: { Ref: bucketId }, ATTACHMENTS_REQUIRE_SCAN: 'false' });
    expect(render(resources[bucketId]!.Properties.BucketName)).toBe('support-files-<AWS::AccountId>-<AWS::Region>');
    expect(JSON.stringify(resources[bucketId]!.Properties.CorsConfiguration)).toContain('DomainName');
  });
});

describe('customer mail', () => {
  const fnId = (name: ServiceFunction) => logicalIdOf('AWS::Lambda::Function', FUNCTION_NEEDS[name].description);

  it('has an SES identity for the mail domain that sends through a configuration set publishing bounces and complaints to SNS', () => {
    const [[, identity]] = ofType('AWS::SES::EmailIdentity') as [[string, Resource]];
    expect(identity.Properties.EmailIdentity).toBe('support.example.com');
    const [[setId]] = ofType('AWS::SES::ConfigurationSet') as [[string, Resource]];
    expect(identity.Properties.ConfigurationSetAttributes).toEqual({ ConfigurationSetName: { Ref: setId } });
    const [[, destination]] = ofType('AWS::SES::ConfigurationSetEventDestination') as [[string, Resource]];
    expect(destination.Properties.ConfigurationSetName).toEqual({ Ref: setId });
    expect(destination.Properties.EventDestination.MatchingEventTypes.sort()).toEqual(['bounce', 'complaint']);
    expect(render(destination.Properties.EventDestination.SnsDestination.TopicARN)).toBe('<MailFeedback>');
  });

  it('receives mail for the domain with TLS and scanning: the message is stored in S3 first, then the inbound function runs', () => {
    const [[, rule]] = ofType('AWS::SES::ReceiptRule') as [[string, Resource]];
    expect(rule.Properties.Rule).toMatchObject({ Enabled: true, Recipients: ['support.example.com'], ScanEnabled: true, TlsPolicy: 'Require' });
    const [store, invoke] = rule.Properties.Rule.Actions;
    expect(render(store.S3Action.BucketName)).toBe('<MailInbound>');
    expect(store.S3Action.ObjectKeyPrefix).toBe('inbound/');
    expect(invoke.LambdaAction).toEqual({ FunctionArn: { 'Fn::GetAtt': [fnId('inbound-mail'), 'Arn'] }, InvocationType: 'Event' });
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'ses.amazonaws.com', FunctionName: { 'Fn::GetAtt': [fnId('inbound-mail'), 'Arn'] } });
    expect(resources[fnId('inbound-mail')]!.Properties.DeadLetterConfig.TargetArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/InboundMailDeadLetters/), 'Arn'] });
  });

  it('keeps received mail in a private, encrypted, TLS-only bucket that forgets it after 30 days and only SES of this account may write', () => {
    const [[bucketId, bucket]] = ofType('AWS::S3::Bucket').filter(([id]) => id.startsWith('MailInbound')) as [[string, Resource]];
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ ExpirationInDays: 30, Status: 'Enabled' })]);
    const [[, policy]] = ofType('AWS::S3::BucketPolicy').filter(([, p]) => p.Properties.Bucket.Ref === bucketId) as [[string, Resource]];
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const ses = statements.filter((s: { Principal?: { Service?: string } }) => s.Principal?.Service === 'ses.amazonaws.com');
    expect(ses).toEqual([expect.objectContaining({ Effect: 'Allow', Action: 's3:PutObject', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })]);
    expect(render(ses[0].Resource)).toBe('<MailInbound.Arn>/inbound/*');
  });

  it('gives the functions that send mail their settings, those that record it the mail domain alone, and no other function', () => {
    const senders = new Set((Object.keys(FUNCTION_NEEDS) as ServiceFunction[]).filter((name) => FUNCTION_NEEDS[name].sendsMail).map(fnId));
    expect(senders.size).toBe(4);
    const recorders = new Set((Object.keys(FUNCTION_NEEDS) as ServiceFunction[]).filter((name) => FUNCTION_NEEDS[name].recordsMail).map(fnId));
    expect(recorders.size).toBe(2);
    for (const [id, fn] of serviceFunctions()) {
      const env = fn.Properties.Environment.Variables;
      // Recording a mail fixes its id with the domain; only the senders render it (From address, portal link).
      if (recorders.has(id)) expect({ MAIL_DOMAIN: env.MAIL_DOMAIN, PORTAL_URL: env.PORTAL_URL, SES_CONFIGURATION_SET: env.SES_CONFIGURATION_SET }, id).toEqual({ MAIL_DOMAIN: 'support.example.com', PORTAL_URL: undefined, SES_CONFIGURATION_SET: undefined });
      else if (senders.has(id)) expect({ MAIL: env.MAIL, MAIL_DOMAIN: env.MAIL_DOMAIN, PORTAL_URL: env.PORTAL_URL }, id).toEqual({ MAIL: 'ses', MAIL_DOMAIN: 'support.example.com', PORTAL_URL: 'https://support.example.com' });
      else expect(env.SES_CONFIGURATION_SET, id).toBeUndefined();
    }
  });
});
