import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoUserMfa } from '../adapters/cognito/cognito-user-mfa.js';
import type { UserMfa } from '../ports/user-mfa.js';

let sharedUserMfa: UserMfa | undefined;

/**
 * The user pool lookup of the pre token trigger (MFA for staff). It needs no
 * configuration. Cognito waits 5 s for a trigger: one retry, each call bounded
 * well inside that.
 */
export function userMfa(): UserMfa {
  sharedUserMfa ??= new CognitoUserMfa(new CognitoIdentityProviderClient({ maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 1_500, throwOnRequestTimeout: true } }));
  return sharedUserMfa;
}
