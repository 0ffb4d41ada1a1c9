import type { SupportDirectory } from '../domain/support-directory.js';
import { RESPONSE_LEVELS } from '../domain/policy-terms.js';

/**
 * What the portal needs to know before it calls the API: how to sign in, the
 * institutions (and the zone of each one's support calendar), and the policy
 * in plain words. Served as /config.json (locally by the runtime; in AWS it is
 * deployed next to the portal).
 */
export function portalConfig(directory: SupportDirectory, auth: { readonly mode: 'local' } | { readonly mode: 'cognito'; readonly domain: string; readonly clientId: string }, apiBase = '') {
  const targetText = (level: (typeof RESPONSE_LEVELS)[number]) => {
    const policy = directory.policy.levels[level];
    const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
    if ('minutes' in policy.target) return `${policy.target.minutes % 60 === 0 ? count(policy.target.minutes / 60, 'hour') : count(policy.target.minutes, 'minute')}, around the clock`;
    return count(policy.target.businessDays, 'business day');
  };
  return {
    auth,
    apiBase,
    institutions: [...directory.institutions.values()].map((institution) => ({
      id: institution.id,
      name: institution.name,
      zone: directory.historyOf(institution).latest.zone,
      /** Business hours in one business day on the institution's latest calendar version, and whether the calendar sets it or it is the usual working day. */
      businessDay: { hours: directory.historyOf(institution).latest.businessDayMs / 3_600_000, source: directory.historyOf(institution).latest.businessDaySource },
      connectLayer: institution.connectLayer,
    })),
    levels: RESPONSE_LEVELS.map((level) => ({ level, name: directory.policy.levels[level].name, meaning: directory.policy.levels[level].meaning, firstResponse: targetText(level) })),
    ideasExchange: { url: directory.policy.ideasExchange.url, newIntegrationMessage: directory.policy.ideasExchange.newIntegrationMessage, enhancementMessage: directory.policy.ideasExchange.enhancementMessage },
    accountManager: { message: directory.policy.accountManager.message },
  };
}

export type PortalConfig = ReturnType<typeof portalConfig>;
