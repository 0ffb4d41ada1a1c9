import * as z from 'zod/mini';
import { fixedDurationSchema } from './iso-duration.js';
import { ALERT_TOPICS, RESPONSE_LEVELS } from './policy-terms.js';

export * from './policy-terms.js';

/**
 * The vendor's support policy as data: response levels with their first-response
 * targets and clocks, and where requests that support does not cover are sent.
 * Defaults are the policy of ../shared/DESIGN.md; configuration may override them.
 */
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

/**
 * The policy's schema, built when a policy is first parsed (configuration reading, once per process), never at
 * import, and marked pure: a Lambda function gets its policy validated when the stack was built, so its bundle
 * holds no schema of it.
 */
export const policySchema = /* @__PURE__ */ z.lazy(() => {
  const targetSchema = z.union([
    z.strictObject({ minutes: z.number().check(z.int(), z.positive(), z.lte(525_600)) }),
    z.strictObject({ businessDays: z.number().check(z.positive(), z.lte(365)) }),
  ]);

  const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

  const levelSchema = z
    .strictObject({
      name: text(100),
      meaning: text(500),
      target: targetSchema,
      clock: z.enum(['24x7', 'business']),
      /** Fraction of the target after which a warning is due (0 < f < 1). */
      warningAt: z._default(z.number().check(z.gt(0), z.lt(1)), 0.75),
    })
    .check(
      z.refine((level) => !('businessDays' in level.target) || level.clock === 'business', {
        message: 'a target in businessDays needs the business clock',
        path: ['target'],
      }),
    );

  const topicsSchema = z.array(z.enum(ALERT_TOPICS)).check(z.minLength(1), z.maxLength(3));

  const escalationSchema = z.strictObject({
    /** Levels whose cases alert at the moment they are opened, and who is alerted. */
    onOpen: z.strictObject({ levels: z.array(z.enum(RESPONSE_LEVELS)).check(z.maxLength(4)), topics: topicsSchema }),
    warning: z.strictObject({ topics: topicsSchema }),
    breach: z.strictObject({ topics: topicsSchema }),
    /**
     * Steps after a breach while there is still no first response. Each fires when a further
     * fraction of the level's target has passed (counted in the level's clock), cumulatively.
     */
    steps: z.array(z.strictObject({ afterFurtherTargetFraction: z.number().check(z.gt(0), z.lte(100)), topics: topicsSchema })).check(z.maxLength(5)),
    /**
     * A request for management attention (POST /cases/{n}/escalations) alerts management at most once per case in
     * this window (ISO 8601, default 4 hours); further requests inside it are recorded on the timeline only.
     */
    requestWindow: z.prefault(fixedDurationSchema, 'PT4H'),
  });

  return z.strictObject({
    levels: z.prefault(z.strictObject({ I: levelSchema, II: levelSchema, III: levelSchema, IV: levelSchema }), DEFAULT_LEVELS),
    ideasExchange: z.prefault(
      z.strictObject({
        url: z.url().check(z.maxLength(500)),
        enhancementMessage: text(1000),
        newIntegrationMessage: text(1000),
      }),
      {
        url: DEFAULT_IDEAS_EXCHANGE_URL,
        enhancementMessage:
          'Enhancement requests are answered at level IV; please also post the idea to the Ideas Exchange so other institutions can vote for it.',
        newIntegrationMessage:
          'New product integrations are not covered by support. Your request has been recorded; please submit it to the Ideas Exchange.',
      },
    ),
    accountManager: z.prefault(
      z.strictObject({
        message: text(1000),
        /** Recommended lead time before a redesign project can start (ISO 8601, default 6 weeks). */
        leadTime: fixedDurationSchema,
      }),
      {
        message:
          'UX redesign requests are not covered by support. Your account manager / Success Manager will contact you; a redesign project needs about 6 weeks of lead time.',
        leadTime: 'P6W',
      },
    ),
    /** How long after a case is closed its customer secrets (credentials, remote access) are purged (default 30 days). */
    secretsRetentionAfterClose: z.prefault(fixedDurationSchema, 'P30D'),
    escalation: z.prefault(escalationSchema, {
      onOpen: { levels: ['I', 'II'], topics: ['oncall'] },
      warning: { topics: ['support'] },
      breach: { topics: ['oncall'] },
      steps: [{ afterFurtherTargetFraction: 0.5, topics: ['management'] }],
    }),
  });
});

export type SupportPolicy = z.output<typeof policySchema>;
export type EscalationPolicy = SupportPolicy['escalation'];
export type LevelPolicy = SupportPolicy['levels']['I'];

let defaultPolicy: SupportPolicy | undefined;

/** The policy of DESIGN.md with nothing overridden (parsed on first use, once). */
export function defaultSupportPolicy(): SupportPolicy {
  defaultPolicy ??= policySchema.parse({});
  return defaultPolicy;
}

export { type CaseClassification, responseLevelFor } from './response-level.js';
