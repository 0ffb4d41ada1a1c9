import { Duration } from 'luxon';
import * as z from 'zod';

/**
 * An ISO 8601 duration of fixed length, as milliseconds. Days count as 24 hours
 * and weeks as 7 days; years and months are refused because their length
 * depends on the date they are counted from. At least one component is needed:
 * `P`, `PT` and `P1DT` are not durations.
 */
const ENDS_IN_COMPONENT = /\d[WDHMS]$/i;

export function parseFixedDuration(text: string): number | undefined {
  if (!ENDS_IN_COMPONENT.test(text)) return undefined;
  const duration = Duration.fromISO(text);
  if (!duration.isValid) return undefined;
  if (duration.years !== 0 || duration.months !== 0 || duration.quarters !== 0) return undefined;
  const ms = duration.as('milliseconds');
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms) : undefined;
}

export const fixedDurationSchema = z
  .string()
  .max(64)
  .transform((text, ctx) => {
    const ms = parseFixedDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `'${text}' is not a non-negative ISO 8601 duration in weeks, days, hours, minutes or seconds (e.g. PT8H)` });
      return z.NEVER;
    }
    return ms;
  });

/** Milliseconds as the shortest ISO 8601 duration in hours, minutes and seconds (`PT7H30M`, `PT0S`). */
export function formatFixedDuration(ms: number): string {
  const seconds = ms / 1000;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round((seconds % 60) * 1000) / 1000;
  const text = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return `PT${text || '0S'}`;
}
