import * as z from 'zod/mini';
import type { BusinessCalendar } from './business-calendar.js';
import type { Instant } from './business-time.js';
import { type CalendarHistory, calendarHistorySchema, compileHistory } from './calendar-history.js';
import { ConfigurationError } from './errors.js';
import { type SupportPolicy, policySchema } from './support-policy.js';
import { fieldProblems } from './zod-problems.js';

/**
 * The support configuration: policy, business calendars and the institutions
 * that map to them. One validated document, read the same way by the local
 * runtime, the Lambda functions (it is bundled into them) and the CLI.
 */
export interface Institution {
  readonly id: string;
  readonly name: string;
  readonly calendarId: string;
  /** Whether the institution runs its own Connect Layer (support then needs remote access to it). */
  readonly connectLayer: 'hosted' | 'local';
  /** Addresses that get every customer mail about the institution's cases and may reply to them. */
  readonly watchers: readonly string[];
  /** The institution's own mail domains: a message from one that names no case gets one reply saying how to open a case. */
  readonly emailDomains: readonly string[];
}

export interface SupportDirectory {
  readonly policy: SupportPolicy;
  readonly institutions: ReadonlyMap<string, Institution>;
  readonly calendars: ReadonlyMap<string, CalendarHistory>;
  /** The calendar history of an institution. */
  historyOf(institution: Institution): CalendarHistory;
  /** The version of an institution's calendar that a case received at `at` is opened under. */
  calendarAt(institution: Institution, at: Instant): BusinessCalendar;
  /**
   * The version a case runs on for its whole life: the one recorded on it, or (for a case whose
   * record names another calendar, such as the 24/7 clock) the one in effect when it was opened.
   */
  calendarOfCase(institution: Institution, supportCase: CaseCalendarRecord): BusinessCalendar;
}

/** What a case records about its calendar. */
export interface CaseCalendarRecord {
  readonly createdAt: string;
  readonly sla: { readonly calendarId: string; readonly calendarVersion: number } | null;
}

/** The document's schema: built when the configuration is first parsed (once per process), never at import. */
const supportConfigSchema = z.lazy(() => {
  const idSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'));

  return z
    .strictObject({
      $schema: z.optional(z.string()),
      policy: z.prefault(policySchema, {}),
      calendars: z.array(calendarHistorySchema).check(z.minLength(1)),
      institutions: z
        .array(
          z.strictObject({
            id: idSchema,
            name: z.string().check(z.minLength(1), z.maxLength(200)),
            calendar: z.string(),
            connectLayer: z.enum(['hosted', 'local']),
            watchers: z._default(z.array(z.email().check(z.maxLength(254))).check(z.maxLength(20)), []),
            emailDomains: z._default(z.array(z.string().check(z.minLength(3), z.maxLength(253), z.regex(/^[a-z0-9.-]+$/, 'a lower-case domain name'))).check(z.maxLength(10)), []),
          }),
        )
        .check(z.minLength(1)),
    })
    .check(
      z.superRefine((config, ctx) => {
        const calendarIds = new Set<string>();
        config.calendars.forEach((calendar, i) => {
          if (calendarIds.has(calendar.id)) ctx.addIssue({ code: 'custom', path: ['calendars', i, 'id'], message: `duplicate calendar id '${calendar.id}'` });
          calendarIds.add(calendar.id);
        });
        const institutionIds = new Set<string>();
        config.institutions.forEach((institution, i) => {
          if (institutionIds.has(institution.id)) ctx.addIssue({ code: 'custom', path: ['institutions', i, 'id'], message: `duplicate institution id '${institution.id}'` });
          institutionIds.add(institution.id);
          if (!calendarIds.has(institution.calendar)) {
            ctx.addIssue({ code: 'custom', path: ['institutions', i, 'calendar'], message: `unknown calendar '${institution.calendar}'` });
          }
        });
      }),
    );
});

export type SupportConfigDocument = z.input<typeof supportConfigSchema>;

export function parseSupportDirectory(input: unknown): SupportDirectory {
  const result = supportConfigSchema.safeParse(input);
  if (!result.success) throw new ConfigurationError('invalid support configuration', fieldProblems(result.error));
  const config = result.data;
  const calendars = new Map(config.calendars.map((document) => [document.id, compileHistory(document)]));
  const institutions = new Map(
    config.institutions.map((i) => [i.id, { id: i.id, name: i.name, calendarId: i.calendar, connectLayer: i.connectLayer, watchers: i.watchers.map((w) => w.toLowerCase()), emailDomains: i.emailDomains }] as const),
  );
  const historyOf = (institution: Institution): CalendarHistory => {
    const history = calendars.get(institution.calendarId);
    if (!history) throw new ConfigurationError('invalid support configuration', [{ field: 'institutions', message: `unknown calendar '${institution.calendarId}'` }]);
    return history;
  };
  return {
    policy: config.policy,
    institutions,
    calendars,
    historyOf,
    calendarAt: (institution, at) => historyOf(institution).at(at),
    calendarOfCase: (institution, supportCase) => {
      const history = historyOf(institution);
      const recorded = supportCase.sla?.calendarId === history.id ? history.version(supportCase.sla.calendarVersion) : undefined;
      return recorded ?? history.at(Date.parse(supportCase.createdAt));
    },
  };
}
