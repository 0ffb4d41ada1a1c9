import * as z from 'zod/mini';
import { ENVIRONMENTS, IMPACTS, REQUEST_TYPES } from '../domain/policy-terms.js';
import { caseSecret } from './case-schemas.js';
import { lineText, multilineText } from './text-fields.js';

const secret = caseSecret();

/** POST /cases: a new case. */
export const openCaseBodySchema = z.strictObject({
  title: lineText(200),
  description: multilineText(20_000, 0),
  requestType: z.enum(REQUEST_TYPES),
  environment: z.enum(ENVIRONMENTS),
  impact: z.enum(IMPACTS),
  productArea: lineText(100),
  scenario: z.optional(multilineText(20_000, 0)),
  appCredentials: z.optional(secret),
  connectLayer: z.optional(z.strictObject({ type: z.enum(['hosted', 'local']), remoteAccess: z.optional(secret) })),
  contact: z.strictObject({
    name: lineText(200),
    email: z.email().check(z.maxLength(254)),
    phone: z.optional(z.string().check(z.trim(), z.regex(/^\+?[0-9 ().-]{5,30}$/, 'expected a phone number such as +44 20 7946 0000'))),
  }),
  institution: z.optional(lineText(64)),
});
