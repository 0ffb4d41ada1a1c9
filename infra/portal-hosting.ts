import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerImage, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { CfnApi, type HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
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
    props: { readonly api: HttpApi; readonly users: UserDirectory; readonly directory: SupportDirectory; readonly authDomainPrefix: string },
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
          // The API is named by its service domain, not its URL: naming the URL would make API → CORS → CDN → API a cycle.
          contentSecurityPolicy: `default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self' https://*.execute-api.${Stack.of(this).region}.amazonaws.com https://${authHost}; frame-ancestors 'none'; base-uri 'self'`,
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
    (props.api.node.defaultChild as CfnApi).corsConfiguration = {
      allowOrigins: [this.url],
      allowMethods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
      allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key', 'accept'],
      exposeHeaders: ['etag', 'location'],
      maxAge: 3600,
    };
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
}
