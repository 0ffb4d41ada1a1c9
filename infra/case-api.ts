import { CfnOutput, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type FunctionName, ROUTES } from '../shared/http/routes.js';
import type { SupportFunction } from './support-function.js';
import type { UserDirectory } from './user-directory.js';

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
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.jsonWithStandardFields() },
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
    for (const route of ROUTES) {
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integration(route.function),
        ...(route.authenticated ? {} : { authorizer: new HttpNoneAuthorizer() }),
      });
    }
    // Whatever no route matches: the same problem+json 404/405 the local runtime gives, with or without a token.
    const defaultRoute = new HttpRoute(this, 'DefaultRoute', { httpApi: this.api, routeKey: HttpRouteKey.DEFAULT, integration: integration('not-found'), authorizer: new HttpNoneAuthorizer() });

    const publicRoutes = 'GET /health is public by design (uptime checks), and the $default route only answers 404/405 for unknown routes; neither reads data. Every other route has the JWT authorizer.';
    const healthRoute = this.api.node.findChild('GET--health');
    for (const route of [healthRoute, defaultRoute]) Validations.of(route).acknowledge({ id: 'AwsSolutions::AwsSolutions-APIG4', reason: publicRoutes });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL of the support case API' });
  }
}
