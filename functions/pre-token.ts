import middy from '@middy/core';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { logger } from '../shared/composition/settings.js';
import { userMfa } from '../shared/composition/user-mfa.js';
import { isStaff } from '../shared/domain/principal.js';
import { MFA_REQUIRED_CLAIM } from '../shared/http/principal-from-claims.js';
import { ROLES, type Role } from '../shared/domain/support-case.js';

const isStaffGroup = (group: string) => (ROLES as readonly string[]).includes(group) && isStaff(group as Role);

/**
 * Cognito pre token generation trigger: MFA for staff. A user in the agent or
 * manager group gets those groups in its tokens only with an MFA method set up
 * (Cognito then challenges it at every sign-in); without, the tokens carry its
 * other groups only, so the API does not take it for staff. Customers are not
 * looked up. A lookup that fails fails the sign-in: never a staff token
 * without the check.
 */
export const handler = middy<PreTokenGenerationTriggerEvent, PreTokenGenerationTriggerEvent>().handler(async (event) => {
  const groups = event.request.groupConfiguration.groupsToOverride ?? [];
  if (!groups.some(isStaffGroup)) return event;
  if (await userMfa().hasMfa(event.userPoolId, event.userName)) return event;
  logger().warn('staff groups left out of a token: the user has no MFA set up', { trigger: event.triggerSource, groups: groups.filter(isStaffGroup).join(',') });
  event.response.claimsOverrideDetails = {
    ...event.response.claimsOverrideDetails,
    groupOverrideDetails: { ...event.request.groupConfiguration, groupsToOverride: groups.filter((group) => !isStaffGroup(group)) },
    // Lets the API say why such a user is refused, instead of a bare "no support role".
    claimsToAddOrOverride: { ...event.response.claimsOverrideDetails?.claimsToAddOrOverride, [MFA_REQUIRED_CLAIM]: 'true' },
  };
  return event;
});
