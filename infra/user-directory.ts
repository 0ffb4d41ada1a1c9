import { Duration, Lazy } from 'aws-cdk-lib';
import { AccountRecovery, CfnUserPoolGroup, ClientAttributes, Mfa, OAuthScope, StringAttribute, UserPool, type UserPoolClient, UserPoolOperation } from 'aws-cdk-lib/aws-cognito';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ROLES } from '../shared/domain/support-case.js';
import { STATEFUL } from './case-table.js';
import type { SupportFunction } from './support-function.js';

/**
 * Who may call the API: a Cognito user pool with one group per role (customer,
 * agent, manager) and the `custom:institution` attribute. The app client may
 * read the institution but not write it, so only an administrator can say which
 * institution a customer belongs to.
 */
export class UserDirectory extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  /** Where the hosted UI may return: the deployment's extra URLs (-c callbackUrls=…), then the portal's own. */
  private readonly returnUrls: string[];

  constructor(scope: Construct, id: string, props: { readonly callbackUrls: readonly string[] }) {
    super(scope, id);
    this.returnUrls = [...props.callbackUrls];
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      customAttributes: { institution: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy: STATEFUL,
    });
    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `Group-${role}`, { userPoolId: this.userPool.userPoolId, groupName: role, description: `Support ${role}s` });
    }
    this.client = this.userPool.addClient('AppClient', {
      generateSecret: false,
      // adminUserPassword lets an administrator (IAM credentials) sign a staff member in once to set up TOTP (README).
      authFlows: { userSrp: true, adminUserPassword: true },
      // Resolved at synthesis, once the portal has added its URL; nothing else (no localhost) unless asked for.
      oAuth: { flows: { authorizationCodeGrant: true }, scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE], callbackUrls: Lazy.list({ produce: () => this.returnUrls }), logoutUrls: Lazy.list({ produce: () => this.returnUrls }) },
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
    this.returnUrls.push(url);
  }

  /**
   * MFA for staff. Cognito has no per-group MFA, so a pre token generation
   * trigger leaves the agent and manager groups out of the tokens of a user
   * without an MFA method set up. MFA is optional in the pool, and Cognito
   * challenges every user who has TOTP set up, so a token carrying a staff
   * group was obtained with MFA.
   *
   * The trigger's permission to look users up (AdminGetUser on this pool) is a
   * policy of its own, not the role's default policy: the pool refers to the
   * function, the function waits for its role's default policy, so a grant
   * naming the pool there would be a cycle. This policy is created after the
   * pool and before any user can sign in (there are none before the first
   * deploy completes).
   */
  requireMfaForStaff(trigger: SupportFunction): void {
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION, trigger.function);
    new Policy(this, 'PreTokenReadsUsers', {
      roles: [trigger.role],
      statements: [new PolicyStatement({ actions: ['cognito-idp:AdminGetUser'], resources: [this.userPool.userPoolArn] })],
    });
  }

  get issuer(): string {
    return this.userPool.userPoolProviderUrl;
  }
}
