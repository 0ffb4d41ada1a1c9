import * as z from 'zod/mini';
import { ConfigurationError } from './errors.js';
import { parseFixedDuration } from './iso-duration.js';
import { type OncallConfig, type OncallFile, compileOncallConfig, scheduleBodyShape, scheduleIdSchema } from './oncall-config.js';
import { PAGE_TARGETS } from './oncall-rota.js';
import { fieldProblems } from './zod-problems.js';

/**
 * The JSON form of the on-call configuration (config/oncall.json), validated; oncall-config.ts compiles it. The
 * local runtime and the tests parse it here; the stack parses it when it is built and hands each Lambda function the
 * result (infra/lambda-bundling.ts), so no function bundle holds the file's schema.
 */
/** The file's schema: built when the file is first parsed (once per process), never at import; pure. */
const fileSchema = /* @__PURE__ */ z.lazy(() => {
  const durationSchema = z.string().check(z.refine((text) => parseFixedDuration(text) !== undefined, 'an ISO 8601 duration such as PT5M'));

  /**
   * The paging policy: the steps of a page, each at a time after the page started, each notifying one target.
   * A step that notifies the same target as the one before it is a repeat; one that notifies another is an escalation.
   */
  const policySchema = z.strictObject({
    steps: z
      .array(z.strictObject({ notify: z.enum(PAGE_TARGETS), after: durationSchema }))
      .check(
        z.minLength(1),
        z.maxLength(9),
        z.refine((steps) => steps.every((s, i) => i === 0 || parseFixedDuration(s.after)! > parseFixedDuration(steps[i - 1]!.after)!), 'steps must come later one after another'),
      ),
    /** How long an acknowledgement link works. */
    ackLinkLifetime: z._default(durationSchema, 'PT24H'),
  });

  return z.strictObject({
    $schema: z.optional(z.string()),
    policy: policySchema,
    /** The schedule whose people are paged. */
    pagingSchedule: scheduleIdSchema,
    /** Seeds: written to the table when a schedule is first read and missing there; never over an edit. */
    schedules: z.array(z.strictObject({ ...scheduleBodyShape(), id: scheduleIdSchema })).check(z.minLength(1)),
  });
});

/** Validates the file; errors name the field. */
export function parseOncallFile(document: unknown): OncallFile {
  const result = z.safeParse(fileSchema, document);
  if (!result.success) throw new ConfigurationError('invalid on-call configuration', fieldProblems(result.error));
  return result.data;
}

/** Validates the file and builds the configuration. */
export function parseOncallConfig(document: unknown): OncallConfig {
  return compileOncallConfig(parseOncallFile(document));
}
