import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, DockerImage, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import {
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { SupportDirectory } from '../shared/domain/support-directory.js';
import { portalConfig } from '../shared/http/portal-config.js';
import type { UserDirectory } from './user-directory.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What the portal may send and read across origins (the origin itself is the portal's URL). */
export const PORTAL_CORS = {
  AllowMethods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
  AllowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key', 'accept'],
  ExposeHeaders: ['etag', 'location'],
  MaxAge: 3600,
};

/** The id CDK gives the singleton function behind every AwsCustomResource of a stack. */
const AWS_CUSTOM_RESOURCE_PROVIDER = 'AWS679f53fac002430cb0da5b7982bd2287';

/** The API's own origin, https://<api id>.execute-api.<region>.<domain suffix>. */
const apiOrigin = (api: HttpApi) => `https://${api.apiId}.execute-api.${Stack.of(api).region}.${Stack.of(api).urlSuffix}`;

/**
 * The portal in AWS: a private S3 bucket behind CloudFront (origin access
 * control, HTTPS only, security headers), the portal built by Vite at synth
 * time and deployed with its config.json, the Cognito hosted UI (authorization
 * code + PKCE) returning to the distribution, and the API's CORS allowing only
 * that origin.
 */
export class PortalHosting extends Construct {
  readonly distribution: Distribution;
  readonly url: string;

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly api: HttpApi;
      readonly users: UserDirectory;
      readonly directory: SupportDirectory;
      readonly authDomainPrefix: string;
      /** Where signed attachment uploads are posted (the attachment bucket's host). */
      readonly uploadHost: string;
    },
  ) {
    super(scope, id);
    const bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    const domain = props.users.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.authDomainPrefix } });
    const authHost = `${props.authDomainPrefix}.auth.${Stack.of(this).region}.amazoncognito.com`;

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The API's own host only. (So the API's CORS, which names the portal, is set after the distribution: below.)
          // And the host signed attachment uploads go to, from the bucket's name (not the bucket: its CORS names the portal).
          contentSecurityPolicy: `default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self' ${apiOrigin(props.api)} ${props.uploadHost} https://${authHost}; frame-ancestors 'none'; base-uri 'self'`,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Cdn', {
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    new BucketDeployment(this, 'Deploy', {
      destinationBucket: bucket,
      distribution: this.distribution,
      sources: [
        // Built at synth time with the project's own Vite (no Docker): `npx cdk synth` works offline.
        Source.asset(join(ROOT, 'portal'), {
          bundling: {
            // Only a fallback: local bundling with the project's Vite always runs first and succeeds or throws.
            image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
            local: {
              tryBundle(outputDir: string) {
                execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT, 'portal', 'vite.config.ts'), '--outDir', outputDir, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit', cwd: ROOT });
                return true;
              },
            },
          },
        }),
        Source.jsonData('config.json', portalConfig(props.directory, { mode: 'cognito', domain: authHost, clientId: props.users.client.userPoolClientId }, props.api.apiEndpoint)),
      ],
    });

    props.users.allowSignInReturnTo(`${this.url}/`);
    this.allowPortalOrigin(props.api);
    void domain;

    Validations.of(bucket).acknowledge({ id: 'AwsSolutions::AwsSolutions-S1', reason: 'The bucket holds only the public build of the portal, served through CloudFront; its requests are CloudFront requests.' });
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions::AwsSolutions-CFR1', reason: 'Universities use the portal from anywhere; no geographic restriction applies.' },
      { id: 'AwsSolutions::AwsSolutions-CFR2', reason: 'Static files only; the API behind it has its own throttling and JWT authorizer. A WAF is a per-deployment choice.' },
      { id: 'AwsSolutions::AwsSolutions-CFR3', reason: 'Static files only; access logging is a per-deployment choice (it needs a log bucket with ACLs).' },
      { id: 'AwsSolutions::AwsSolutions-CFR4', reason: 'The default CloudFront domain and certificate (fixed TLS policy) are used until a deployment configures a custom domain and certificate.' },
    );
    // The deployment's singleton function is CDK's own: its runtime and its role are CDK's choices.
    const singleton = Stack.of(this).node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (singleton) {
      const siteArn = `<${Stack.of(this).getLogicalId(bucket.node.defaultChild as CfnBucket)}.Arn>`;
      const reason = "CDK's BucketDeployment handler: it copies the portal build from the CDK asset bucket into the site bucket and invalidates CloudFront; its runtime and role are set by CDK.";
      Validations.of(singleton).acknowledge(
        ...[
          'AwsSolutions::AwsSolutions-L1',
          'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action) => `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`),
          'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
          `AwsSolutions::AwsSolutions-IAM5[Resource::${siteArn}/*]`,
          'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        ].map((id) => ({ id, reason })),
      );
    }
  }

  /**
   * The API's CORS allows only the portal's origin. It is set by a custom
   * resource once the distribution exists, not on the API resource itself: the
   * CSP names the API's host, the distribution uses that CSP, so CORS on the
   * API naming the distribution would make a dependency cycle.
   */
  private allowPortalOrigin(api: HttpApi): void {
    const updateApi = {
      service: 'ApiGatewayV2',
      action: 'UpdateApi',
      parameters: { ApiId: api.apiId, CorsConfiguration: { ...PORTAL_CORS, AllowOrigins: [this.url] } },
      physicalResourceId: PhysicalResourceId.of(`${api.apiId}-cors`),
    };
    const cors = new AwsCustomResource(this, 'ApiCors', {
      onCreate: updateApi,
      onUpdate: updateApi,
      installLatestAwsSdk: false,
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['apigateway:PATCH'], resources: [`arn:${Aws.PARTITION}:apigateway:${Stack.of(this).region}::/apis/${api.apiId}`] }),
      ]),
    });
    const reason = "CDK's AwsCustomResource handler, which sets the API's CORS once the portal's distribution exists; its runtime and basic execution role are set by CDK, and its own policy allows only apigateway:PATCH on this API.";
    const provider = Stack.of(this).node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER);
    for (const target of [cors, ...(provider ? [provider] : [])]) {
      Validations.of(target).acknowledge(
        ...['AwsSolutions::AwsSolutions-L1', 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]'].map((id) => ({ id, reason })),
      );
    }
  }
}
