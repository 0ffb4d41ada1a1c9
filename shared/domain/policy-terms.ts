/**
 * The words of the support policy: response levels, request types, environments, impacts, clocks and alert
 * topics. Plain values, no schemas: what most of the service needs without the policy itself
 * (support-policy.ts, whose schemas only configuration reading needs).
 */
export const RESPONSE_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type ResponseLevel = (typeof RESPONSE_LEVELS)[number];

export const REQUEST_TYPES = ['query', 'defect', 'enhancement', 'new-integration', 'ux-redesign'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const ENVIRONMENTS = ['production', 'non-production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const IMPACTS = ['service-down', 'module-down', 'degraded', 'question'] as const;
export type Impact = (typeof IMPACTS)[number];

/** `24x7`: wall-clock time, always counting. `business`: the institution's business calendar. */
export type Clock = '24x7' | 'business';

/** Where alerts go: the 24/7 on-call staff (SMS and email), the support team, management. */
export const ALERT_TOPICS = ['oncall', 'support', 'management'] as const;
export type AlertTopic = (typeof ALERT_TOPICS)[number];
