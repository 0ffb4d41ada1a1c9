import * as z from 'zod/mini';

/**
 * An ISO 8601 duration of fixed length, as milliseconds. Days count as 24 hours
 * and weeks as 7 days; years and months are refused because their length
 * depends on the date they are counted from. At least one component is needed:
 * `P`, `PT` and `P1DT` are not durations.
 */
const ENDS_IN_COMPONENT = /\d[WDHMS]$/i;

/** ISO 8601 durations as luxon reads them: a sign may lead the whole and each component; only seconds take a comma. */
const DURATION =
  /^-?P(?:(?:(-?\d{1,20}(?:\.\d{1,20})?)Y)?(?:(-?\d{1,20}(?:\.\d{1,20})?)M)?(?:(-?\d{1,20}(?:\.\d{1,20})?)W)?(?:(-?\d{1,20}(?:\.\d{1,20})?)D)?(?:T(?:(-?\d{1,20}(?:\.\d{1,20})?)H)?(?:(-?\d{1,20}(?:\.\d{1,20})?)M)?(?:(-?\d{1,20})(?:[.,](-?\d{1,20}))?S)?)?)$/;

/** Milliseconds per week, day, hour, minute, second (days of 24 hours, weeks of 7 days). */
const UNIT_MS = [604_800_000, 86_400_000, 3_600_000, 60_000, 1_000] as const;

export function parseFixedDuration(text: string): number | undefined {
  if (!ENDS_IN_COMPONENT.test(text)) return undefined;
  const m = DURATION.exec(text);
  if (!m) return undefined;
  // Years and months have no fixed length (zero of them is no length at all).
  if ([m[1], m[2]].some((group) => group !== undefined && Number.parseFloat(group) !== 0)) return undefined;
  // A leading `-` turns the sign of every component (the fraction of a second takes the seconds' sign once).
  const negated = text.startsWith('-');
  let ms = 0;
  [m[3], m[4], m[5], m[6], m[7]].forEach((group, i) => {
    if (group !== undefined) ms += (negated ? -1 : 1) * Number.parseFloat(group) * UNIT_MS[i]!;
  });
  if (m[8] !== undefined) {
    const fraction = Math.floor(Number.parseFloat(`0.${m[8]}`) * 1000);
    ms += m[7]!.startsWith('-') || negated ? -fraction : fraction;
  }
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms) : undefined;
}

/**
 * A duration in configuration, as milliseconds (built when it first parses, and marked pure: only configuration
 * reading needs it, and a Lambda function reads no configuration document through a schema).
 */
export const fixedDurationSchema = /* @__PURE__ */ z.lazy(() =>
  z.pipe(
    z.string().check(z.maxLength(64)),
    z.transform((text: string, ctx) => {
      const ms = parseFixedDuration(text);
      if (ms === undefined) {
        ctx.issues.push({ code: 'custom', message: `'${text}' is not a non-negative ISO 8601 duration in weeks, days, hours, minutes or seconds (e.g. PT8H)`, input: text });
        return z.NEVER;
      }
      return ms;
    }),
  ),
);

/** Milliseconds as the shortest ISO 8601 duration in hours, minutes and seconds (`PT7H30M`, `PT0S`). */
export function formatFixedDuration(ms: number): string {
  const seconds = ms / 1000;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round((seconds % 60) * 1000) / 1000;
  const text = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return `PT${text || '0S'}`;
}
