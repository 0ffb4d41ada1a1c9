import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccountRecovery, CfnUserPoolClient, CfnUserPoolGroup, ClientAttributes, Mfa, OAuthScope, StringAttribute, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '../shared/domain/support-case.js';

/**
 * Who may call the API: a Cognito user pool with one group per role (customer,
 * agent, manager) and the `custom:institution` attribute. The app client may
 * read the institution but not write it, so only an administrator can say which
 * institution a customer belongs to.
 */
export class UserDirectory extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  private readonly callbackUrls: string[];

  constructor(scope: Construct, id: string, props: { readonly callbackUrls: string[] }) {
    super(scope, id);
    this.callbackUrls = props.callbackUrls;
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      customAttributes: { institution: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `Group-${role}`, { userPoolId: this.userPool.userPoolId, groupName: role, description: `Support ${role}s` });
    }
    this.client = this.userPool.addClient('AppClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: { flows: { authorizationCodeGrant: true }, scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE], callbackUrls: props.callbackUrls },
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true, emailVerified: true }).withCustomAttributes('institution'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      preventUserExistenceErrors: true,
    });
  }

  /** Lets the hosted UI return to `url` after sign-in and sign-out (the portal, known only once it exists). */
  allowSignInReturnTo(url: string): void {
    const client = this.client.node.defaultChild as CfnUserPoolClient;
    client.callbackUrLs = [...(this.callbackUrls ?? []), url];
    client.logoutUrLs = [...(this.callbackUrls ?? []), url];
  }

  get issuer(): string {
    return this.userPool.userPoolProviderUrl;
  }
}
