import { CfnOutput, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CfnStage, HttpApi, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type FunctionName, ROUTES, routeKey } from '../shared/http/routes.js';
import { STATEFUL } from './case-table.js';
import type { SupportFunction } from './support-function.js';
import type { UserDirectory } from './user-directory.js';

/** Each public route's own limit (requests per second, and burst), below the stage's 50/100. */
export const PUBLIC_ROUTE_THROTTLE = { rateLimit: 10, burstLimit: 20 } as const;

/** One JSON object per request, from HTTP API context variables (the REST API's standard fields do not exist here). */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  httpMethod: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationErrorMessage: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  errorMessage: '$context.error.message',
} as const;

/** Every function a route names, and the one behind `$default`. */
const HTTP_FUNCTIONS: readonly FunctionName[] = [...new Set(ROUTES.map((route) => route.function)), 'not-found'];

/**
 * The HTTP API: routes and functions built from the route table in
 * shared/http/routes.ts, a JWT authorizer pinned to the user pool's issuer and
 * app client on every route but /health, and the `$default` route answering 404
 * and 405 in the same problem+json shape as everything else.
 */
export class CaseApi extends Construct {
  readonly api: HttpApi;
  readonly functions: Record<FunctionName, SupportFunction>;

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly users: UserDirectory;
      readonly logRetention: RetentionDays;
      /** Builds a function with the environment and grants it needs (see function-permissions.ts). */
      readonly makeFunction: (name: FunctionName) => SupportFunction;
    },
  ) {
    super(scope, id);
    this.functions = Object.fromEntries(HTTP_FUNCTIONS.map((name) => [name, props.makeFunction(name)])) as Record<FunctionName, SupportFunction>;

    this.api = new HttpApi(this, 'HttpApi', {
      description: 'Support cases and SLAs',
      createDefaultStage: false,
      defaultAuthorizer: new HttpJwtAuthorizer('CognitoJwt', props.users.issuer, {
        jwtAudience: [props.users.client.userPoolClientId],
        identitySource: ['$request.header.Authorization'],
      }),
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: STATEFUL });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)) },
    });

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integration = (name: FunctionName) => {
      let found = integrations.get(name);
      if (!found) {
        found = new HttpLambdaIntegration(`Integration-${name}`, this.functions[name].function);
        integrations.set(name, found);
      }
      return found;
    };
    const publicRoutes: Record<string, HttpRoute> = {};
    for (const route of ROUTES) {
      const [added] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integration(route.function),
        ...(route.authenticated ? {} : { authorizer: new HttpNoneAuthorizer() }),
      });
      if (!route.authenticated && added) publicRoutes[routeKey(route)] = added;
    }
    // Whatever no route matches: the same problem+json 404/405 the local runtime gives, with or without a token.
    const defaultRoute = new HttpRoute(this, 'DefaultRoute', { httpApi: this.api, routeKey: HttpRouteKey.DEFAULT, integration: integration('not-found'), authorizer: new HttpNoneAuthorizer() });

    // The routes without authorizer get a rate limit of their own, well below the stage's: /health reads one
    // DynamoDB item per request, and $default answers 404/405 without touching data.
    publicRoutes.$default = defaultRoute;
    (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      Object.keys(publicRoutes).map((key) => [key, { ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit, ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit }]),
    );
    const reason = `GET /health is public by design (uptime checks) and reads one DynamoDB item; the $default route answers 404/405 for unknown routes and reads no data; the acknowledgement link of a page (GET shows, POST acknowledges) is authorised by its signed, expiring token, not a bearer token, because it is opened from an SMS or a mail. All are throttled per route on the stage (${PUBLIC_ROUTE_THROTTLE.rateLimit} requests/s, burst ${PUBLIC_ROUTE_THROTTLE.burstLimit}), so they cannot be used to run up reads or cost. Every other route has the JWT authorizer.`;
    for (const route of Object.values(publicRoutes)) {
      // Route settings name routes that must exist before the stage is updated.
      stage.node.addDependency(route);
      Validations.of(route).acknowledge({ id: 'AwsSolutions::AwsSolutions-APIG4', reason });
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL of the support case API' });
  }
}
