import * as z from 'zod/mini';
import { calendarHistorySchema } from './calendar-history-document.js';
import { ConfigurationError } from './errors.js';
import { type SupportConfiguration, type SupportDirectory, compileSupportDirectory } from './support-directory.js';
import { policySchema } from './support-policy.js';
import { fieldProblems } from './zod-problems.js';

/**
 * The JSON form of the support configuration (config/support.json), validated; support-directory.ts compiles it.
 * The local runtime, the CLI and the tests parse it here; the stack parses it when it is built and hands each Lambda
 * function the result (infra/lambda-bundling.ts), so no function bundle holds these schemas.
 */
/** The document's schema: built when the configuration is first parsed (once per process), never at import; pure. */
const supportConfigSchema = /* @__PURE__ */ z.lazy(() => {
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

/** Validates the document; errors name the field. */
export function parseSupportConfig(input: unknown): SupportConfiguration {
  const result = supportConfigSchema.safeParse(input);
  if (!result.success) throw new ConfigurationError('invalid support configuration', fieldProblems(result.error));
  return result.data;
}

/** Validates the document and builds the directory. */
export function parseSupportDirectory(input: unknown): SupportDirectory {
  return compileSupportDirectory(parseSupportConfig(input));
}
