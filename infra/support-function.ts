import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, ParamsAndSecretsLayerVersion, ParamsAndSecretsVersions, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { LAMBDA_BUNDLING, LAMBDA_NODE_OPTIONS } from './lambda-bundling.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface SupportFunctionProps {
  /** The module under functions/ (without .ts); it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly environment: Record<string, string>;
  readonly logRetention: RetentionDays;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  /** For asynchronously invoked functions: where failed invocations go. */
  readonly deadLetterQueue?: IQueue;
  /**
   * Reads a secret (a signing key): through the AWS Parameters and Secrets Lambda Extension, an AWS layer that
   * serves GetSecretValue on localhost with a cache, so the bundle carries no Secrets Manager client.
   */
  readonly readsSecrets?: boolean;
}

/**
 * The one place that owns every Lambda default: Node 22 on arm64, an ESM
 * bundle built by esbuild from devDependencies with the AWS SDK bundled in and
 * minified, source maps, JSON logs into a log group with retention, and a role
 * of its own that starts with nothing but permission to write that log group.
 */
export class SupportFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: SupportFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.entry} function`,
    });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(ROOT, 'functions', `${props.entry}.ts`),
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      ...(props.readsSecrets ? { paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103) } : {}),
      loggingFormat: LoggingFormat.JSON,
      environment: { NODE_OPTIONS: LAMBDA_NODE_OPTIONS, ...props.environment },
      bundling: LAMBDA_BUNDLING,
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason: 'Node.js 22 is the runtime this service targets and is tested for; moving to a newer runtime is a deliberate, tested upgrade.',
    });
  }
}
