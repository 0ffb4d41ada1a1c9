import { AdminGetUserCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { UserMfa } from '../../ports/user-mfa.js';

/** AdminGetUser: a user has MFA when it has at least one MFA method enabled (Cognito then challenges it at every sign-in). */
export class CognitoUserMfa implements UserMfa {
  constructor(private readonly client: CognitoIdentityProviderClient) {}

  async hasMfa(userPoolId: string, userName: string): Promise<boolean> {
    const user = await this.client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: userName }));
    return (user.UserMFASettingList ?? []).length > 0;
  }
}
