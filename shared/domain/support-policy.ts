import * as z from 'zod';
import { fixedDurationSchema } from './iso-duration.js';

/**
 * The vendor's support policy as data: response levels with their first-response
 * targets and clocks, and where requests that support does not cover are sent.
 * Defaults are the policy of ../shared/DESIGN.md; configuration may override them.
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

const targetSchema = z.union([
  z.strictObject({ minutes: z.number().int().positive().max(525_600) }),
  z.strictObject({ businessDays: z.number().positive().max(365) }),
]);

const levelSchema = z
  .strictObject({
    name: z.string().min(1).max(100),
    meaning: z.string().min(1).max(500),
    target: targetSchema,
    clock: z.enum(['24x7', 'business']),
    /** Fraction of the target after which a warning is due (0 < f < 1). */
    warningAt: z.number().gt(0).lt(1).default(0.75),
  })
  .refine((level) => !('businessDays' in level.target) || level.clock === 'business', {
    message: 'a target in businessDays needs the business clock',
    path: ['target'],
  });

export type LevelPolicy = z.output<typeof levelSchema>;

const DEFAULT_LEVELS = {
  I: {
    name: 'System down',
    meaning: 'The production service is not available.',
    target: { minutes: 60 },
    clock: '24x7',
  },
  II: {
    name: 'Component down',
    meaning: 'A production module is inoperable.',
    target: { minutes: 120 },
    clock: '24x7',
  },
  III: {
    name: 'Production issue',
    meaning: 'Other production issues: performance, a feature working incorrectly.',
    target: { businessDays: 1 },
    clock: 'business',
  },
  IV: {
    name: 'General',
    meaning:
      'General questions, requests for information, documentation questions, enhancement requests, anything non-production.',
    target: { businessDays: 2 },
    clock: 'business',
  },
} as const;

const DEFAULT_IDEAS_EXCHANGE_URL = 'https://ideas.example.com/campus-app';

/** Where alerts go: the 24/7 on-call staff (SMS and email), the support team, management. */
export const ALERT_TOPICS = ['oncall', 'support', 'management'] as const;
const topicsSchema = z.array(z.enum(ALERT_TOPICS)).min(1).max(3);

const escalationSchema = z.strictObject({
  /** Levels whose cases alert at the moment they are opened, and who is alerted. */
  onOpen: z.strictObject({ levels: z.array(z.enum(RESPONSE_LEVELS)).max(4), topics: topicsSchema }),
  warning: z.strictObject({ topics: topicsSchema }),
  breach: z.strictObject({ topics: topicsSchema }),
  /**
   * Steps after a breach while there is still no first response. Each fires when a further
   * fraction of the level's target has passed (counted in the level's clock), cumulatively.
   */
  steps: z.array(z.strictObject({ afterFurtherTargetFraction: z.number().gt(0).max(100), topics: topicsSchema })).max(5),
  /**
   * A request for management attention (POST /cases/{n}/escalations) alerts management at most once per case in
   * this window (ISO 8601, default 4 hours); further requests inside it are recorded on the timeline only.
   */
  requestWindow: fixedDurationSchema.prefault('PT4H'),
});

export const policySchema = z.strictObject({
  levels: z
    .strictObject({ I: levelSchema, II: levelSchema, III: levelSchema, IV: levelSchema })
    .prefault(DEFAULT_LEVELS),
  ideasExchange: z
    .strictObject({
      url: z.url().max(500),
      enhancementMessage: z.string().min(1).max(1000),
      newIntegrationMessage: z.string().min(1).max(1000),
    })
    .prefault({
      url: DEFAULT_IDEAS_EXCHANGE_URL,
      enhancementMessage:
        'Enhancement requests are answered at level IV; please also post the idea to the Ideas Exchange so other institutions can vote for it.',
      newIntegrationMessage:
        'New product integrations are not covered by support. Your request has been recorded; please submit it to the Ideas Exchange.',
    }),
  accountManager: z
    .strictObject({
      message: z.string().min(1).max(1000),
      /** Recommended lead time before a redesign project can start (ISO 8601, default 6 weeks). */
      leadTime: fixedDurationSchema,
    })
    .prefault({
      message:
        'UX redesign requests are not covered by support. Your account manager / Success Manager will contact you; a redesign project needs about 6 weeks of lead time.',
      leadTime: 'P6W',
    }),
  /** How long after a case is closed its customer secrets (credentials, remote access) are purged (default 30 days). */
  secretsRetentionAfterClose: fixedDurationSchema.prefault('P30D'),
  escalation: escalationSchema.prefault({
    onOpen: { levels: ['I', 'II'], topics: ['oncall'] },
    warning: { topics: ['support'] },
    breach: { topics: ['oncall'] },
    steps: [{ afterFurtherTargetFraction: 0.5, topics: ['management'] }],
  }),
});

export type SupportPolicy = z.output<typeof policySchema>;
export type AlertTopic = (typeof ALERT_TOPICS)[number];
export type EscalationPolicy = SupportPolicy['escalation'];

/** The policy of DESIGN.md with nothing overridden. */
export const DEFAULT_POLICY: SupportPolicy = policySchema.parse({});

export { type CaseClassification, responseLevelFor } from './response-level.js';
