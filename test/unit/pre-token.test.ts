import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Context, PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/pre-token.js';

const cognito = mockClient(CognitoIdentityProviderClient);
const POOL = 'eu-west-2_AbCdEf123';

function signIn(userName: string, groups: string[]): PreTokenGenerationTriggerEvent {
  return {
    version: '1',
    triggerSource: 'TokenGeneration_HostedAuth',
    region: 'eu-west-2',
    userPoolId: POOL,
    userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
    request: { userAttributes: { sub: userName, email: `${userName}@vendor.example` }, groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: undefined } },
    response: { claimsOverrideDetails: {} },
  } as PreTokenGenerationTriggerEvent;
}

const run = (event: PreTokenGenerationTriggerEvent) => handler(event, { awsRequestId: 'r1', getRemainingTimeInMillis: () => 5000 } as Context);

beforeEach(() => cognito.reset());

describe('pre token generation: MFA for staff', () => {
  it('keeps the staff group of a user with MFA set up, after asking for exactly that user', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'agent-1', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' });
    const result = await run(signIn('agent-1', ['agent']));
    expect(cognito.commandCalls(AdminGetUserCommand).map((call) => call.args[0].input)).toEqual([{ UserPoolId: POOL, Username: 'agent-1' }]);
    expect(result.response.claimsOverrideDetails).toEqual({});
  });

  it('leaves agent and manager out of the token of a staff user without MFA, keeping its other groups', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'manager-1', UserMFASettingList: [] });
    const result = await run(signIn('manager-1', ['manager', 'agent', 'customer']));
    expect(cognito.commandCalls(AdminGetUserCommand).map((call) => call.args[0].input)).toEqual([{ UserPoolId: POOL, Username: 'manager-1' }]);
    expect(result.response.claimsOverrideDetails?.groupOverrideDetails?.groupsToOverride).toEqual(['customer']);
    expect(result.response.claimsOverrideDetails?.claimsToAddOrOverride).toEqual({ mfa_required: 'true' });

    cognito.on(AdminGetUserCommand).resolves({ Username: 'agent-2' }); // no MFA settings at all
    const other = await run(signIn('agent-2', ['agent']));
    expect(other.response.claimsOverrideDetails?.groupOverrideDetails).toEqual({ groupsToOverride: [], iamRolesToOverride: [], preferredRole: undefined });
  });

  it('leaves a customer untouched without looking it up', async () => {
    const result = await run(signIn('customer-1', ['customer']));
    expect(cognito.commandCalls(AdminGetUserCommand)).toHaveLength(0);
    expect(result.response.claimsOverrideDetails).toEqual({});
    expect(result.request.groupConfiguration.groupsToOverride).toEqual(['customer']);
  });

  it('fails the sign-in when the lookup fails, rather than issue an unchecked staff token', async () => {
    cognito.on(AdminGetUserCommand).rejects(new Error('throttled'));
    await expect(run(signIn('agent-3', ['agent']))).rejects.toThrow('throttled');
  });
});
