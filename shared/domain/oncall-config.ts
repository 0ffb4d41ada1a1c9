import * as z from 'zod/mini';
import { parseIsoDate } from './civil-date.js';
import { ConfigurationError } from './errors.js';
import { parseFixedDuration } from './iso-duration.js';
import { parseInstant } from './instant-text.js';
import { type OncallSchedule, ROTA_LAYERS, type PageTarget } from './oncall-rota.js';
import { BIDI_CONTROL, CONTROL_OR_LINE_BREAK, UNPAIRED_SURROGATE } from './plain-text.js';

/**
 * The on-call configuration (config/oncall.json): the paging policy, the
 * schedule that pages, and the schedules the table is seeded with on first use.
 * The schemas here parse the rota API's bodies; oncall-config-document.ts
 * parses the file with the same ones, so the API and the file accept exactly
 * the same rotas.
 */
const oneLine = (max: number) =>
  z.string().check(
    z.refine((text) => !UNPAIRED_SURROGATE.test(text) && !CONTROL_OR_LINE_BREAK.test(text) && !BIDI_CONTROL.test(text), 'must be one line of text without control characters'),
    z.overwrite((text) => text.normalize('NFC').trim()),
    z.minLength(1, 'must not be empty'),
    z.maxLength(max, `must be at most ${max} characters`),
  );

export const scheduleIdSchema = /* @__PURE__ */ z.lazy(() => z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, up to 40')));

/*
 * The rota's schemas are built when first used (z.lazy), not at import, and are marked pure: intake, paging and the
 * canary read this module for the compiled paging policy alone, so their bundles hold none of them.
 */
export const personSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    name: oneLine(100),
    phone: z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +447700900123')),
    email: z.email().check(z.maxLength(254)),
  }),
);

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

const isZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length <= 64;
  } catch {
    return false;
  }
};

/** The fields of a schedule as written in the file and sent to PUT /oncall/schedules/{id} (without id and version). */
export const scheduleBodyShape = () => ({
  name: oneLine(100),
  zone: z.string().check(z.refine(isZone, 'an IANA time zone such as Europe/London')),
  handover: z.strictObject({
    startDate: z.string().check(z.refine((text) => parseIsoDate(text) !== undefined, 'a date YYYY-MM-DD')),
    time: z.string().check(z.regex(HH_MM, 'a local time HH:MM')),
    rotationDays: z._default(z.int().check(z.minimum(1), z.maximum(28)), 7),
  }),
  primary: z.array(personSchema).check(z.minLength(1, 'at least one person'), z.maxLength(50)),
  secondary: z.array(personSchema).check(z.maxLength(50)),
  management: z.array(personSchema).check(z.maxLength(20)),
});

export const scheduleBodySchema = /* @__PURE__ */ z.lazy(() => z.strictObject(scheduleBodyShape()));

export type ScheduleBody = z.output<typeof scheduleBodySchema>;

export function scheduleOf(id: string, body: ScheduleBody, version: number): OncallSchedule {
  const [hours, minutes] = body.handover.time.split(':').map(Number) as [number, number];
  return {
    id,
    name: body.name,
    zone: body.zone,
    handover: { startDate: parseIsoDate(body.handover.startDate)!, time: (hours * 60 + minutes) * 60_000, rotationDays: body.handover.rotationDays },
    primary: body.primary,
    secondary: body.secondary,
    management: body.management,
    version,
  };
}

/** An override's body: instants with an offset, or wall times without one (read in the schedule's zone). */
export const overrideBodySchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({
    schedule: scheduleIdSchema,
    layer: z.enum(ROTA_LAYERS),
    person: personSchema,
    from: z.string().check(z.maxLength(64)),
    to: z.string().check(z.maxLength(64)),
  }),
);

export type OverrideBody = z.output<typeof overrideBodySchema>;

/** The override's instants, in the schedule's zone when written without an offset; problems name the field. */
export function overrideSpan(body: OverrideBody, zone: string): { from: number; to: number } | { problems: { field: string; message: string }[] } {
  const from = parseInstant(body.from, zone);
  const to = parseInstant(body.to, zone);
  const problems = [
    ...(from === undefined ? [{ field: 'from', message: 'an ISO 8601 date-time (with an offset, or local to the schedule)' }] : []),
    ...(to === undefined ? [{ field: 'to', message: 'an ISO 8601 date-time (with an offset, or local to the schedule)' }] : []),
  ];
  if (problems.length > 0 || from === undefined || to === undefined) return { problems };
  if (to <= from) return { problems: [{ field: 'to', message: 'must be after from' }] };
  if (to - from > 90 * 86_400_000) return { problems: [{ field: 'to', message: 'an override covers at most 90 days' }] };
  return { from, to };
}

export interface PageStep {
  readonly notify: PageTarget;
  readonly afterMs: number;
}

export interface PagingPolicy {
  readonly steps: readonly PageStep[];
  readonly ackLinkLifetimeMs: number;
}

export interface OncallConfig {
  readonly policy: PagingPolicy;
  readonly pagingSchedule: string;
  readonly seeds: ReadonlyMap<string, OncallSchedule>;
}

/** The validated file (what oncall-config-document.ts's schema gives): plain JSON data. */
export interface OncallFile {
  readonly policy: { readonly steps: readonly { readonly notify: PageTarget; readonly after: string }[]; readonly ackLinkLifetime: string };
  readonly pagingSchedule: string;
  readonly schedules: readonly (ScheduleBody & { readonly id: string })[];
}

/** Builds the configuration from the validated file (its durations were checked by the schema). */
export function compileOncallConfig(file: OncallFile): OncallConfig {
  const { policy, pagingSchedule, schedules } = file;
  const seeds = new Map(schedules.map(({ id, ...body }) => [id, scheduleOf(id, body, 1)]));
  if (!seeds.has(pagingSchedule)) throw new ConfigurationError('invalid on-call configuration', [{ field: 'pagingSchedule', message: 'names no schedule of the file' }]);
  return {
    policy: { steps: policy.steps.map((s) => ({ notify: s.notify, afterMs: parseFixedDuration(s.after)! })), ackLinkLifetimeMs: parseFixedDuration(policy.ackLinkLifetime)! },
    pagingSchedule,
    seeds,
  };
}

/** What kind of step a step is: the first page, a repeat to the same target, or an escalation to another. */
export function stepKind(policy: PagingPolicy, step: number): 'first' | 'repeat' | 'escalation' {
  if (step <= 1) return 'first';
  return policy.steps[step - 1]?.notify === policy.steps[step - 2]?.notify ? 'repeat' : 'escalation';
}
